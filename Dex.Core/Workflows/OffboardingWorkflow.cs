using Dex.Core.Actions.OffboardUser;
using Dex.Core.Audit;
using Dex.Core.Directory;
using Dex.Core.Requests;
using Microsoft.DurableTask;

namespace Dex.Core.Workflows;

/// <summary>
/// The leaver workflow: a sub-orchestration of the request, run once its offboard_user step is approved, with one
/// checkpointed activity per change in a fixed order (sign-in first, so nothing new can start while the rest goes).
/// A crash or a Graph fault resumes after the last finished change; the change that was running re-reads the
/// directory and does only what is left. It only orchestrates: time comes from the context, ids from the input.
/// </summary>
public static class OffboardingWorkflow
{
    public const string Name = nameof(OffboardingWorkflow);

    /// <summary>Rounds of per-item retry for group removals that failed transiently after the batch's own retries.</summary>
    public const int GroupRounds = 4;

    /// <summary>The sub-orchestration's instance id: one per request and leaver, so a replayed parent never starts a second.</summary>
    public static string InstanceIdFor(string requestId, string userId) => $"{requestId}:offboard:{userId}";

    /// <summary>The steps the request workflow hands to this class: an offboarding, and cancelling its deletion.</summary>
    public static bool Runs(PlannedStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Action == DexActions.CancelDeletion || (step.Action == DexActions.OffboardUser && step.Target is not null);
    }

