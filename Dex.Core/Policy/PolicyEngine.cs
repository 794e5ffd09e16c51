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

    /// <summary>Which targets are privileged and why (named in the reasons approvers read).</summary>
    public IReadOnlyList<string> PrivilegedTargets { get; init; } = [];

    /// <summary>A generated credential goes to someone other than the target, the requester or the target's manager.</summary>
    public bool CredentialRecipientIsOther { get; init; }

    /// <summary>Who receives the generated credential, when there is one.</summary>
    public string? CredentialRecipient { get; init; }

    /// <summary>Profile fields the step changes (Graph property names).</summary>
    public IReadOnlyList<string> ChangedFields { get; init; } = [];

    /// <summary>Licence SKUs (part numbers) the step assigns; policy may always require approval for some.</summary>
    public IReadOnlyList<string> Skus { get; init; } = [];

    /// <summary>Licence seats the step assigns (bulk assignment is limited per request by policy).</summary>
    public int Seats { get; init; }
}

/// <summary>Policy's verdict on one step, before approvers are looked up.</summary>
public sealed record StepVerdict(PolicyOutcome Outcome, IReadOnlyList<string> Reasons, IReadOnlyList<StagePolicy> Stages, ApprovalSettings Settings, bool RequireJustification);

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

        // Employees change only fields that grant nothing about themselves; department and job title feed dynamic groups and Conditional Access.
        if (facts.IsSelf && facts.Action == DexActions.UpdateUserProfile
            && facts.ChangedFields.Where(f => !policy.Guardrails.SelfServiceFields.Contains(f, StringComparer.OrdinalIgnoreCase)).ToList() is { Count: > 0 } restricted
            && !InSet(requester, policy.Guardrails.ProfileEditors))
        {
            return Deny($"Changing your own {string.Join(" and ", restricted.Select(FieldValidation.Label))} needs an admin or HR role; ask your IT or HR team.");
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

        var settings = Merge(policy.Defaults, rule.Approval);

        // Guardrail: a credential for someone else than the target, the requester or the manager is always approved first.
        if (facts.CredentialRecipientIsOther)
        {
            var stages0 = rule.Approval.Stages.Where(s => s.When is null || s.When.Any(holding.Contains)).ToList() is { Count: > 0 } some ? some : [.. rule.Approval.Stages];
            return stages0.Count == 0
                ? Deny($"{facts.Action}: the credential would go to {facts.CredentialRecipient}, who is not the target, you or the target's manager, and policy names no approvers for that.")
                : new StepVerdict(PolicyOutcome.ApprovalRequired, [$"{facts.Action}: approval required (the credential goes to {facts.CredentialRecipient}, who is not the target, the requester or the target's manager)."],
                    stages0, settings, rule.Approval.RequireJustification);
        }

        var required = rule.Approval.When.Any(holding.Contains);
        if (!required)
        {
            return new StepVerdict(PolicyOutcome.Allow, [$"{facts.Action}: allowed by policy."], [], settings, false);
        }

        if (requester.HasAnyRole(rule.Approval.ExemptRoles))
        {
            return new StepVerdict(PolicyOutcome.Allow, [$"{facts.Action}: no approval needed for your role."], [], settings, false);
        }

        var stages = rule.Approval.Stages.Where(s => s.When is null || s.When.Any(holding.Contains)).ToList();
        if (stages.Count == 0)
        {
            stages = [.. rule.Approval.Stages];
        }

        var why = string.Join(", ", rule.Approval.When.Where(holding.Contains).Select(Describe));
        if (facts.TargetPrivileged && facts.PrivilegedTargets.Count > 0 && rule.Approval.When.Contains(ApprovalConditions.PrivilegedTarget))
        {
            why += $": {string.Join(" · ", facts.PrivilegedTargets)}";
        }

        return new StepVerdict(PolicyOutcome.ApprovalRequired, [$"{facts.Action}: approval required ({why})."], stages, settings, rule.Approval.RequireJustification);
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

        if (f.CredentialRecipientIsOther)
        {
            set.Add(ApprovalConditions.OtherCredentialRecipient);
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
        ApprovalConditions.OtherCredentialRecipient => "the credential goes to someone other than the target, the requester or the manager",
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

    private static bool InSet(RequesterContext requester, PrincipalSet set)
        => requester.HasAnyRole(set.Roles) || requester.InAnyGroup(set.Groups) || set.Users.Contains(requester.UserPrincipalName, StringComparer.OrdinalIgnoreCase);

    private static StepVerdict Deny(string reason) => new(PolicyOutcome.Deny, [reason], [], new ApprovalSettings(), false);
}
