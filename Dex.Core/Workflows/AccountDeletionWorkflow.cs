using Dex.Core.Audit;
using Dex.Core.Requests;
using Microsoft.DurableTask;

namespace Dex.Core.Workflows;

/// <summary>
/// The "delete after N days" of an offboarding: one orchestration per account (instance id from the user's object id,
/// so a second offboarding never starts a second timer), waiting on a durable timer raced against a cancel signal,
/// the way a grant's clock races its end signal. When the timer wins, the account is deleted (to deletedItems).
/// </summary>
public static class AccountDeletionWorkflow
{
    public const string Name = nameof(AccountDeletionWorkflow);

    public static string InstanceIdFor(string userId) => $"offboard-delete-{userId}";

    public static async Task<string> RunAsync(TaskOrchestrationContext context, AccountDeletionInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var t = input.Target;
        context.SetCustomStatus(new { deleteAt = input.DeleteAt, userPrincipalName = t.UserPrincipalName });
        using var cts = new CancellationTokenSource();
        var timer = context.CreateTimer(input.DeleteAt.UtcDateTime, cts.Token);
        var signal = context.WaitForExternalEvent<AccountDeletionSignal>(AccountDeletionSignal.EventName);
        if (await Task.WhenAny(timer, signal) == signal)
        {
            cts.Cancel();
            var text = $"deletion of {t.UserPrincipalName} cancelled by {signal.Result.By} (request {signal.Result.RequestId})";
            await context.CallActivityAsync<bool>(nameof(RequestActivities.RecordAudit), new AuditEvent
            {
                EventId = $"{t.RequestId}:offboard:{t.UserId}:delete:cancelled",
                RequestId = t.RequestId,
                InstanceId = context.InstanceId,
                Actor = signal.Result.By,
                Event = "offboard_deletion_cancelled",
                Action = DexActions.OffboardUser,
                Target = t.UserPrincipalName,
                Outcome = "cancelled",
                Details = text,
                At = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero),
            });
            return text;
        }

        var change = await context.CallActivityAsync<OffboardChange>(
            nameof(OffboardingActivities.DeleteOffboardedAccount),
            new OffboardChangeInput(t, [], input.DeleteAt, new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero)),
            GraphRetry.Options);
        return change.Message;
    }
}