    /// <summary>Runs an approved offboard_user step of a request as the sub-orchestration (or a cancel_deletion against its timer) and returns the step's outcome.</summary>
    public static Task<StepOutcome> RunStepAsync(TaskOrchestrationContext context, string requestId, Plan plan, PlannedStep step)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(step);
        if (step.Action == DexActions.CancelDeletion)
        {
            var upn = step.Parameters.GetValueOrDefault(Actions.CancelDeletion.CancelDeletionAction.UserKey) ?? string.Empty;
            return context.CallActivityAsync<StepOutcome>(
                nameof(OffboardingActivities.CancelAccountDeletion),
                new CancelDeletionInput(requestId, step.Index, upn, plan.Requester.UserPrincipalName, new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero)),
                GraphRetry.Options);
        }

        var user = step.Target ?? throw new InvalidOperationException("offboard_user needs a user.");
        var target = new OffboardTarget(requestId, user.Id, user.UserPrincipalName, user.DisplayName, plan.Requester.UserPrincipalName);
        var input = new OffboardingInput(target, step.Index, step.Summary ?? $"Offboard {user.UserPrincipalName}", OffboardingRadius.Of(step));
        return context.CallSubOrchestratorAsync<StepOutcome>(Name, input, new SubOrchestrationOptions { InstanceId = InstanceIdFor(requestId, user.Id) });
    }

    public static async Task<StepOutcome> RunAsync(TaskOrchestrationContext context, OffboardingInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var retry = GraphRetry.Options;
        var t = input.Target;
        var radius = input.Radius;
        var changes = new List<OffboardChange>();
        OffboardChangeInput For(params RadiusItem[] items) => new(t, items, radius.PlannedAt, new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero));

        async Task OneAsync(string change, Func<Task<OffboardChange>> run)
        {
            changes.Add(await Guard(change, async () => [await run()]) is [var only] ? only : new(change, OffboardChangeStatus.Failed, "no result"));
            context.SetCustomStatus(new { done = changes.Count });
        }

        async Task<IReadOnlyList<OffboardChange>> Guard(string change, Func<Task<IReadOnlyList<OffboardChange>>> run)
        {
            try
            {
                return await run();
            }
            catch (TaskFailedException e)
            {
                // Retries ran out, or Graph refused: this change is reported failed and the others still run.
                var why = GraphRetry.IsTransient(e.FailureDetails) ? "Microsoft Graph kept failing after several retries" : WorkflowEffects.Truncate(e.FailureDetails.ErrorMessage, 300);
                return [new OffboardChange(change, OffboardChangeStatus.Failed, $"{change} not done: {why}")];
            }
        }

        // 1-2. Sign-in, then sessions.
        await OneAsync("sign-in", () => context.CallActivityAsync<OffboardChange>(nameof(OffboardingActivities.DisableSignIn), For(), retry));
        await OneAsync("sessions", () => context.CallActivityAsync<OffboardChange>(nameof(OffboardingActivities.RevokeSessions), For(), retry));

        // 3. The leaver's own pending Dex requests.
        changes.AddRange(await Guard("pending requests", () => context.CallActivityAsync<IReadOnlyList<OffboardChange>>(nameof(OffboardingActivities.CancelPendingRequests), For(), retry)));

        // 4. Live grants end through the grant service (reference counting decides what access goes), then their clocks stop.
        foreach (var grant in radius.Grants)
        {
            await OneAsync($"grant {grant.Name}", async () =>
            {
                var end = await context.CallActivityAsync<Grants.GrantEnd>(nameof(GrantActivities.EndGrant), new EndGrantInput(grant.Id, true, $"offboarded by request {t.RequestId}"), retry);
                context.SendEvent(grant.Id, GrantSignal.EventName, new GrantSignal(GrantSignalKind.End, null, t.RequestId));
                return end.Ended
                    ? new OffboardChange($"grant {grant.Name}", OffboardChangeStatus.Done, $"temporary access to \"{grant.Name}\" ended: {end.Message}")
                    : new OffboardChange($"grant {grant.Name}", OffboardChangeStatus.Already, $"temporary access to \"{grant.Name}\" had already ended");
            });
        }

        // 5. Groups: 20 per $batch; items that failed transiently are tried again after a durable wait.
        foreach (var chunk in radius.Groups.Chunk(GraphBatcher.MaxBatchSize))
        {
            changes.AddRange(await RemoveGroupsAsync(context, For(chunk), retry, Guard));
            context.SetCustomStatus(new { done = changes.Count });
        }

        changes.AddRange(radius.DynamicGroups.Select(g => new OffboardChange($"group {g.Name}", OffboardChangeStatus.Skipped, $"\"{g.Name}\" is dynamic: its rule decides membership (change the user's attributes or the rule)")));

        // 6. App role assignments, one each.
        foreach (var app in radius.Apps)
        {
            await OneAsync($"app {app.Name}", () => context.CallActivityAsync<OffboardChange>(nameof(OffboardingActivities.RemoveAppAssignment), For(app), retry));
        }

        // 7. Direct licences (inherited ones went with the groups), in one assignLicense.
        if (radius.DirectLicences.Count > 0)
        {
            changes.AddRange(await Guard("licences", () => context.CallActivityAsync<IReadOnlyList<OffboardChange>>(nameof(OffboardingActivities.RemoveDirectLicences), For([.. radius.DirectLicences]), retry)));
        }

        // 8. The manager hears last, once the rest is done.
        if (radius.ManagerUpn is { } manager)
        {
            await OneAsync("manager", () => context.CallActivityAsync<OffboardChange>(nameof(OffboardingActivities.NotifyLeaverManager), For(new RadiusItem(manager, radius.ManagerName ?? manager)), retry));
        }

        // 9. The deletion timer, when asked for: its own orchestration, so the offboarding finishes now.
        if (radius.DeleteAfter is { } after)
        {
            var deleteAt = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero).Add(after);
            await OneAsync("delete", () => context.CallActivityAsync<OffboardChange>(nameof(OffboardingActivities.ScheduleAccountDeletion), new AccountDeletionInput(t, deleteAt), retry));
        }

        return await FinishAsync(context, input, changes);
    }

    private static async Task<IReadOnlyList<OffboardChange>> RemoveGroupsAsync(
        TaskOrchestrationContext context, OffboardChangeInput chunk, TaskOptions retry, Func<string, Func<Task<IReadOnlyList<OffboardChange>>>, Task<IReadOnlyList<OffboardChange>>> guard)
    {
        var final = new Dictionary<string, OffboardChange>(StringComparer.Ordinal);
        var left = chunk.Items.ToList();
        for (var round = 1; left.Count > 0; round++)
        {
            var input = chunk with { Items = [.. left] };
            var results = await guard("groups", () => context.CallActivityAsync<IReadOnlyList<OffboardChange>>(nameof(OffboardingActivities.RemoveGroupMemberships), input, retry));
            if (results.Count != left.Count)
            {
                // The whole batch failed past its retries: every group left in it is reported failed.
                foreach (var g in left)
                {
                    final[g.Id] = new OffboardChange($"group {g.Name}", OffboardChangeStatus.Failed, $"not removed from \"{g.Name}\": {(results.Count > 0 ? results[0].Message : "no result")}");
                }

                break;
            }

            var again = new List<RadiusItem>();
            foreach (var (g, r) in left.Zip(results))
            {
                if (r.Transient && round < GroupRounds)
                {
                    again.Add(g);
                }
                else
                {
                    final[g.Id] = r with { Transient = false };
                }
            }

            left = again;
            if (left.Count > 0)
            {
                await context.CreateTimer(GraphRetry.Backoff(round + 1), CancellationToken.None);
            }
        }

        return [.. chunk.Items.Select(g => final[g.Id])];
    }

    private static async Task<StepOutcome> FinishAsync(TaskOrchestrationContext context, OffboardingInput input, List<OffboardChange> changes)
    {
        var t = input.Target;
        var failed = changes.Where(c => c.Status == OffboardChangeStatus.Failed).ToList();
        var done = changes.Count(c => c.Status == OffboardChangeStatus.Done);
        var already = changes.Count(c => c.Status == OffboardChangeStatus.Already);
        var skipped = changes.Count(c => c.Status == OffboardChangeStatus.Skipped);
        var message = $"Offboarded {t.DisplayName} ({t.UserPrincipalName}): {done} change{(done == 1 ? string.Empty : "s")} made, {already} already done"
            + (skipped > 0 ? $", {skipped} skipped ({string.Join("; ", changes.Where(c => c.Status == OffboardChangeStatus.Skipped).Select(c => c.Message))})" : string.Empty)
            + (failed.Count > 0 ? $"; not done: {string.Join("; ", failed.Select(f => f.Message))}" : string.Empty) + ".";
        var outcome = new StepOutcome(input.StepIndex, failed.Count > 0 ? StepStatus.Failed : StepStatus.Succeeded, message, [.. changes.Select(c => new StepItemResult(c.Change, c.Word, c.Message))]);

        // The same ledger entry ExecuteStep writes for any other step.
        await context.CallActivityAsync<bool>(nameof(RequestActivities.RecordAudit), new AuditEvent
        {
            EventId = $"{t.RequestId}:step:{input.StepIndex}:{Wire.Name(outcome.Status)}",
            RequestId = t.RequestId,
            InstanceId = context.InstanceId,
            Actor = "dex",
            Event = outcome.Status == StepStatus.Succeeded ? "step_succeeded" : "step_failed",
            Action = DexActions.OffboardUser,
            Target = t.UserPrincipalName,
            Outcome = Wire.Name(outcome.Status),
            Details = WorkflowEffects.Truncate(message, 2000),
            At = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero),
        });
        return outcome;
    }
}
