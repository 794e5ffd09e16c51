using Dex.Core.Grants;
using Dex.Core.Requests;
using Microsoft.DurableTask;

namespace Dex.Core.Workflows;

public sealed record GrantClockInput(string GrantId, DateTimeOffset EndsAt, IReadOnlyList<TimeSpan> Reminders);

public sealed record StartGrantInput(string GrantId);

public sealed record GrantReminderInput(string GrantId, TimeSpan Before);

public sealed record EndGrantInput(string GrantId, bool Early, string Reason);

public enum GrantSignalKind
{
    Extend,
    End,
}

/// <summary>Raised on a grant's orchestration by the request that extended or ended it.</summary>
public sealed record GrantSignal(GrantSignalKind Kind, DateTimeOffset? EndsAt, string RequestId)
{
    public const string EventName = "GrantSignal";
}

/// <summary>
/// One durable orchestration per time-bound grant (instance id = grant id), started once access is given: it waits on
/// durable timers for each reminder and for the end, raced against extend/end signals, then ends the grant. It only
/// orchestrates; the grant's state lives in <see cref="IGrantStore"/> and every change is an idempotent activity.
/// </summary>
public static class GrantWorkflow
{
    public const string Name = nameof(GrantWorkflow);

    public static async Task<string> RunAsync(TaskOrchestrationContext context, GrantClockInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var retry = GraphRetry.Options;
        var endsAt = input.EndsAt;
        var sent = new HashSet<TimeSpan>();

        // One waiter for signals across the loop: a new waiter per turn would leave old ones to swallow later signals.
        Task<GrantSignal>? signal = null;
        while (true)
        {
            var now = context.CurrentUtcDateTime;
            var reminder = input.Reminders.Where(r => !sent.Contains(r) && endsAt - r > now).OrderDescending().Cast<TimeSpan?>().FirstOrDefault();
            var fireAt = reminder is { } r ? endsAt - r : endsAt;
            context.SetCustomStatus(new { endsAt, next = reminder is null ? "end" : "reminder" });

            using var cts = new CancellationTokenSource();
            var timer = context.CreateTimer(fireAt.UtcDateTime, cts.Token);
            signal ??= context.WaitForExternalEvent<GrantSignal>(GrantSignal.EventName);
            var winner = await Task.WhenAny(timer, signal);
            if (winner == signal)
            {
                cts.Cancel();
                var s = signal.Result;
                signal = null;
                if (s.Kind == GrantSignalKind.End)
                {
                    var ended = await context.CallActivityAsync<GrantEnd>(nameof(GrantActivities.EndGrant), new EndGrantInput(input.GrantId, true, $"ended by request {s.RequestId}"), retry);
                    return ended.Message;
                }

                if (s.EndsAt is { } later && later > endsAt)
                {
                    endsAt = later;
                    sent.RemoveWhere(x => endsAt - x > context.CurrentUtcDateTime); // the new end has its own reminders
                }

                continue;
            }

            if (reminder is { } before)
            {
                sent.Add(before);
                await context.CallActivityAsync<bool>(nameof(GrantActivities.RemindGrant), new GrantReminderInput(input.GrantId, before), retry);
                continue;
            }

            var end = await context.CallActivityAsync<GrantEnd>(nameof(GrantActivities.EndGrant), new EndGrantInput(input.GrantId, false, "expired"), retry);
            if (end.NotYetUntil is { } notYet && notYet > endsAt)
            {
                endsAt = notYet; // extended without a signal reaching us: wait for the new end
                continue;
            }

            return end.Message;
        }
    }

    /// <summary>
    /// What the request workflow does after a step succeeded: start the clock of a new time-bound grant, or tell a live
    /// grant's orchestration it was extended or ended. A failure here leaves the grant to the reconciliation pass.
    /// </summary>
    public static async Task AfterStepAsync(TaskOrchestrationContext context, string requestId, PlannedStep step, TaskOptions retry)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(step);
        if (GrantStep.IsTimeBound(step))
        {
            await context.CallActivityAsync<bool>(nameof(GrantActivities.StartGrantClock), new StartGrantInput(GrantService.IdFor(requestId, step.Index)), retry);
            return;
        }

        if (step.Parameters.GetValueOrDefault(GrantLookup.GrantIdKey) is not { } grantId)
        {
            return;
        }

        if (step.Action == DexActions.ExtendAccess)
        {
            context.SendEvent(grantId, GrantSignal.EventName, new GrantSignal(GrantSignalKind.Extend, GrantStep.Until(step), requestId));
        }
        else if (step.Action == DexActions.EndAccess)
        {
            context.SendEvent(grantId, GrantSignal.EventName, new GrantSignal(GrantSignalKind.End, null, requestId));
        }
    }
}
