using Dex.Core.Approvals;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using Microsoft.DurableTask;

namespace Dex.Core.Workflows;

/// <summary>
/// One durable orchestration per request: understand → investigate → policy → approval → execute →
/// report. It only orchestrates: every read and write is an activity, time comes from the context,
/// and the request's public view is kept as the custom status. The orchestrator owns the audit trail
/// and the notifications (<see cref="WorkflowEffects"/>); activities return what happened.
/// </summary>
public static class RequestWorkflow
{
    /// <summary>How long a clarification question waits for its answer.</summary>
    public static readonly TimeSpan ClarificationTimeout = TimeSpan.FromHours(24);

    internal static readonly TaskOptions GraphRetry = Workflows.GraphRetry.Options;

    public static async Task<RequestView> RunAsync(TaskOrchestrationContext context, RequestInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var run = new Run(context, input);
        return await run.ExecuteAsync();
    }

    private sealed class Run(TaskOrchestrationContext ctx, RequestInput input)
    {
        private readonly WorkflowEffects _effects = new(ctx, input);
        private RequestView _view = new() { Id = input.RequestId, Status = RequestStatus.Planning, Requester = input.Requester, Text = input.Text };

        private DateTimeOffset Now => _effects.Now;

        /// <summary>What the request was doing, for the reply when Graph keeps failing.</summary>
        private string _phase = "reading the request";

        /// <summary>The requester dropped the request while a question was open.</summary>
        private bool _cancelled;

        public async Task<RequestView> ExecuteAsync()
        {
            try
            {
                return await RunStagesAsync();
            }
            catch (TaskFailedException e)
            {
                // Retries ran out (or the failure was not transient) before anything was executed: say so, audit, tell.
                var transient = Workflows.GraphRetry.IsTransient(e.FailureDetails);
                var why = transient ? "Microsoft Graph kept failing (throttled or unavailable) after several retries" : "a step failed";
                await _effects.AuditAsync("activity_failed", "failed", $"{_phase}: {WorkflowEffects.Truncate(e.FailureDetails.ErrorMessage, 500)}");
                return await FinishAsync(RequestStatus.Failed, $"I couldn't finish this request: {why} while {_phase}. Nothing was changed. Please try again later.");
            }
        }

