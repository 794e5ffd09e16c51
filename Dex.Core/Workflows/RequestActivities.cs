using Dex.Core.Approvals;
using Dex.Core.Audit;
using Dex.Core.Directory;
using Dex.Core.Notifications;
using Dex.Core.Policy;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using Microsoft.Extensions.Logging;

namespace Dex.Core.Workflows;

/// <summary>
/// The activities of the request workflow: every piece of I/O the orchestrator needs. They return what
/// happened; the orchestrator records the audit trail and sends the notifications. Two exceptions keep
/// secrets out of durable history: approval links are sent from <see cref="RequestApprovals"/>, and a
/// step's credential link from its action. <see cref="ExecuteStep"/> also keeps its own started/outcome
/// entries: they are the ledger that stops a retried step from running twice. Each is safe to run
/// more than once: audit entries and notifications carry stable ids, Graph writes converge.
/// </summary>
public sealed class RequestActivities(
    IRequestUnderstanding understanding,
    RequestPlanner planner,
    PolicyEvaluator policy,
    StepExecutor executor,
    IAuditLog audit,
    INotifier notifier,
    ApprovalTokenService tokens,
    DexLinks links,
    Actions.ActionCatalogue catalogue,
    ILogger<RequestActivities> logger)
{
    public async Task<UnderstandingResult> Understand(UnderstandInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (DexHelp.Recognise(input.Text) is { } topic)
        {
            return new UnderstandingResult([], "help", Help: topic);
        }

        var result = await understanding.UnderstandAsync(input.Requester, input.Text, input.HasAttachment);
        if (result.Steps.Count == 0 && FollowUp.Substitute(input.Text, input.Context) is { } followUp)
        {
            var again = await understanding.UnderstandAsync(input.Requester, followUp, input.HasAttachment);
            if (again.Steps.Count > 0)
            {
                result = again with { Note = ((again.Note ?? string.Empty) + $" Read as a follow-up about {input.Context!.PreviousTarget}.").Trim() };
            }
        }

        var steps = result.Steps.Where(s => catalogue.IsKnown(s.Action)).ToList();
        if (steps.Count != result.Steps.Count)
        {
            result = result with { Steps = steps, Note = (result.Note + " Steps outside the catalogue were dropped.").Trim() };
        }

        return result;
    }

    public async Task<Plan> Investigate(InvestigateInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Plan plan;
        try
        {
            var requester = input.RequesterContext
                ?? await planner.RequesterAsync(input.Requester, input.RequesterAccount);
            plan = await planner.PlanAsync(requester, input.Understood, input.Choices, input.AttachmentIds ?? []);
        }
        catch (DirectoryException e) when (!e.IsTransient)
        {
            plan = new Plan
            {
                Requester = new RequesterContext(string.Empty, input.Requester, input.Requester, [], []),
                Problem = e.Message,
                Hash = RequestPlanner.HashOf([]),
                UnderstoodBy = input.Understood.Source,
            };
        }

        return plan;
    }

    public async Task<PolicyDecision> EvaluatePolicy(PolicyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return await policy.EvaluateAsync(input.Plan, input.Text);
    }

    /// <summary>Sends each approver a signed link bound to request, stage, approver and plan hash. The links never enter durable history.</summary>
    public async Task<int> RequestApprovals(ApprovalRequestInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = input.Plan;
        var planText = string.Join("\n", plan.Steps.Select(s => $"{s.Index + 1}. {s.Summary}" + (s.Observation is null ? string.Empty : $" ({s.Observation})")));
        foreach (var approver in input.Approvers)
        {
            var tokenId = tokens.TokenIdFor(input.RequestId, input.Stage, approver, plan.Hash);
            var token = tokens.Issue(new ApprovalClaims(input.RequestId, approver, input.Stage, plan.Hash, input.ExpiresAt.ToUnixTimeSeconds(), tokenId));
            var link = links.Approval(token);
            var lead = input.Kind switch
            {
                "reminder" => "Reminder: a request is still waiting for your approval.",
                "escalation" => "Escalated to you: a request has waited too long for approval.",
                _ => "A request needs your approval.",
            };
            await notifier.SendAsync(new Notification
            {
                Id = $"{input.RequestId}:{input.Kind}:{input.Stage}:{approver}:{input.Round}",
                Recipient = approver,
                Kind = input.Kind == "approval_request" ? "approval_request" : input.Kind,
                RequestId = input.RequestId,
                Text = $"{lead}\n{plan.Requester.DisplayName} ({plan.Requester.UserPrincipalName}) asks Dex to:\n{planText}\nStage: {input.Stage}. Open the link to approve or deny before {input.ExpiresAt:yyyy-MM-dd HH:mm} UTC.",
                Links = [new NotificationLink("Review and decide", link)],
                At = input.At,
            });
        }

        return input.Approvers.Count;
    }

    public Task<bool> CheckApproverEligible(EligibilityInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return policy.IsStillEligibleAsync(input.Plan, input.Stage, input.Approver);
    }

    public async Task<StepOutcome> ExecuteStep(ExecuteStepInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var step = input.Plan.Steps[input.Index];
        var eventBase = $"{input.RequestId}:step:{input.Index}";

        // Durable activities run at least once: if this step already succeeded, report that instead of doing it again.
        var earlier = await audit.QueryAsync(new AuditQuery { RequestId = input.RequestId, Limit = 1000 });
        if (earlier.Entries.FirstOrDefault(e => e.EventId == eventBase + ":" + Wire.Name(StepStatus.Succeeded)) is { } done)
        {
            return new StepOutcome(input.Index, StepOutcome.Succeeded, done.Details ?? "Done earlier.");
        }
        await audit.AppendAsync(new AuditEvent
        {
            EventId = eventBase + ":started",
            RequestId = input.RequestId,
            InstanceId = input.RequestId,
            Actor = "dex",
            Event = "step_started",
            Action = step.Action,
            Target = step.Target?.UserPrincipalName,
            Outcome = "started",
            Details = step.Summary,
            At = input.At,
        });

        StepOutcome outcome;
        try
        {
            outcome = await executor.ExecuteAsync(input.RequestId, step, input.Plan.Requester);
        }
        catch (DirectoryException e) when (!e.IsTransient)
        {
            // A refusal from Graph (403, 400, 404) will not change on retry: report it in words.
            logger.LogWarning("Step {Index} of {RequestId} refused by Graph: {Code}", input.Index, input.RequestId, e.GraphCode);
            outcome = new StepOutcome(input.Index, StepOutcome.Failed, e.Message);
        }

        await audit.AppendAsync(new AuditEvent
        {
            EventId = eventBase + ":" + Wire.Name(outcome.Status),
            RequestId = input.RequestId,
            InstanceId = input.RequestId,
            Actor = "dex",
            Event = outcome.Status == StepOutcome.Succeeded ? "step_succeeded" : "step_failed",
            Action = step.Action,
            Target = step.Target?.UserPrincipalName,
            Outcome = Wire.Name(outcome.Status),
            Details = outcome.Message,
            At = input.At,
        });
        return outcome;
    }

    public async Task<bool> Notify(NotifyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        foreach (var n in input.Notifications)
        {
            await notifier.SendAsync(n);
        }

        return true;
    }

    public async Task<bool> RecordAudit(AuditEvent auditEvent)
    {
        await audit.AppendAsync(auditEvent);
        return true;
    }
}
