using Dex.Core.Approvals;
using Dex.Core.Requests;
using Microsoft.DurableTask;

namespace Dex.Core.Workflows;

/// <summary>How the approval stages ended.</summary>
public enum ApprovalEnd
{
    Approved,
    Denied,
    Expired,
}

/// <summary>The end of the approval stages and, when the request ends there, what the requester is told.</summary>
public sealed record ApprovalResult(ApprovalEnd End, string Reply);

/// <summary>
/// The approval stage loop of one request: per stage, send the signed links, then race decisions
/// against the request's expiry and the next reminder or escalation, until the stage's quorum approves,
/// someone denies, or time runs out. Decisions are checked here (plan hash, stage, approver, once each)
/// and approvers' eligibility is re-read, since membership can change while waiting.
/// </summary>
public sealed class ApprovalStages(
    TaskOrchestrationContext ctx,
    RequestInput input,
    Plan plan,
    PolicyDecision decision,
    WorkflowEffects effects,
    TaskOptions retry,
    Action<IReadOnlyList<ApprovalView>> onDecision)
{
    private readonly List<ApprovalView> _approvals = [];

    public async Task<ApprovalResult> RunAsync(DateTimeOffset expiresAt)
    {
        using var expiryCts = new CancellationTokenSource();
        var expiry = ctx.CreateTimer(expiresAt.UtcDateTime, expiryCts.Token);
        Task<ApprovalDecisionEvent>? decisionTask = null;

        foreach (var stage in decision.Stages)
        {
            var eligible = new HashSet<string>(stage.Approvers, StringComparer.OrdinalIgnoreCase);
            var approvedBy = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            await RequestAsync(stage.Name, stage.Approvers, expiresAt, "approval_request", 0);

            var stageStart = effects.Now;
            var reminderRound = 0;
            var escalated = decision.EscalateAfter is null || decision.EscalationApprovers.Count == 0;
            using var tickCts = new CancellationTokenSource();
            Task? tick = null;

            while (approvedBy.Count < stage.Quorum)
            {
                decisionTask ??= ctx.WaitForExternalEvent<ApprovalDecisionEvent>(ApprovalDecisionEvent.EventName);
                if (tick is null)
                {
                    var tickAt = NextTick(decision, stageStart, reminderRound, escalated, expiresAt);
                    tick = tickAt is null ? null : ctx.CreateTimer(tickAt.Value.UtcDateTime, tickCts.Token);
                }

                var winner = tick is null ? await Task.WhenAny(decisionTask, expiry) : await Task.WhenAny(decisionTask, expiry, tick);
                if (winner == expiry)
                {
                    tickCts.Cancel();
                    await effects.AuditAsync("expired", "expired", $"stage={stage.Name}; approvals={approvedBy.Count}/{stage.Quorum}");
                    var text = $"Nobody approved your request before {expiresAt:yyyy-MM-dd HH:mm} UTC, so I've cancelled it. Nothing was changed.";
                    await effects.NotifyManyAsync(decision.Approvers.Append(input.Requester), "outcome", text, "expired");
                    return new ApprovalResult(ApprovalEnd.Expired, text);
                }

                if (winner == tick)
                {
                    tick = null;
                    if (!escalated && decision.EscalateAfter is { } after && effects.Now >= stageStart.Add(after))
                    {
                        escalated = true;
                        var extra = decision.EscalationApprovers.Where(a => !eligible.Contains(a) && !Same(a, input.Requester)).ToList();
                        eligible.UnionWith(extra);
                        if (extra.Count > 0)
                        {
                            await RequestAsync(stage.Name, extra, expiresAt, "escalation", 1);
                        }
                    }
                    else
                    {
                        reminderRound++;
                        var pending = eligible.Where(a => !approvedBy.Contains(a)).Order(StringComparer.Ordinal).ToList();
                        await RequestAsync(stage.Name, pending, expiresAt, "reminder", reminderRound);
                    }

                    continue;
                }

                var e = decisionTask.Result;
                decisionTask = null;
                var rejection = await CheckAsync(e, stage.Name, eligible, approvedBy);
                if (rejection is not null)
                {
                    await effects.AuditAsync("decision_rejected", "ignored", $"{e.Approver}: {rejection}", actor: e.Approver);
                    continue;
                }

                _approvals.Add(new ApprovalView(e.Approver.ToLowerInvariant(), e.Decision, e.At, e.Comment, stage.Name));
                onDecision([.. _approvals]);
                await effects.AuditAsync("decided", e.Decision, $"stage={stage.Name}; plan={e.PlanHash}" + (string.IsNullOrWhiteSpace(e.Comment) ? string.Empty : $"; comment={WorkflowEffects.Truncate(e.Comment, 500)}"), actor: e.Approver, key: $"{e.Decision}:{e.TokenId}");

                if (e.Decision == ApprovalDecisionEvent.Deny)
                {
                    tickCts.Cancel();
                    expiryCts.Cancel();
                    var why = string.IsNullOrWhiteSpace(e.Comment) ? string.Empty : $" Reason: {e.Comment}";
                    var text = $"{e.Approver} denied your request.{why} Nothing was changed.";
                    await effects.NotifyManyAsync(decision.Approvers.Where(a => !Same(a, e.Approver)).Append(input.Requester), "outcome", text, "denied");
                    return new ApprovalResult(ApprovalEnd.Denied, text);
                }

                approvedBy.Add(e.Approver);
            }

            tickCts.Cancel();
        }

        expiryCts.Cancel();
        var by = string.Join(", ", _approvals.Where(a => a.Decision == ApprovalDecisionEvent.Approve).Select(a => a.Approver).Distinct());
        return new ApprovalResult(ApprovalEnd.Approved, $"Approved by {by}. Working on it now.");
    }

    /// <summary>Sends the signed links (an activity: links never enter durable history), then records that they went.</summary>
    private async Task RequestAsync(string stage, IReadOnlyList<string> approvers, DateTimeOffset expiresAt, string kind, int round)
    {
        await ctx.CallActivityAsync<int>(
            nameof(RequestActivities.RequestApprovals),
            new ApprovalRequestInput(input.RequestId, plan, stage, approvers, expiresAt, kind, round, effects.Now),
            retry);
        await effects.AuditAsync(
            kind switch { "reminder" => "reminded", "escalation" => "escalated", _ => "approval_requested" },
            "sent",
            $"stage={stage}; approvers={string.Join(",", approvers)}; plan={plan.Hash}; expires={expiresAt:O}",
            eventId: $"{input.RequestId}:{kind}:{stage}:{round}");
    }

    /// <summary>
    /// Why a decision is not taken (null when it counts). The link carried in the event is re-verified by an activity, so
    /// an event raised straight into the orchestration (bypassing the signed-in approval page) approves nothing.
    /// </summary>
    private async Task<string?> CheckAsync(ApprovalDecisionEvent e, string stage, HashSet<string> eligible, HashSet<string> approvedBy)
    {
        var rejection = Validate(e, stage, eligible, approvedBy);
        rejection ??= await ctx.CallActivityAsync<string?>(
            Approvals.ApprovalEventVerifier.ActivityName, new Approvals.ApprovalEventCheck(input.RequestId, plan.Hash, stage, e with { Comment = null }), retry);
        if (rejection is null && !await ctx.CallActivityAsync<bool>(
                nameof(RequestActivities.CheckApproverEligible), new EligibilityInput(input.RequestId, plan, stage, e.Approver), retry))
        {
            rejection = "approver is no longer eligible (removed from the approver group or role)";
        }

        return rejection;
    }

    private string? Validate(ApprovalDecisionEvent e, string stage, HashSet<string> eligible, HashSet<string> approvedBy)
    {
        if (e.PlanHash != plan.Hash)
        {
            return "the link approves a different plan";
        }

        if (e.Stage != stage)
        {
            return $"the link is for stage '{e.Stage}', the current stage is '{stage}'";
        }

        if (Same(e.Approver, input.Requester))
        {
            return "requesters cannot approve their own request";
        }

        if (!eligible.Contains(e.Approver))
        {
            return "not an approver of this stage";
        }

        if (approvedBy.Contains(e.Approver))
        {
            return "already decided";
        }

        return e.Decision is ApprovalDecisionEvent.Approve or ApprovalDecisionEvent.Deny ? null : "unknown decision";
    }

    /// <summary>The next reminder or escalation, whichever is first, if before expiry.</summary>
    internal static DateTimeOffset? NextTick(PolicyDecision d, DateTimeOffset stageStart, int reminderRound, bool escalated, DateTimeOffset expiresAt)
    {
        DateTimeOffset? next = null;
        if (d.ReminderEvery is { } every && every > TimeSpan.Zero)
        {
            next = stageStart.Add(every * (reminderRound + 1));
        }

        if (!escalated && d.EscalateAfter is { } after)
        {
            var at = stageStart.Add(after);
            next = next is null || at <= next ? at : next;
        }

        return next is not null && next < expiresAt ? next : null;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
