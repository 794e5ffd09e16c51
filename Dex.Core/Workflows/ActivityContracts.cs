using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Core.Workflows;

public sealed record UnderstandInput(string RequestId, string Requester, string Text, bool HasAttachment, DateTimeOffset At, ConversationContext? Context = null);

/// <param name="RequesterContext">The requester as resolved by an earlier round of the same request; null on the first.</param>
/// <param name="RequesterAccount">The requester's account as intake found it; the first round then reads only their roles and groups.</param>
public sealed record InvestigateInput(string RequestId, string Requester, UnderstandingResult Understood, IReadOnlyDictionary<string, string> Choices, DateTimeOffset At, IReadOnlyList<string>? AttachmentIds = null, RequesterContext? RequesterContext = null, TargetRef? RequesterAccount = null);

public sealed record PolicyInput(string RequestId, Plan Plan, DateTimeOffset At, string? Text = null);

public sealed record ApprovalRequestInput(
    string RequestId,
    Plan Plan,
    string Stage,
    IReadOnlyList<string> Approvers,
    DateTimeOffset ExpiresAt,
    string Kind,
    int Round,
    DateTimeOffset At);

public sealed record EligibilityInput(string RequestId, Plan Plan, string Stage, string Approver);

public sealed record ExecuteStepInput(string RequestId, Plan Plan, int Index, DateTimeOffset At);

public sealed record NotifyInput(IReadOnlyList<Notifications.Notification> Notifications);

/// <summary>The answer a requester gives to a clarification question (raised as an event by the next chat message); <paramref name="Cancel"/> drops the request.</summary>
public sealed record ClarificationAnswerEvent(string Text, DateTimeOffset At, bool Cancel = false)
{
    public const string EventName = "Clarification";
}
