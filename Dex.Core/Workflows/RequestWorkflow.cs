using Dex.Core.Approvals;
using Dex.Core.Audit;
using Dex.Core.Notifications;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using Microsoft.DurableTask;

namespace Dex.Core.Workflows;

/// <summary>
/// One durable orchestration per request: understand → investigate → policy → approval → execute →
/// report. It only orchestrates: every read and write is an activity, time comes from the context,
/// and the request's public view is kept as the custom status.
/// </summary>
public static class RequestWorkflow
{
    /// <summary>How long a clarification question waits for its answer.</summary>
    public static readonly TimeSpan ClarificationTimeout = TimeSpan.FromHours(24);

    private static readonly TaskOptions GraphRetry = Workflows.GraphRetry.Options;

    public static async Task<RequestView> RunAsync(TaskOrchestrationContext context, RequestInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var run = new Run(context, input);
        return await run.ExecuteAsync();
    }

    private sealed class Run(TaskOrchestrationContext ctx, RequestInput input)
    {
        private RequestView _view = new() { Id = input.RequestId, Status = RequestStatus.Planning, Requester = input.Requester, Text = input.Text };
        private int _notes;

        private DateTimeOffset Now => new(ctx.CurrentUtcDateTime, TimeSpan.Zero);

        /// <summary>What the request was doing, for the reply when Graph keeps failing.</summary>
        private string _phase = "reading the request";

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
                await AuditAsync("activity_failed", "failed", $"{_phase}: {Truncate(e.FailureDetails.ErrorMessage, 500)}");
                return await FinishAsync(RequestStatus.Failed, $"I couldn't finish this request: {why} while {_phase}. Nothing was changed. Please try again later.");
            }
        }

        private async Task<RequestView> RunStagesAsync()
        {
            Publish(_view with { Reply = "Got it. I'm looking into it." });
            await AuditAsync("received", "ok", $"channel={input.Channel}; message={input.MessageId}; text={Truncate(input.Text, 500)}");

            _phase = "understanding the request";
            var understood = await ctx.CallActivityAsync<UnderstandingResult>(
                nameof(RequestActivities.Understand),
                new UnderstandInput(input.RequestId, input.Requester, input.Text, input.AttachmentIds.Count > 0, Now),
                GraphRetry);
            _phase = "looking up the people, groups and apps involved";

            var choices = new Dictionary<string, string>(StringComparer.Ordinal);
            Plan plan;
            while (true)
            {
                plan = await ctx.CallActivityAsync<Plan>(
                    nameof(RequestActivities.Investigate),
                    new InvestigateInput(input.RequestId, input.Requester, understood, new Dictionary<string, string>(choices), Now, input.AttachmentIds),
                    GraphRetry);
                if (plan.Clarification is null)
                {
                    break;
                }

                var answer = await AskAsync(plan.Clarification);
                if (answer is null)
                {
                    return await FinishAsync(RequestStatus.Expired, "I didn't hear back, so I've closed this request. Ask again any time.");
                }

                choices[plan.Clarification.RawTarget] = answer;
            }

            if (plan.Problem is not null || plan.Steps.Count == 0)
            {
                return await FinishAsync(RequestStatus.Failed, plan.Problem ?? RequestPlanner.NothingUnderstood);
            }

            Publish(_view with { Steps = [.. plan.Steps.Select(Views.Of)], PlanHash = plan.Hash, Clarification = null });
            _phase = "checking policy";

            var decision = await ctx.CallActivityAsync<PolicyDecision>(
                nameof(RequestActivities.EvaluatePolicy), new PolicyInput(input.RequestId, plan, Now, input.Text), GraphRetry);
            Publish(_view with { Decision = Views.Of(decision) });

            if (decision.Outcome == PolicyOutcomes.Deny)
            {
                return await FinishAsync(RequestStatus.Denied, "I can't do that: " + string.Join(" ", decision.Reasons));
            }

            if (decision.Outcome == PolicyOutcomes.ApprovalRequired)
            {
                _phase = "asking for approval";
                var approved = await ApproveAsync(plan, decision);
                if (approved is not null)
                {
                    return approved;
                }
            }

            if (decision.Outcome == PolicyOutcomes.Allow && plan.Steps.Any(s => !DexActions.ReadOnly.Contains(s.Action)))
            {
                var planned = "Here is what I'm doing now:\n" + string.Join("\n", plan.Steps.Select(s => $"{s.Index + 1}. {s.Summary}"));
                Publish(_view with { Reply = planned });
                await NotifyAsync(input.Requester, "reply", planned);
            }

            return await ExecuteStepsAsync(plan);
        }

        /// <summary>Asks the requester to choose; returns the chosen directory id, or null on timeout.</summary>
        private async Task<string?> AskAsync(Clarification question)
        {
            var options = question.Options.Select((o, i) => $"{i + 1}. {o.Label}").ToList();
            var text = question.Question + "\n" + string.Join("\n", options) + "\nReply with the number, the address, or a detail such as the department.";
            Publish(_view with { Status = RequestStatus.NeedsClarification, Clarification = new ClarificationView(question.Question, options), Reply = text });
            await NotifyAsync(input.Requester, "clarification", text);
            await AuditAsync("clarification_requested", "waiting", question.Question);

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

                var reply = answerTask.Result.Text;
                answerTask = null;
                var choice = ClarificationAnswer.Resolve(reply, [.. question.Options.Select(o => new ClarificationOption(o.Id, o.Label, o.UserPrincipalName, o.Department, o.JobTitle, o.OfficeLocation))]);
                if (choice is not null)
                {
                    cts.Cancel();
                    await AuditAsync("clarified", "ok", $"{question.RawTarget} -> {question.Options[choice.Value].UserPrincipalName}");
                    Publish(_view with { Status = RequestStatus.Planning, Clarification = null, Reply = $"Thanks: {question.Options[choice.Value].Label}." });
                    return question.Options[choice.Value].Id;
                }

                var again = "Sorry, I couldn't tell which one you mean. " + text;
                Publish(_view with { Reply = again });
                await NotifyAsync(input.Requester, "clarification", again);
            }
        }

        /// <summary>Runs the approval stages; returns a final view when the request ends here (denied/expired), else null.</summary>
        private async Task<RequestView?> ApproveAsync(Plan plan, PolicyDecision decision)
        {
            var expiresAt = Now.Add(decision.Expiry);
            var approverList = string.Join("; ", decision.Stages.Select(s => $"{s.Name}: {s.Quorum} of {string.Join(", ", s.Approvers)}"));
            var waiting = $"This needs approval ({approverList}). I've sent them the plan and will tell you when they decide.";
            Publish(_view with { Status = RequestStatus.AwaitingApproval, Reply = waiting, ExpiresAt = expiresAt });
            await NotifyAsync(input.Requester, "reply", waiting);

            using var expiryCts = new CancellationTokenSource();
            var expiry = ctx.CreateTimer(expiresAt.UtcDateTime, expiryCts.Token);
            var approvals = new List<ApprovalView>();
            Task<ApprovalDecisionEvent>? decisionTask = null;

            foreach (var stage in decision.Stages)
            {
                var eligible = new HashSet<string>(stage.Approvers, StringComparer.OrdinalIgnoreCase);
                var approvedBy = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                await ctx.CallActivityAsync<int>(
                    nameof(RequestActivities.RequestApprovals),
                    new ApprovalRequestInput(input.RequestId, plan, stage.Name, stage.Approvers, expiresAt, "approval_request", 0, Now),
                    GraphRetry);

                var stageStart = Now;
                var reminderRound = 0;
                var escalated = decision.EscalateAfter is null || decision.EscalationApprovers.Count == 0;
                using var tickCts = new CancellationTokenSource();
                Task? tick = null;
                DateTimeOffset? tickAt = null;

                while (approvedBy.Count < stage.Quorum)
                {
                    decisionTask ??= ctx.WaitForExternalEvent<ApprovalDecisionEvent>(ApprovalDecisionEvent.EventName);
                    if (tick is null)
                    {
                        tickAt = NextTick(decision, stageStart, reminderRound, escalated, expiresAt);
                        tick = tickAt is null ? null : ctx.CreateTimer(tickAt.Value.UtcDateTime, tickCts.Token);
                    }

                    var winner = tick is null ? await Task.WhenAny(decisionTask, expiry) : await Task.WhenAny(decisionTask, expiry, tick);
                    if (winner == expiry)
                    {
                        tickCts.Cancel();
                        await AuditAsync("expired", "expired", $"stage={stage.Name}; approvals={approvedBy.Count}/{stage.Quorum}");
                        var text = $"Nobody approved your request before {expiresAt:yyyy-MM-dd HH:mm} UTC, so I've cancelled it. Nothing was changed.";
                        await NotifyManyAsync(decision.Approvers.Append(input.Requester), "outcome", text, "expired");
                        return await FinishAsync(RequestStatus.Expired, text);
                    }

                    if (winner == tick)
                    {
                        tick = null;
                        var dueEscalation = !escalated && decision.EscalateAfter is { } after && Now >= stageStart.Add(after);
                        if (dueEscalation)
                        {
                            escalated = true;
                            var extra = decision.EscalationApprovers.Where(a => !eligible.Contains(a) && !Same(a, input.Requester)).ToList();
                            eligible.UnionWith(extra);
                            if (extra.Count > 0)
                            {
                                await ctx.CallActivityAsync<int>(
                                    nameof(RequestActivities.RequestApprovals),
                                    new ApprovalRequestInput(input.RequestId, plan, stage.Name, extra, expiresAt, "escalation", 1, Now),
                                    GraphRetry);
                            }
                        }
                        else
                        {
                            reminderRound++;
                            var pending = eligible.Where(a => !approvedBy.Contains(a)).Order(StringComparer.Ordinal).ToList();
                            await ctx.CallActivityAsync<int>(
                                nameof(RequestActivities.RequestApprovals),
                                new ApprovalRequestInput(input.RequestId, plan, stage.Name, pending, expiresAt, "reminder", reminderRound, Now),
                                GraphRetry);
                        }

                        continue;
                    }

                    var e = decisionTask.Result;
                    decisionTask = null;
                    var rejection = Validate(e, plan, stage.Name, eligible, approvedBy);
                    if (rejection is null && !await ctx.CallActivityAsync<bool>(
                            nameof(RequestActivities.CheckApproverEligible), new EligibilityInput(input.RequestId, plan, stage.Name, e.Approver), GraphRetry))
                    {
                        rejection = "approver is no longer eligible (removed from the approver group or role)";
                    }

                    if (rejection is not null)
                    {
                        await AuditAsync("decision_rejected", "ignored", $"{e.Approver}: {rejection}", actor: e.Approver);
                        continue;
                    }

                    approvals.Add(new ApprovalView(e.Approver.ToLowerInvariant(), e.Decision, e.At, e.Comment, stage.Name));
                    Publish(_view with { Approvals = [.. approvals] });
                    await AuditAsync("decided", e.Decision, $"stage={stage.Name}; plan={e.PlanHash}" + (string.IsNullOrWhiteSpace(e.Comment) ? string.Empty : $"; comment={Truncate(e.Comment, 500)}"), actor: e.Approver, key: $"{e.Decision}:{e.TokenId}");

                    if (e.Decision == ApprovalDecisionEvent.Deny)
                    {
                        tickCts.Cancel();
                        expiryCts.Cancel();
                        var why = string.IsNullOrWhiteSpace(e.Comment) ? string.Empty : $" Reason: {e.Comment}";
                        var text = $"{e.Approver} denied your request.{why} Nothing was changed.";
                        await NotifyManyAsync(decision.Approvers.Where(a => !Same(a, e.Approver)).Append(input.Requester), "outcome", text, "denied");
                        return await FinishAsync(RequestStatus.Denied, text);
                    }

                    approvedBy.Add(e.Approver);
                }

                tickCts.Cancel();
            }

            expiryCts.Cancel();
            var by = string.Join(", ", approvals.Where(a => a.Decision == ApprovalDecisionEvent.Approve).Select(a => a.Approver).Distinct());
            Publish(_view with { Reply = $"Approved by {by}. Working on it now." });
            await NotifyAsync(input.Requester, "reply", $"Approved by {by}. Working on it now.");
            return null;
        }

        private string? Validate(ApprovalDecisionEvent e, Plan plan, string stage, HashSet<string> eligible, HashSet<string> approvedBy)
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

        private static DateTimeOffset? NextTick(PolicyDecision d, DateTimeOffset stageStart, int reminderRound, bool escalated, DateTimeOffset expiresAt)
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
                    outcome = await ctx.CallActivityAsync<StepOutcome>(
                        nameof(RequestActivities.ExecuteStep), new ExecuteStepInput(input.RequestId, plan, step.Index, Now), GraphRetry);
                }
                catch (TaskFailedException e)
                {
                    outcome = new StepOutcome(step.Index, StepOutcome.Failed, "Microsoft Graph kept failing after several retries; nothing more was attempted for this step.");
                    await AuditAsync("step_failed", "failed", $"{outcome.Message} Last error: {Truncate(e.FailureDetails.ErrorType + ": " + e.FailureDetails.ErrorMessage, 500)}", action: step.Action, target: step.Target?.UserPrincipalName);
                }

                if (outcome.Status == StepOutcome.Failed)
                {
                    failed++;
                }

                messages.Add(outcome.Message);
                steps[step.Index] = steps[step.Index] with { Status = outcome.Status, Result = outcome.Message, Items = outcome.Items };
                Publish(_view with { Steps = [.. steps] });
            }

            var status = failed == 0 ? RequestStatus.Completed : RequestStatus.Failed;
            var approvedBy = _view.Approvals.Where(a => a.Decision == ApprovalDecisionEvent.Approve).Select(a => a.Approver).Distinct().ToList();
            var reply = (failed == 0 ? "Done. " : failed == plan.Steps.Count ? "That didn't work. " : "Partly done. ")
                + (approvedBy.Count > 0 ? $"Approved by {string.Join(", ", approvedBy)}. " : string.Empty)
                + string.Join(" ", messages);
            return await FinishAsync(status, reply);
        }

        private async Task<RequestView> FinishAsync(string status, string reply)
        {
            // The trail and the requester hear first; the final status is visible only once both are done.
            await AuditAsync(status, status, Truncate(reply, 1000));
            await NotifyAsync(input.Requester, "reply", reply);
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
                Text = view.Text is null ? null : Truncate(view.Text, 1000),
                Reply = view.Reply is null ? null : Truncate(view.Reply, 2000),
                Steps = [.. view.Steps.Select(st => st with { Items = null, Result = st.Result is null ? null : Truncate(st.Result, 1000), Summary = st.Summary is null ? null : Truncate(st.Summary, 500) })],
            };
        }

        private Task NotifyAsync(string recipient, string kind, string text) => NotifyManyAsync([recipient], kind, text, kind);

        private async Task NotifyManyAsync(IEnumerable<string> recipients, string kind, string text, string tag)
        {
            var n = ++_notes;
            var list = recipients.Distinct(StringComparer.OrdinalIgnoreCase).Select(r => new Notification
            {
                Id = $"{input.RequestId}:{tag}:{n}:{r.ToLowerInvariant()}",
                Recipient = r,
                Kind = kind,
                RequestId = input.RequestId,
                Text = text,
                At = Now,
            }).ToList();
            await ctx.CallActivityAsync<bool>(nameof(RequestActivities.Notify), new NotifyInput(list));
        }

        /// <summary>Appends to the trail; the event id is stable across replays and, with <paramref name="key"/>, unique per decision.</summary>
        private async Task AuditAsync(string evt, string outcome, string details, string? actor = null, string? action = null, string? target = null, string? key = null)
        {
            var n = ++_notes;
            await ctx.CallActivityAsync<bool>(nameof(RequestActivities.RecordAudit), new AuditEvent
            {
                EventId = key is null ? $"{input.RequestId}:{evt}:{n}" : $"{input.RequestId}:{evt}:{n}:{key}",
                RequestId = input.RequestId,
                InstanceId = ctx.InstanceId,
                Actor = actor ?? (evt == "received" ? input.Requester : "dex"),
                Event = evt,
                Action = action,
                Target = target,
                Outcome = outcome,
                Details = details,
                At = Now,
            });
        }

        private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";
    }
}
