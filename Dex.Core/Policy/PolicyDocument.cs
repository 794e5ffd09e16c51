using System.Text.Json.Serialization;

namespace Dex.Core.Policy;

/// <summary>The policy admins edit (<c>Dex:Policy:Path</c>; the built-in default is <c>Policy/default-policy.json</c>).</summary>
public sealed record PolicyDocument
{
    [JsonPropertyName("version")] public int Version { get; init; } = 1;

    /// <summary>Groups whose membership changes always need approval (besides role-assignable groups).</summary>
    [JsonPropertyName("protectedGroups")] public IReadOnlyList<string> ProtectedGroups { get; init; } = [];

    [JsonPropertyName("defaults")] public PolicyDefaults Defaults { get; init; } = new();

    /// <summary>Offboarding settings (issue 16); null = none.</summary>
    [JsonPropertyName("offboarding")] public OffboardingPolicy? Offboarding { get; init; }

    /// <summary>Per catalogue action. An action missing here is disabled.</summary>
    [JsonPropertyName("actions")] public IReadOnlyDictionary<string, ActionPolicy> Actions { get; init; } = new Dictionary<string, ActionPolicy>();

    /// <summary>When an approver's sign-in must have carried MFA (step-up). On by default.</summary>
    [JsonPropertyName("approverMfa")] public ApproverMfaPolicy ApproverMfa { get; init; } = new();

    /// <summary>Which roles count as privileged, which profile fields are self-service (defaults apply when absent).</summary>
    [JsonPropertyName("guardrails")] public GuardrailPolicy Guardrails { get; init; } = new();

    /// <summary>Licence rules: SKUs that always need approval, a seat limit per request, a default usage location.</summary>
    [JsonPropertyName("licenses")] public LicensePolicy Licenses { get; init; } = new();
}

/// <summary>What licence actions are held to beyond their action entries.</summary>
public sealed record LicensePolicy
{
    /// <summary>SKUs (part numbers, e.g. SPE_E5, Microsoft_365_Copilot) whose assignment always needs approval (condition <c>approvalSku</c>).</summary>
    [JsonPropertyName("approvalSkus")] public IReadOnlyList<string> ApprovalSkus { get; init; } = [];

    /// <summary>At most this many seats in one request (bulk assignment); null for no limit.</summary>
    [JsonPropertyName("maxSeatsPerRequest")] public int? MaxSeatsPerRequest { get; init; }

    /// <summary>Two-letter usage location set on users who have none before a licence is assigned; null to ask instead.</summary>
    [JsonPropertyName("defaultUsageLocation")] public string? DefaultUsageLocation { get; init; }
}

/// <summary>Step-up for approvers: their Entra sign-in must carry <c>mfa</c> in <c>amr</c> for these plans.</summary>
public sealed record ApproverMfaPolicy
{
    [JsonPropertyName("enabled")] public bool Enabled { get; init; } = true;

    [JsonPropertyName("actions")] public IReadOnlyList<string> Actions { get; init; } = ["mfa_reset", "password_reset", "create_user"];

    /// <summary>Also for any step whose target holds a privileged role.</summary>
    [JsonPropertyName("privilegedTargets")] public bool PrivilegedTargets { get; init; } = true;
}

public sealed record ActionPolicy
{
    [JsonPropertyName("enabled")] public bool Enabled { get; init; } = true;

    /// <summary>Employees may ask for this about themselves.</summary>
    [JsonPropertyName("selfService")] public bool SelfService { get; init; }

    /// <summary>Anyone may ask (read-only actions with no user target, e.g. list a group's members).</summary>
    [JsonPropertyName("anyone")] public bool Anyone { get; init; }

    /// <summary>Who may ask on behalf of others (directory roles or groups).</summary>
    [JsonPropertyName("onBehalf")] public PrincipalSet OnBehalf { get; init; } = new();

    [JsonPropertyName("approval")] public ApprovalPolicy Approval { get; init; } = new();

    /// <summary>When the requester must say "yes" to the plan before approval and execution (see <see cref="ConfirmConditions"/>); null: <c>defaults.confirm</c>.</summary>
    [JsonPropertyName("confirm")] public IReadOnlyList<string>? Confirm { get; init; }

    /// <summary>Time-bound grants (grant_access): default and longest duration, when a duration is required, reminders.</summary>
    [JsonPropertyName("timeBound")] public TimeBoundPolicy? TimeBound { get; init; }
}

/// <summary>How long access may be given for; per action, with per-group overrides under <see cref="Groups"/>.</summary>
public sealed record TimeBoundPolicy
{
    /// <summary>Used when the request names no duration (TimeSpan text, e.g. "08:00:00").</summary>
    [JsonPropertyName("defaultDuration")] public TimeSpan? DefaultDuration { get; init; }

    /// <summary>The longest a grant may last in total, extensions included.</summary>
    [JsonPropertyName("maxDuration")] public TimeSpan? MaxDuration { get; init; }

    /// <summary>When a grant must be time-bound: always, protectedGroup, roleAssignableGroup (empty: never).</summary>
    [JsonPropertyName("requireDuration")] public IReadOnlyList<string>? RequireDuration { get; init; }

    /// <summary>How long before the end the grantee is reminded (default 1 day and 1 hour).</summary>
    [JsonPropertyName("reminders")] public IReadOnlyList<TimeSpan>? Reminders { get; init; }

    /// <summary>Also remind the request's approvers.</summary>
    [JsonPropertyName("remindApprovers")] public bool? RemindApprovers { get; init; }

