using Dex.Core.Actions;
using Dex.Core.Directory;
using Dex.Core.Requests;

namespace Dex.Core.Policy;

/// <summary>Facts about one planned step that policy decides on (found in the directory, never taken from the text).</summary>
public sealed record StepFacts(
    string Action,
    bool HasUserTarget,
    bool IsSelf,
    bool TargetPrivileged = false,
    bool GroupProtected = false,
    bool GroupRoleAssignable = false)
{
    /// <summary>The action's guardrail for privileged targets (from its catalogue entry).</summary>
    public PrivilegedTargetRule PrivilegedTarget { get; init; } = ActionCatalogue.BuiltIn.Find(Action)?.Entry.PrivilegedTarget ?? PrivilegedTargetRule.Allowed;

    /// <summary>Licence SKUs (part numbers) the step assigns; policy may always require approval for some.</summary>
    public IReadOnlyList<string> Skus { get; init; } = [];

    /// <summary>Licence seats the step assigns (bulk assignment is limited per request by policy).</summary>
    public int Seats { get; init; }
}

/// <summary>Policy's verdict on one step, before approvers are looked up.</summary>
public sealed record StepVerdict(string Outcome, IReadOnlyList<string> Reasons, IReadOnlyList<StagePolicy> Stages, ApprovalSettings Settings, bool RequireJustification);

/// <summary>
/// Evaluates the policy document for one step. Pure: the same facts always give the same verdict.
/// The guardrails at the top hold whatever the policy file says.
/// </summary>
public static class PolicyEngine
{
    private static readonly string[] PrivilegedCredentialAdmins = [PrivilegedRoles.GlobalAdministrator, PrivilegedRoles.PrivilegedAuthenticationAdministrator];

    public static StepVerdict Evaluate(PolicyDocument policy, RequesterContext requester, StepFacts facts)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(requester);
        ArgumentNullException.ThrowIfNull(facts);

        if (!policy.Actions.TryGetValue(facts.Action, out var rule) || !rule.Enabled)
        {
            return Deny($"{facts.Action} is turned off by your organisation's Dex policy.");
        }

        if (policy.Licenses.MaxSeatsPerRequest is { } maxSeats && facts.Seats > maxSeats)
        {
            return Deny($"{facts.Action}: this request assigns {facts.Seats} licence seats; your organisation's policy allows at most {maxSeats} per request. Split the list into smaller requests.");
        }

        // Guardrails: not configurable.
        if (facts.PrivilegedTarget is PrivilegedTargetRule.Never && facts.TargetPrivileged)
        {
            return Deny("MFA is never reset by Dex for holders of privileged admin roles; use a break-glass process.");
        }

        if (facts.PrivilegedTarget is PrivilegedTargetRule.CredentialAdminsOnly && facts.TargetPrivileged && !facts.IsSelf
            && !requester.HasAnyRole(PrivilegedCredentialAdmins))
        {
            return Deny("Credentials of privileged admins can only be changed by a Global or Privileged Authentication Administrator.");
        }

        var mayRequest =
            (facts.IsSelf && rule.SelfService)
            || (!facts.HasUserTarget && rule.Anyone)
            || requester.HasAnyRole(rule.OnBehalf.Roles)
            || requester.InAnyGroup(rule.OnBehalf.Groups)
            || rule.OnBehalf.Users.Contains(requester.UserPrincipalName, StringComparer.OrdinalIgnoreCase);
        if (!mayRequest)
        {
            return Deny(facts.IsSelf || !facts.HasUserTarget
                ? $"{facts.Action} needs an IT admin role; you can ask your IT team."
                : $"{facts.Action} on someone else needs an IT admin role; employees can only do this for themselves.");
        }

        var holding = Conditions(facts);
        if (facts.Skus.Any(s => policy.Licenses.ApprovalSkus.Contains(s, StringComparer.OrdinalIgnoreCase)))
        {
            holding.Add(ApprovalConditions.ApprovalSku);
        }
        var required = rule.Approval.When.Any(holding.Contains);
        var settings = Merge(policy.Defaults, rule.Approval);
        if (!required)
        {
            return new StepVerdict(PolicyOutcomes.Allow, [$"{facts.Action}: allowed by policy."], [], settings, false);
        }

        if (requester.HasAnyRole(rule.Approval.ExemptRoles))
        {
            return new StepVerdict(PolicyOutcomes.Allow, [$"{facts.Action}: no approval needed for your role."], [], settings, false);
        }

        var stages = rule.Approval.Stages.Where(s => s.When is null || s.When.Any(holding.Contains)).ToList();
        if (stages.Count == 0)
        {
            stages = [.. rule.Approval.Stages];
        }

        var why = string.Join(", ", rule.Approval.When.Where(holding.Contains).Select(Describe));
        return new StepVerdict(PolicyOutcomes.ApprovalRequired, [$"{facts.Action}: approval required ({why})."], stages, settings, rule.Approval.RequireJustification);
    }

    internal static HashSet<string> Conditions(StepFacts f)
    {
        var set = new HashSet<string>(StringComparer.Ordinal) { ApprovalConditions.Always };
        if (f.HasUserTarget && !f.IsSelf)
        {
            set.Add(ApprovalConditions.OnBehalf);
        }

        if (f.IsSelf)
        {
            set.Add(ApprovalConditions.Self);
        }

        if (f.TargetPrivileged)
        {
            set.Add(ApprovalConditions.PrivilegedTarget);
        }

        if (f.GroupProtected)
        {
            set.Add(ApprovalConditions.ProtectedGroup);
        }

        if (f.GroupRoleAssignable)
        {
            set.Add(ApprovalConditions.RoleAssignableGroup);
        }

        return set;
    }

    private static string Describe(string condition) => condition switch
    {
        ApprovalConditions.Always => "always for this action",
        ApprovalConditions.OnBehalf => "on behalf of someone else",
        ApprovalConditions.Self => "self-service request",
        ApprovalConditions.PrivilegedTarget => "the target holds a privileged role",
        ApprovalConditions.ProtectedGroup => "the group is protected",
        ApprovalConditions.RoleAssignableGroup => "the group is role-assignable",
        ApprovalConditions.ApprovalSku => "this licence always needs approval",
        _ => condition,
    };

    private static ApprovalSettings Merge(ApprovalSettings defaults, ApprovalSettings action) => new()
    {
        Expiry = action.Expiry ?? defaults.Expiry ?? TimeSpan.FromHours(24),
        ReminderEvery = action.ReminderEvery ?? defaults.ReminderEvery,
        EscalateAfter = action.EscalateAfter ?? defaults.EscalateAfter,
        EscalationApprovers = action.EscalationApprovers ?? defaults.EscalationApprovers,
    };

    private static StepVerdict Deny(string reason) => new(PolicyOutcomes.Deny, [reason], [], new ApprovalSettings(), false);
}