        private async Task<RequestView> RunStagesAsync()
        {
            Publish(_view with { Reply = "Got it. I'm looking into it." });
            await _effects.AuditAsync("received", "ok", $"channel={input.Channel}; message={input.MessageId}; text={WorkflowEffects.Truncate(input.Text, 500)}");

            _phase = "understanding the request";
            var understood = await ctx.CallActivityAsync<UnderstandingResult>(
                nameof(RequestActivities.Understand),
                new UnderstandInput(input.RequestId, input.Requester, input.Text, input.AttachmentIds.Count > 0, Now, input.Context),
                GraphRetry);
            await AuditUnderstoodAsync(understood);
            _phase = "looking up the people, groups and apps involved";

            var plan = await InvestigateAsync(understood);
            if (plan is null)
            {
                return _cancelled
                    ? await FinishAsync(RequestStatus.Cancelled, "OK, I've dropped this request; nothing was changed.")
                    : await FinishAsync(RequestStatus.Expired, "I didn't hear back, so I've closed this request. Ask again any time.");
            }

            if (plan.Answer is not null && plan.Steps.Count == 0)
            {
                // A question about Dex itself: answered, nothing to plan or approve.
                return await FinishAsync(RequestStatus.Completed, plan.Answer);
            }

            if (plan.Problem is not null || plan.Steps.Count == 0)
            {
                return await FinishAsync(RequestStatus.Failed, plan.Problem ?? RequestPlanner.NothingUnderstood);
            }

            Publish(_view with { Steps = [.. plan.Steps.Select(Views.Of)], PlanHash = plan.Hash, Clarification = null });
            _phase = "checking policy";

            var decision = await ctx.CallActivityAsync<PolicyDecision>(
                nameof(RequestActivities.EvaluatePolicy), new PolicyInput(input.RequestId, plan, Now, input.Text), GraphRetry);
            await _effects.AuditAsync(
                "policy_decision",
                Wire.Name(decision.Outcome),
                string.Join(" ", decision.Reasons) + (decision.Approvers.Count > 0 ? $" Approvers: {string.Join(", ", decision.Approvers)}." : string.Empty)
                    + Policy.Replay.DecisionFacts.Marker + System.Text.Json.JsonSerializer.Serialize(Policy.Replay.DecisionFactsOf.Of(plan, decision), DexJson.Options),
                actor: "policy",
                action: plan.Steps.Count == 1 ? plan.Steps[0].Action : null,
                target: plan.Steps.Count == 1 ? plan.Steps[0].Target?.UserPrincipalName : null,
                eventId: $"{input.RequestId}:policy:{plan.Hash}");
            Publish(_view with { Decision = Views.Of(decision) });

            if (decision.Outcome == PolicyOutcome.Deny)
            {
                return await FinishAsync(RequestStatus.Denied, "I can't do that: " + string.Join(" ", decision.Reasons));
            }

            if (decision.Confirm.Count > 0)
            {
                // The requester sees the plan and says yes before anyone is asked to approve or anything changes.
                _phase = "waiting for your confirmation";
                var confirmation = await new RequestConfirmation(ctx, _effects, input.Requester)
                    .RunAsync(plan, decision, (status, question, reply) => Publish(_view with { Status = status, Clarification = question, Reply = reply }));
                if (confirmation != ConfirmationEnd.Confirmed)
                {
                    return confirmation == ConfirmationEnd.Declined
                        ? await FinishAsync(RequestStatus.Cancelled, "OK, I've cancelled this request; nothing was changed.")
                        : await FinishAsync(RequestStatus.Expired, "I didn't hear back, so I've closed this request; nothing was changed. Ask again any time.");
                }
            }

            if (decision.Outcome == PolicyOutcome.ApprovalRequired)
            {
                _phase = "asking for approval";
                var expiresAt = Now.Add(decision.Expiry);
                var approverList = string.Join("; ", decision.Stages.Select(s => $"{s.Name}: {s.Quorum} of {string.Join(", ", s.Approvers)}"));
                var waiting = $"This needs approval ({approverList}). I've sent them the plan and will tell you when they decide.";
                Publish(_view with { Status = RequestStatus.AwaitingApproval, Reply = waiting, ExpiresAt = expiresAt });
                await _effects.NotifyAsync(input.Requester, "reply", waiting);

                var approval = await new ApprovalStages(ctx, input, plan, decision, _effects, GraphRetry, a => Publish(_view with { Approvals = a }))
                    .RunAsync(expiresAt);
                switch (approval.End)
                {
                    case ApprovalEnd.Denied:
                        return await FinishAsync(RequestStatus.Denied, approval.Reply);
                    case ApprovalEnd.Expired:
                        return await FinishAsync(RequestStatus.Expired, approval.Reply);
                    default:
                        Publish(_view with { Reply = approval.Reply });
                        await _effects.NotifyAsync(input.Requester, "reply", approval.Reply);
                        break;
                }
            }

            if (decision.Outcome == PolicyOutcome.Allow && plan.Steps.Any(s => !s.IsReadOnly))
            {
                var planned = "Here is what I'm doing now:\n" + string.Join("\n", plan.Steps.Select(s => $"{s.Index + 1}. {s.Summary}"));
                Publish(_view with { Reply = planned });
                await _effects.NotifyAsync(input.Requester, "reply", planned);
            }

            return await ExecuteStepsAsync(plan);
        }

        private Task AuditUnderstoodAsync(UnderstandingResult understood)
            => _effects.AuditAsync(
                "understood",
                understood.Steps.Count == 0 ? "nothing_understood" : "ok",
                $"source={understood.Source}; actions={string.Join(",", understood.Steps.Select(s => s.Action))}" + (understood.Note is null ? string.Empty : $"; note={understood.Note}"),
                eventId: $"{input.RequestId}:understood");

