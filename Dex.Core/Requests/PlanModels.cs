using System.Text.Json.Serialization;

namespace Dex.Core.Requests;

/// <summary>A person as resolved in the directory.</summary>
public sealed record TargetRef(string Id, string UserPrincipalName, string DisplayName);

/// <summary>A group (or enterprise app) as resolved in the directory, with the facts policy decides on.</summary>
public sealed record GroupRef(string Id, string DisplayName, GroupKind Kind = GroupKind.Group)
{
    /// <summary>Named in the policy's protected groups.</summary>
    public bool Protected { get; init; }

    /// <summary>Role-assignable: membership grants directory roles.</summary>
    public bool RoleAssignable { get; init; }
}

/// <summary>One step of a plan: a catalogue action with every name resolved to a directory object.</summary>
public sealed record PlannedStep
{
    public required int Index { get; init; }
    public required string Action { get; init; }
    public TargetRef? Target { get; init; }
    public IReadOnlyList<TargetRef> Targets { get; init; } = [];
    public GroupRef? Group { get; init; }
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>What this step will do, in words an admin reads on the approval page.</summary>
    public required string Summary { get; init; }

    /// <summary>True when the target, or any one of the bulk targets, is privileged (found during investigation).</summary>
    public bool TargetIsPrivileged { get; init; }

    /// <summary>Who of the targets is privileged and why ("Uma (uma@acme.com): holds User Administrator"), for the plan and approvers.</summary>
    public IReadOnlyList<string> PrivilegedTargets { get; init; } = [];

    /// <summary>Who receives the credential this step generates (UPN), when it generates one.</summary>
    public string? CredentialRecipient { get; init; }

    /// <summary>The credential goes to someone other than the target, the requester or the target's manager (needs approval).</summary>
    public bool CredentialRecipientIsOther { get; init; }

    /// <summary>Current state worth knowing before acting (e.g. "already a member").</summary>
    public string? Observation { get; init; }

    /// <summary>The action only reads the directory (from its catalogue entry).</summary>
    public bool IsReadOnly { get; init; }
}

/// <summary>One choice offered when a name matched several people or groups.</summary>
public sealed record ClarificationChoice(string Id, string Label, string UserPrincipalName, string? Department, string? JobTitle, string? OfficeLocation);

/// <summary>A question Dex asks instead of guessing.</summary>
public sealed record Clarification(string Question, IReadOnlyList<ClarificationChoice> Options, string RawTarget);

/// <summary>The requester as the directory knows them; roles never come from the message text.</summary>
public sealed record RequesterContext(string Id, string UserPrincipalName, string DisplayName, IReadOnlyList<string> DirectoryRoles, IReadOnlyList<string> Groups)
{
    public bool HasAnyRole(IEnumerable<string> roles) => roles.Any(r => DirectoryRoles.Contains(r, StringComparer.OrdinalIgnoreCase));

    public bool InAnyGroup(IEnumerable<string> groups) => groups.Any(g => Groups.Contains(g, StringComparer.OrdinalIgnoreCase));
}

/// <summary>The plan for a request: resolved steps, or the question/problem that stops planning.</summary>
public sealed record Plan
{
    public required RequesterContext Requester { get; init; }
    public IReadOnlyList<PlannedStep> Steps { get; init; } = [];
    public Clarification? Clarification { get; init; }

    /// <summary>Why nothing can be planned (nothing understood, unknown person...), in words for the requester.</summary>
    public string? Problem { get; init; }

    /// <summary>Hash of the steps; an approval is bound to it.</summary>
    public required string Hash { get; init; }

    /// <summary>Where the understanding came from, and any fallback note.</summary>
    public string UnderstoodBy { get; init; } = "rules";

    /// <summary>An answer for a question about Dex itself ("what can you do?"); set only when there are no steps.</summary>
    public string? Answer { get; init; }
}

/// <summary>What policy concluded for a step or a plan.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PolicyOutcome>))]
public enum PolicyOutcome
{
    [JsonStringEnumMemberName("allow")] Allow,
    [JsonStringEnumMemberName("approval_required")] ApprovalRequired,
    [JsonStringEnumMemberName("deny")] Deny,
}

/// <summary>The policy decision for a whole plan.</summary>
public sealed record PolicyDecision
{
    public required PolicyOutcome Outcome { get; init; }
    /// <summary>Approval stages in order; each needs <see cref="ApprovalStage.Quorum"/> approvals from its approvers.</summary>
    public IReadOnlyList<ApprovalStage> Stages { get; init; } = [];
    /// <summary>Each step's facts as policy saw them (recorded in the audit so a candidate policy can be replayed on them).</summary>
    public IReadOnlyList<Policy.StepFacts> Facts { get; init; } = [];

    public IReadOnlyList<string> Reasons { get; init; } = [];
    public TimeSpan Expiry { get; init; } = TimeSpan.FromHours(24);
    public TimeSpan? ReminderEvery { get; init; }
    public TimeSpan? EscalateAfter { get; init; }
    public IReadOnlyList<string> EscalationApprovers { get; init; } = [];
    public bool JustificationRequired { get; init; }

    /// <summary>Approvers must have signed in with MFA (policy <c>approverMfa</c>).</summary>
    public bool ApproverMfa { get; init; }

    public IReadOnlyList<string> Approvers => [.. Stages.SelectMany(s => s.Approvers).Distinct(StringComparer.OrdinalIgnoreCase)];
}

/// <summary>One approval stage: who may approve (UPNs), how many must, and the rule that named them.</summary>
public sealed record ApprovalStage(string Name, IReadOnlyList<string> Approvers, int Quorum, string Basis);
