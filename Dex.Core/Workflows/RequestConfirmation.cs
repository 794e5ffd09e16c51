using Dex.Core.Intake;
using Dex.Core.Requests;
using Microsoft.DurableTask;

namespace Dex.Core.Workflows;

/// <summary>How the requester's confirmation of a plan ended.</summary>
public enum ConfirmationEnd
{
    Confirmed,
    Declined,
    TimedOut,
}

/// <summary>
/// Shows the plan to the requester and waits for "yes" or "no" before approval and execution (policy <c>confirm</c>).
/// The reply arrives as the same external event a clarification answer does (intake routes it), raced against a timeout.
/// </summary>
public sealed class RequestConfirmation(TaskOrchestrationContext ctx, WorkflowEffects effects, string requester)
{
    /// <summary>The longest a plan waits for the requester's "yes" (policy <c>defaults.confirmExpiry</c> may shorten it).</summary>
    public static readonly TimeSpan Timeout = Policy.ConfirmConditions.MaxExpiry;

    public static readonly IReadOnlyList<string> Options = ["Yes, go ahead", "No, cancel"];

    /// <summary>The question shown: the steps that ask, then how to answer.</summary>
    public static string Question(Plan plan, PolicyDecision decision)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(decision);
        var next = decision.Outcome == PolicyOutcome.ApprovalRequired ? "ask for approval" : "make these changes";
        return $"Before I {next}, please confirm the plan:\n"
            + string.Join("\n", plan.Steps.Select(s => $"{s.Index + 1}. {WorkflowEffects.Truncate(s.Summary, 600)}"))
            + "\nReply \"yes\" to go ahead or \"no\" to cancel.";
    }

    /// <summary>Asks and waits; <paramref name="publish"/> shows the question (or clears it) in the request's view.</summary>
    public async Task<ConfirmationEnd> RunAsync(Plan plan, PolicyDecision decision, Action<RequestStatus, ClarificationView?, string> publish)
    {
        ArgumentNullException.ThrowIfNull(publish);
        var question = Question(plan, decision);

        // Indexed before the question shows, so an immediate "yes" already finds it; closed however the wait ends.
        var open = await effects.OpenQuestionAsync(plan.Requester.Id, OpenQuestionKind.Confirmation, WorkflowEffects.Truncate(question, 500), decision.ConfirmExpiry);
        publish(RequestStatus.NeedsClarification, new ClarificationView(question, Options, Kind: ClarificationView.Confirmation), question);
        await effects.NotifyAsync(requester, "clarification", question);
        await effects.AuditAsync("confirmation_requested", "waiting", WorkflowEffects.Truncate($"plan {plan.Hash}: {string.Join(" | ", decision.Confirm)}", 1000));
        var end = await WaitAsync(plan, decision, question, publish);
        await effects.CloseQuestionAsync(open);
        return end;
    }

    private async Task<ConfirmationEnd> WaitAsync(Plan plan, PolicyDecision decision, string question, Action<RequestStatus, ClarificationView?, string> publish)
    {

        using var cts = new CancellationTokenSource();
        var deadline = ctx.CreateTimer(ctx.CurrentUtcDateTime.Add(decision.ConfirmExpiry), cts.Token);
        while (true)
        {
            var answerTask = ctx.WaitForExternalEvent<ClarificationAnswerEvent>(ClarificationAnswerEvent.EventName);
            if (await Task.WhenAny(answerTask, deadline) == deadline)
            {
                await effects.AuditAsync("confirmation_expired", "expired", $"no reply within {decision.ConfirmExpiry}; nothing was changed");
                return ConfirmationEnd.TimedOut;
            }

            var answer = answerTask.Result;
            var yes = answer.Cancel ? false : ConversationReplies.ReadConfirmation(answer.Text);
            if (yes is { } decided)
            {
                cts.Cancel();
                await effects.AuditAsync(decided ? "confirmed" : "confirmation_declined", decided ? "ok" : "cancelled",
                    decided ? $"the requester confirmed plan {plan.Hash}" : $"the requester declined plan {plan.Hash}; nothing was changed", actor: requester);
                if (decided)
                {
                    publish(RequestStatus.Planning, null, "Thanks, going ahead.");
                }

                return decided ? ConfirmationEnd.Confirmed : ConfirmationEnd.Declined;
            }

            var again = "Sorry, I need a yes or a no. " + question;
            publish(RequestStatus.NeedsClarification, new ClarificationView(question, Options, Kind: ClarificationView.Confirmation), again);
            await effects.NotifyAsync(requester, "clarification", again);
        }
    }
}