        /// <summary>Plans, asking the requester whenever a name is ambiguous; null when a question went unanswered.</summary>
        private async Task<Plan?> InvestigateAsync(UnderstandingResult understood)
        {
            var choices = new Dictionary<string, string>(StringComparer.Ordinal);
            RequesterContext? requester = null;
            while (true)
            {
                var plan = await ctx.CallActivityAsync<Plan>(
                    nameof(RequestActivities.Investigate),
                    new InvestigateInput(input.RequestId, input.Requester, understood, new Dictionary<string, string>(choices), Now, input.AttachmentIds, requester, input.RequesterAccount),
                    GraphRetry);
                await _effects.AuditAsync(
                    "planned",
                    plan.Clarification is not null ? "needs_clarification" : plan.Problem is not null ? "problem" : "ok",
                    plan.Clarification?.Question ?? plan.Problem ?? string.Join(" | ", plan.Steps.Select(s => s.Summary)) + $" (plan {plan.Hash})",
                    action: plan.Steps.Count == 1 ? plan.Steps[0].Action : null,
                    target: plan.Steps.Count == 1 ? plan.Steps[0].Target?.UserPrincipalName : null,
                    eventId: $"{input.RequestId}:planned:{choices.Count}");
                if (plan.Clarification is null)
                {
                    return plan;
                }

                // The requester was resolved by the first round; later rounds reuse it.
                requester = plan.Requester.Id.Length > 0 ? plan.Requester : null;
                var answer = await AskAsync(plan.Clarification, plan.Requester.Id);
                if (answer is null)
                {
                    return null;
                }

                choices[plan.Clarification.RawTarget] = answer;
            }
        }

        /// <summary>Asks the requester to choose; returns the chosen directory id, or null on timeout or cancellation.</summary>
        private async Task<string?> AskAsync(Clarification question, string requesterId)
        {
            var options = question.Options.Select((o, i) => $"{i + 1}. {o.Label}").ToList();
            var text = question.Question + "\n" + string.Join("\n", options) + "\nReply with the number, the address, or a detail such as the department.";
            var choices = question.Options.Select(o => new ClarificationChoiceView(o.Id, o.Label, o.UserPrincipalName, o.Department, o.JobTitle, o.OfficeLocation)).ToList();

            // Indexed before the question shows (status or message), so an immediate reply already finds it.
            var open = await _effects.OpenQuestionAsync(requesterId, Intake.OpenQuestionKind.Clarification, question.Question, ClarificationTimeout);
            Publish(_view with { Status = RequestStatus.NeedsClarification, Clarification = new ClarificationView(question.Question, options, choices), Reply = text });
            await _effects.NotifyAsync(input.Requester, "clarification", text);
            await _effects.AuditAsync("clarification_requested", "waiting", question.Question);
            var chosen = await WaitForChoiceAsync(question, text);
            await _effects.CloseQuestionAsync(open);
            return chosen;
        }

        private async Task<string?> WaitForChoiceAsync(Clarification question, string text)
        {
            using var cts = new CancellationTokenSource();
            var deadline = ctx.CreateTimer(ctx.CurrentUtcDateTime.Add(ClarificationTimeout), cts.Token);
            Task<ClarificationAnswerEvent>? answerTask = null;
            while (true)
            {
                answerTask ??= ctx.WaitForExternalEvent<ClarificationAnswerEvent>(ClarificationAnswerEvent.EventName);
                var winner = await Task.WhenAny(answerTask, deadline);
                if (winner == deadline)
                {
                    return null;
                }

                var answer = answerTask.Result;
                answerTask = null;
                if (answer.Cancel)
                {
                    cts.Cancel();
                    _cancelled = true;
                    await _effects.AuditAsync("clarification_cancelled", "cancelled", $"{question.RawTarget}: the requester dropped the request");
                    return null;
                }

                var reply = answer.Text;
                var choice = ClarificationAnswer.Resolve(reply, [.. question.Options.Select(o => new ClarificationOption(o.Id, o.Label, o.UserPrincipalName, o.Department, o.JobTitle, o.OfficeLocation))]);
                if (choice is not null)
                {
                    cts.Cancel();
                    await _effects.AuditAsync("clarified", "ok", $"{question.RawTarget} -> {question.Options[choice.Value].UserPrincipalName}");
                    Publish(_view with { Status = RequestStatus.Planning, Clarification = null, Reply = $"Thanks: {question.Options[choice.Value].Label}." });
                    return question.Options[choice.Value].Id;
                }

                var again = "Sorry, I couldn't tell which one you mean. " + text;
                Publish(_view with { Reply = again });
                await _effects.NotifyAsync(input.Requester, "clarification", again);
            }
        }