    /// <summary>Overrides by group (or app) display name.</summary>
    [JsonPropertyName("groups")] public IReadOnlyDictionary<string, TimeBoundPolicy> Groups { get; init; } = new Dictionary<string, TimeBoundPolicy>();
}

/// <summary>A set of people named by directory role, group, or UPN.</summary>
public sealed record PrincipalSet
{
    [JsonPropertyName("roles")] public IReadOnlyList<string> Roles { get; init; } = [];
    [JsonPropertyName("groups")] public IReadOnlyList<string> Groups { get; init; } = [];
    [JsonPropertyName("users")] public IReadOnlyList<string> Users { get; init; } = [];
}

public static class ApprovalConditions
{
    public const string Never = "never";
    public const string Always = "always";
    public const string OnBehalf = "onBehalf";
    public const string Self = "self";
    public const string PrivilegedTarget = "privilegedTarget";
    public const string ProtectedGroup = "protectedGroup";
    public const string RoleAssignableGroup = "roleAssignableGroup";
    public const string ApprovalSku = "approvalSku";

    /// <summary>A generated credential goes to someone other than the target, the requester or the target's manager.</summary>
    public const string OtherCredentialRecipient = "otherCredentialRecipient";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Never, Always, OnBehalf, Self, PrivilegedTarget, ProtectedGroup, RoleAssignableGroup, OtherCredentialRecipient, ApprovalSku,
    };
}

public sealed record ApprovalPolicy : ApprovalSettings
{
    /// <summary>When approval is required: any of the conditions (never, always, onBehalf, self, privilegedTarget, protectedGroup, roleAssignableGroup, approvalSku).</summary>
    [JsonPropertyName("when")] public IReadOnlyList<string> When { get; init; } = [ApprovalConditions.Never];

    /// <summary>Requesters holding one of these roles need no approval.</summary>
    [JsonPropertyName("exemptRoles")] public IReadOnlyList<string> ExemptRoles { get; init; } = [];

    /// <summary>Approval stages, in order.</summary>
    [JsonPropertyName("stages")] public IReadOnlyList<StagePolicy> Stages { get; init; } = [];

    [JsonPropertyName("requireJustification")] public bool RequireJustification { get; init; }
}

/// <summary>Approval settings every action inherits, and when a write waits for the requester's confirmation.</summary>
public sealed record PolicyDefaults : ApprovalSettings
{
    /// <summary>Default for actions without their own <c>confirm</c>: every write on someone else, and every bulk step.</summary>
    [JsonPropertyName("confirm")] public IReadOnlyList<string> Confirm { get; init; } = ConfirmConditions.Default;

    /// <summary>How long a plan waits for the requester's "yes" (at most a day; default a day).</summary>
    [JsonPropertyName("confirmExpiry")] public TimeSpan? ConfirmExpiry { get; init; }
}

public record ApprovalSettings
{
    /// <summary>How long approvers have (TimeSpan text, e.g. "1.00:00:00").</summary>
    [JsonPropertyName("expiry")] public TimeSpan? Expiry { get; init; }
    [JsonPropertyName("reminderEvery")] public TimeSpan? ReminderEvery { get; init; }
    [JsonPropertyName("escalateAfter")] public TimeSpan? EscalateAfter { get; init; }
    [JsonPropertyName("escalationApprovers")] public ApproverSpec? EscalationApprovers { get; init; }
}

public sealed record StagePolicy
{
    [JsonPropertyName("name")] public string Name { get; init; } = "Approval";
    [JsonPropertyName("approvers")] public ApproverSpec Approvers { get; init; } = new();
    [JsonPropertyName("quorum")] public int Quorum { get; init; } = 1;

    /// <summary>Optional: the stage applies only under these conditions (same words as approval.when).</summary>
    [JsonPropertyName("when")] public IReadOnlyList<string>? When { get; init; }
}

/// <summary>Who approves: roles, groups, users, the target's manager, the group's owners, discovered approver groups.</summary>
public sealed record ApproverSpec
{
    [JsonPropertyName("roles")] public IReadOnlyList<string> Roles { get; init; } = [];
    [JsonPropertyName("groups")] public IReadOnlyList<string> Groups { get; init; } = [];
    [JsonPropertyName("users")] public IReadOnlyList<string> Users { get; init; } = [];
    [JsonPropertyName("manager")] public bool Manager { get; init; }
    [JsonPropertyName("groupOwners")] public bool GroupOwners { get; init; }
    [JsonPropertyName("discovered")] public bool Discovered { get; init; }

    /// <summary>Role approvers include people PIM-eligible for the role, not only its active holders (eligible admins are usually most of them).</summary>
    [JsonPropertyName("includeEligible")] public bool IncludeEligible { get; init; }

    public string Describe()
    {
        var parts = new List<string>();
        parts.AddRange(Roles.Select(r => IncludeEligible ? $"role {r} (active or eligible)" : $"role {r}"));
        parts.AddRange(Groups.Select(g => $"group {g}"));
        parts.AddRange(Users);
        if (Manager)
        {
            parts.Add("the target's manager");
        }

        if (GroupOwners)
        {
            parts.Add("the group's owners");
        }

        if (Discovered)
        {
            parts.Add("discovered approver groups");
        }

        return string.Join(", ", parts);
    }
}

/// <summary>Policy for offboard_user beyond who may ask and who approves.</summary>
public sealed record OffboardingPolicy
{
    /// <summary>Delete offboarded accounts this many days later unless the request says otherwise; null = never.</summary>
    [JsonPropertyName("deleteAfterDays")] public double? DeleteAfterDays { get; init; }
}
