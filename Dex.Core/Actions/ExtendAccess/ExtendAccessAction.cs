using System.Globalization;
using Dex.Core.Grants;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.ExtendAccess;

/// <summary>
/// extend_access: moves the end of a live time-bound grant. A new request through policy; the grant's total length
/// (from when it was given, extensions included) stays within the policy's <c>maxDuration</c>.
/// </summary>
public sealed class ExtendAccessAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.ExtendAccess,
        Description = "Extend a user's live temporary (time-bound) access to a group or app by a time, or until a time.",
        Parameters =
        [
            new("group", "Group display name of the temporary access, as written."),
            new("app", "Enterprise app name of the temporary access, as written."),
            new(GrantStep.DurationKey, "By how long or until when, as written: \"for 4 hours\", \"until Friday 17:00\"."),
        ],
    };

    public override string? Validate(IntendedStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Parameters.ContainsKey(GrantStep.DurationKey) ? null : "extend_access needs a duration";
    }

    public override async Task<StepPlan> PlanAsync(StepPlanning planning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planning);
        var phrase = planning.Parameters.GetValueOrDefault(GrantStep.DurationKey) ?? string.Empty;
        planning.Parameters.Remove(GrantStep.DurationKey);
        var (step, grant, problem) = await GrantLookup.FindAsync(planning, cancellationToken);
        if (step is null || grant is not { EndsAt: { } ends, GrantedAt: { } granted })
        {
            return StepPlan.Fail(problem ?? "That temporary access is not live.");
        }

        var now = planning.Time.GetUtcNow();
        var zone = GrantZones.Find(grant.TimeZone) ?? TimeZoneInfo.Utc;
        if (GrantDurations.Resolve(phrase, now, zone) is not { } time)
        {
            return StepPlan.Fail($"I couldn't read \"{phrase}\" as a time; say e.g. \"by 4 hours\" or \"until Friday 17:00\".");
        }

        var newEnd = time.Length is { } by ? ends + by : time.EndsAt!.Value;
        if (newEnd <= ends)
        {
            return StepPlan.Fail($"That access already lasts until {GrantDurations.Local(ends, zone)}.");
        }

        var max = GrantTerms.For(planning.Policy, step.Group!).MaxDuration ?? grant.MaxDuration;
        if (max is { } cap && newEnd - granted > cap)
        {
            var room = granted + cap - ends;
            return StepPlan.Fail($"Access to \"{grant.ResourceName}\" can last at most {GrantDurations.Describe(cap)} in total"
                + (room > TimeSpan.FromMinutes(1) ? $"; it can be extended by at most {GrantDurations.Describe(room)}." : ", and it has reached that: ask for it again when it ends."));
        }

        return StepPlan.Ok(step with
        {
            Parameters = new Dictionary<string, string>(step.Parameters, StringComparer.Ordinal)
            {
                [GrantStep.UntilKey] = newEnd.ToString("O", CultureInfo.InvariantCulture),
                ["extendBy"] = GrantDurations.Describe(newEnd - ends),
            },
        });
    }

    public override string Describe(PlannedStep step, bool self)
    {
        ArgumentNullException.ThrowIfNull(step);
        var zone = GrantZones.Find(step.Parameters.GetValueOrDefault(GrantStep.TimeZoneKey)) ?? TimeZoneInfo.Utc;
        var until = GrantStep.Until(step) is { } u ? $", until {GrantDurations.Local(u, zone)}" : string.Empty;
        return $"Extend the temporary access of {Who(step, self)} to {GroupName(step)} by {step.Parameters.GetValueOrDefault("extendBy")}{until}";
    }

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var target = StepExecution.RequireTarget(step);
        var grantId = step.Parameters.GetValueOrDefault(GrantLookup.GrantIdKey) ?? throw new Directory.DirectoryException("extend_access needs a grant.", 400);
        var until = GrantStep.Until(step) ?? throw new Directory.DirectoryException("extend_access needs an end.", 400);
        var (ok, message, _) = await execution.Grants.ExtendAsync(grantId, until, execution.RequestId, cancellationToken);
        var whose = execution.IsSelf(target) ? "Your" : $"{target.DisplayName}'s";
        return ok ? StepExecution.Ok(step, $"{whose} {message}") : new StepOutcome(step.Index, StepStatus.Failed, message);
    }
}