        private async Task<RequestView> ExecuteStepsAsync(Plan plan)
        {
            Publish(_view with { Status = RequestStatus.Executing });
            var steps = _view.Steps.ToList();
            var messages = new List<string>();
            var failed = 0;
            foreach (var step in plan.Steps)
            {
                steps[step.Index] = steps[step.Index] with { Status = "running" };
                Publish(_view with { Steps = [.. steps] });
                StepOutcome outcome;
                try
                {
                    // Offboarding runs as its own sub-orchestration: one checkpointed activity per change.
                    outcome = OffboardingWorkflow.Runs(step)
                        ? await OffboardingWorkflow.RunStepAsync(ctx, input.RequestId, plan, step)
                        : await ctx.CallActivityAsync<StepOutcome>(
                            nameof(RequestActivities.ExecuteStep), new ExecuteStepInput(input.RequestId, plan, step.Index, Now), GraphRetry);
                }
                catch (TaskFailedException e)
                {
                    outcome = new StepOutcome(step.Index, StepOutcome.Failed, "Microsoft Graph kept failing after several retries; nothing more was attempted for this step.");
                    await _effects.AuditAsync("step_failed", "failed", $"{outcome.Message} Last error: {WorkflowEffects.Truncate(e.FailureDetails.ErrorType + ": " + e.FailureDetails.ErrorMessage, 500)}", action: step.Action, target: step.Target?.UserPrincipalName);
                }

                if (outcome.Status == StepOutcome.Failed)
                {
                    failed++;
                }
                else if (outcome.Status == StepOutcome.Succeeded)
                {
                    await AfterStepAsync(step);
                }

                messages.Add(outcome.Message);
                steps[step.Index] = steps[step.Index] with { Status = Wire.Name(outcome.Status), Result = outcome.Message, Items = outcome.Items };
                Publish(_view with { Steps = [.. steps] });
            }

            var status = failed == 0 ? RequestStatus.Completed : RequestStatus.Failed;
            var approvedBy = _view.Approvals.Where(a => a.Decision == ApprovalDecisionEvent.Approve).Select(a => a.Approver).Distinct().ToList();
            var reply = (failed == 0 ? "Done. " : failed == plan.Steps.Count ? "That didn't work. " : "Partly done. ")
                + (approvedBy.Count > 0 ? $"Approved by {string.Join(", ", approvedBy)}. " : string.Empty)
                + string.Join(" ", messages);
            return await FinishAsync(status, reply);
        }

        /// <summary>Time-bound grants: start the clock once access is given, or signal an extension or early end.</summary>
        private async Task AfterStepAsync(PlannedStep step)
        {
            try
            {
                await GrantWorkflow.AfterStepAsync(ctx, input.RequestId, step, GraphRetry);
            }
            catch (TaskFailedException e)
            {
                // The access is given; the reconciliation pass restarts a clock that failed to start.
                await _effects.AuditAsync("grant_clock_failed", "failed", WorkflowEffects.Truncate(e.FailureDetails.ErrorMessage, 500), action: step.Action, target: step.Target?.UserPrincipalName);
            }
        }

        private async Task<RequestView> FinishAsync(RequestStatus status, string reply)
        {
            // The trail and the requester hear first; the final status is visible only once both are done.
            await _effects.AuditAsync(Wire.Name(status), Wire.Name(status), WorkflowEffects.Truncate(reply, 1000));
            await _effects.NotifyAsync(input.Requester, "reply", reply);
            Publish(_view with { Status = status, Reply = reply });
            return _view;
        }

        private void Publish(RequestView view)
        {
            _view = view with { UpdatedAt = Now };
            ctx.SetCustomStatus(ForStatus(_view));
        }

        /// <summary>
        /// The live view as custom status, which storage providers cap (Azure Storage: one table property, 16 KB in Durable
        /// Functions' guidance). A large bulk view keeps its counts and drops per-target lists and long text there; the final
        /// view (the orchestration's output, which has no such cap) keeps everything.
        /// </summary>
        private static RequestView ForStatus(RequestView view)
        {
            if (System.Text.Json.JsonSerializer.Serialize(view).Length <= 12_000)
            {
                return view;
            }

            return view with
            {
                Text = view.Text is null ? null : WorkflowEffects.Truncate(view.Text, 1000),
                Reply = view.Reply is null ? null : WorkflowEffects.Truncate(view.Reply, 2000),
                Clarification = view.Clarification is null ? null : view.Clarification with { Question = WorkflowEffects.Truncate(view.Clarification.Question, 2000) },
                Steps = [.. view.Steps.Select(st => st with { Items = null, Result = st.Result is null ? null : WorkflowEffects.Truncate(st.Result, 1000), Summary = st.Summary is null ? null : WorkflowEffects.Truncate(st.Summary, 500) })],
            };
        }
    }
}
