using Dex.Core.Requests;

namespace Dex.Core.Policy;

/// <summary>The words of <c>confirm</c> (per action, default in <c>defaults.confirm</c>): when Dex shows the plan and waits for "yes".</summary>
public static class ConfirmConditions
{
    public const string Never = "never";
    public const string Always = "always";

    /// <summary>The write is on someone other than the requester (or creates someone).</summary>
    public const string OnBehalf = "onBehalf";

    /// <summary>The write is on the requester themself.</summary>
    public const string Self = "self";

    /// <summary>The step acts on a list of people.</summary>
    public const string Bulk = "bulk";

    public static readonly IReadOnlyList<string> Default = [OnBehalf, Bulk];

    /// <summary>How long a plan waits for the requester's confirmation, by default and at most.</summary>
    public static readonly TimeSpan MaxExpiry = TimeSpan.FromDays(1);

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Never, Always, OnBehalf, Self, Bulk };
}

/// <summary>
/// Which steps of a plan need the requester's confirmation before approval and execution. Pure: the same plan and policy
/// always give the same answer. Read-only steps never ask.
/// </summary>
public static class ConfirmationRule
{
    /// <summary>One line per step that asks (its summary), empty when the plan goes ahead without asking.</summary>
    public static IReadOnlyList<string> StepsToConfirm(PolicyDocument policy, Plan plan, IReadOnlyList<StepFacts> facts)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(facts);
        var lines = new List<string>();
        for (var i = 0; i < plan.Steps.Count && i < facts.Count; i++)
        {
            var step = plan.Steps[i];
            if (step.IsReadOnly)
            {
                continue;
            }

            var words = policy.Actions.TryGetValue(step.Action, out var rule) && rule.Confirm is { } own ? own : policy.Defaults.Confirm;
            if (words.Any(Holding(step, facts[i]).Contains))
            {
                lines.Add(step.Summary);
            }
        }

        return lines;
    }

    private static HashSet<string> Holding(PlannedStep step, StepFacts facts)
    {
        var set = new HashSet<string>(StringComparer.Ordinal) { ConfirmConditions.Always };
        set.Add(facts.IsSelf ? ConfirmConditions.Self : ConfirmConditions.OnBehalf);
        if (step.Targets.Count > 0)
        {
            set.Add(ConfirmConditions.Bulk);
        }

        return set;
    }

    /// <summary>Checks the words of one <c>confirm</c> list; the problem in words, or null.</summary>
    public static string? Validate(IReadOnlyList<string>? words, string at)
    {
        if (words is null)
        {
            return null;
        }

        if (words.Count == 0)
        {
            return $"{at} must list at least one condition (use \"never\").";
        }

        return words.FirstOrDefault(w => !ConfirmConditions.All.Contains(w)) is { } unknown
            ? $"{at} has unknown condition '{unknown}' (known: {string.Join(", ", ConfirmConditions.All)})."
            : null;
    }
}
