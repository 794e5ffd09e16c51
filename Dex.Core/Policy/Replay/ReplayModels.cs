using System.Text.Json.Serialization;
using Dex.Core.Requests;

namespace Dex.Core.Policy.Replay;

/// <summary>
/// What policy decided on, recorded with each audited decision (appended to the <c>policy_decision</c> entry): the requester's
/// directory roles and groups and each step's facts as found in the directory. Replay re-evaluates these, never the text.
/// </summary>
public sealed record DecisionFacts(
    [property: JsonPropertyName("requester")] string Requester,
    [property: JsonPropertyName("roles")] IReadOnlyList<string> Roles,
    [property: JsonPropertyName("groups")] IReadOnlyList<string> Groups,
    [property: JsonPropertyName("steps")] IReadOnlyList<StepFacts> Steps,
    [property: JsonPropertyName("stages")] IReadOnlyList<ReplayStage> Stages,
    [property: JsonPropertyName("stepGroups")] IReadOnlyList<string?>? StepGroups = null)
{
    /// <summary>Marks the facts inside the entry's details.</summary>
    public const string Marker = " | facts=";
}

/// <summary>One approval stage as policy names it: who (the basis), how many.</summary>
public sealed record ReplayStage(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("basis")] string Basis,
    [property: JsonPropertyName("quorum")] int Quorum);

public sealed record ReplayDecision(
    [property: JsonPropertyName("outcome")] PolicyOutcome Outcome,
    [property: JsonPropertyName("stages")] IReadOnlyList<ReplayStage> Stages,
    [property: JsonPropertyName("reasons")] IReadOnlyList<string> Reasons);

/// <summary>One audited request: the decision then, under the candidate policy, and what differs.</summary>
public sealed record ReplayItem(
    [property: JsonPropertyName("requestId")] string RequestId,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("requester")] string Requester,
    [property: JsonPropertyName("actions")] IReadOnlyList<string> Actions,
    [property: JsonPropertyName("before")] ReplayDecision Before,
    [property: JsonPropertyName("after")] ReplayDecision After,
    [property: JsonPropertyName("changes")] IReadOnlyList<string> Changes)
{
    [JsonPropertyName("changed")] public bool Changed => Changes.Count > 0;
}

public sealed record ReplayTotals(
    [property: JsonPropertyName("requests")] int Requests,
    [property: JsonPropertyName("changed")] int Changed,
    [property: JsonPropertyName("outcomeChanged")] int OutcomeChanged,
    [property: JsonPropertyName("approversChanged")] int ApproversChanged,
    [property: JsonPropertyName("quorumChanged")] int QuorumChanged,
    [property: JsonPropertyName("transitions")] IReadOnlyDictionary<string, int> Transitions,
    [property: JsonPropertyName("skipped")] int Skipped);

public sealed record ReplayReport(
    [property: JsonPropertyName("from")] DateTimeOffset From,
    [property: JsonPropertyName("to")] DateTimeOffset To,
    [property: JsonPropertyName("totals")] ReplayTotals Totals,
    [property: JsonPropertyName("requests")] IReadOnlyList<ReplayItem> Requests);

/// <summary>Turns a plan and its decision into the facts replay needs.</summary>
public static class DecisionFactsOf
{
    public static DecisionFacts Of(Plan plan, PolicyDecision decision)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(decision);
        return new DecisionFacts(
            plan.Requester.UserPrincipalName,
            plan.Requester.DirectoryRoles,
            plan.Requester.Groups,
            decision.Facts,
            [.. decision.Stages.Select(s => new ReplayStage(s.Name, s.Basis, s.Quorum))],
            [.. plan.Steps.Select(s => s.Group?.DisplayName)]);
    }
}
