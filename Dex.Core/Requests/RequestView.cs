using System.Text.Json.Serialization;

namespace Dex.Core.Requests;

/// <summary>The public shape of a request (<c>GET /api/requests/{id}</c>); the orchestration keeps it as its custom status.</summary>
public sealed record RequestView
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("status")] public required RequestStatus Status { get; init; }
    [JsonPropertyName("requester")] public required string Requester { get; init; }
    [JsonPropertyName("text")] public string? Text { get; init; }
    [JsonPropertyName("steps")] public IReadOnlyList<StepView> Steps { get; init; } = [];
    [JsonPropertyName("decision")] public DecisionView? Decision { get; init; }
    [JsonPropertyName("approvals")] public IReadOnlyList<ApprovalView> Approvals { get; init; } = [];
    [JsonPropertyName("clarification")] public ClarificationView? Clarification { get; init; }
    [JsonPropertyName("reply")] public string? Reply { get; init; }
    [JsonPropertyName("planHash")] public string? PlanHash { get; init; }
    [JsonPropertyName("expiresAt")] public DateTimeOffset? ExpiresAt { get; init; }
    [JsonPropertyName("updatedAt")] public DateTimeOffset? UpdatedAt { get; init; }
}

public sealed record StepView
{
    [JsonPropertyName("action")] public required string Action { get; init; }
    [JsonPropertyName("target")] public TargetView? Target { get; init; }
    [JsonPropertyName("targets")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<TargetView>? Targets { get; init; }
    [JsonPropertyName("parameters")] public IReadOnlyDictionary<string, object> Parameters { get; init; } = new Dictionary<string, object>();
    [JsonPropertyName("summary")] public string? Summary { get; init; }
    [JsonPropertyName("status")] public string Status { get; init; } = "pending";
    [JsonPropertyName("result")] public string? Result { get; init; }
    [JsonPropertyName("items")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<StepItemResult>? Items { get; init; }

    /// <summary>Who receives the credential the step generates (shown on the plan and the approval page).</summary>
    [JsonPropertyName("credentialRecipient")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? CredentialRecipient { get; init; }

    /// <summary>Which targets are privileged and why.</summary>
    [JsonPropertyName("privilegedTargets")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? PrivilegedTargets { get; init; }
}

public sealed record TargetView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("userPrincipalName")] string UserPrincipalName,
    [property: JsonPropertyName("displayName")] string DisplayName);

public sealed record DecisionView(
    [property: JsonPropertyName("outcome")] PolicyOutcome Outcome,
    [property: JsonPropertyName("approvers")] IReadOnlyList<string> Approvers,
    [property: JsonPropertyName("reasons")] IReadOnlyList<string> Reasons,
    [property: JsonPropertyName("quorum")] int Quorum = 1,
    [property: JsonPropertyName("stages")] IReadOnlyList<StageView>? Stages = null,
    [property: JsonPropertyName("approverMfa")] bool ApproverMfa = false);

public sealed record StageView(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("approvers")] IReadOnlyList<string> Approvers,
    [property: JsonPropertyName("quorum")] int Quorum,
    [property: JsonPropertyName("basis")] string Basis);

public sealed record ApprovalView(
    [property: JsonPropertyName("approver")] string Approver,
    [property: JsonPropertyName("decision")] string Decision,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("comment")] string? Comment = null,
    [property: JsonPropertyName("stage")] string? Stage = null);

public sealed record ClarificationView(
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("options")] IReadOnlyList<string> Options,
    [property: JsonPropertyName("choices")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ClarificationChoiceView>? Choices = null);

/// <summary>One option of an open question with the details a reply may name ("the one in Sales"); intake reads them to tell an answer from a new request.</summary>
public sealed record ClarificationChoiceView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("displayName")] string DisplayName,
    [property: JsonPropertyName("userPrincipalName")] string UserPrincipalName,
    [property: JsonPropertyName("department")] string? Department,
    [property: JsonPropertyName("jobTitle")] string? JobTitle,
    [property: JsonPropertyName("officeLocation")] string? OfficeLocation);

/// <summary>Per-item outcome of a bulk step (e.g. one user of a bulk unlock).</summary>
public sealed record StepItemResult(
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string Message);

public static class Views
{
    public static TargetView? Of(TargetRef? t) => t is null ? null : new TargetView(t.Id, t.UserPrincipalName, t.DisplayName);

    public static StepView Of(PlannedStep s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var parameters = new Dictionary<string, object>(StringComparer.Ordinal);
        var entry = Actions.ActionCatalogue.BuiltIn.Find(s.Action)?.Entry;
        foreach (var (k, v) in s.Parameters)
        {
            // What planning keeps for execution (ids, content types) is not for the requester's or approver's eyes.
            if (entry?.InternalParameters.Contains(k) != true)
            {
                parameters[k] = v;
            }
        }

        if (s.Group is not null)
        {
            parameters[s.Group.Kind == GroupKind.App ? "app" : "group"] = new Dictionary<string, string> { ["id"] = s.Group.Id, ["displayName"] = s.Group.DisplayName };
        }

        if (s.Fields.Count > 0)
        {
            parameters[entry?.PublicFieldsKey ?? "fields"] = s.Fields;
        }

        return new StepView
        {
            Action = s.Action,
            Target = Of(s.Target),
            Targets = s.Targets.Count > 0 ? [.. s.Targets.Select(t => Of(t)!)] : null,
            Parameters = parameters,
            Summary = s.Summary,
            CredentialRecipient = s.CredentialRecipient,
            PrivilegedTargets = s.PrivilegedTargets.Count > 0 ? s.PrivilegedTargets : null,
        };
    }

    public static DecisionView Of(PolicyDecision d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new DecisionView(
            d.Outcome,
            d.Approvers,
            d.Reasons,
            d.Stages.Count == 0 ? 0 : d.Stages[0].Quorum,
            d.Stages.Count == 0 ? null : [.. d.Stages.Select(s => new StageView(s.Name, s.Approvers, s.Quorum, s.Basis))],
            d.ApproverMfa);
    }
}
