using Dex.Core.Audit;
using Dex.Core.Notifications;
using Dex.Core.Requests;
using Microsoft.DurableTask;

namespace Dex.Core.Workflows;

/// <summary>
/// The orchestrator's side effects, owned in one place: audit entries and notifications, each with a
/// stable id (request id, event, a per-run sequence number) so a replayed or retried activity converges.
/// </summary>
public sealed class WorkflowEffects(TaskOrchestrationContext ctx, RequestInput input)
{
    private int _sequence;

    public DateTimeOffset Now => new(ctx.CurrentUtcDateTime, TimeSpan.Zero);

    public Task NotifyAsync(string recipient, string kind, string text) => NotifyManyAsync([recipient], kind, text, kind);

    public async Task NotifyManyAsync(IEnumerable<string> recipients, string kind, string text, string tag)
    {
        var n = ++_sequence;
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

    /// <summary>
    /// Appends an audit entry; <paramref name="eventId"/> overrides the sequenced id where the id must be stable across runs,
    /// and <paramref name="key"/> makes a sequenced id unique per decision (a deny and a later approve never share an id).
    /// </summary>
    public async Task AuditAsync(string evt, string outcome, string details, string? actor = null, string? action = null, string? target = null, string? eventId = null, string? key = null)
    {
        var n = ++_sequence;
        await ctx.CallActivityAsync<bool>(nameof(RequestActivities.RecordAudit), new AuditEvent
        {
            EventId = eventId ?? (key is null ? $"{input.RequestId}:{evt}:{n}" : $"{input.RequestId}:{evt}:{n}:{key}"),
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

    /// <summary>Indexes a question put to the requester so their next message on this channel finds it; null when it could not be.</summary>
    public async Task<Intake.OpenQuestion?> OpenQuestionAsync(string requesterId, Intake.OpenQuestionKind kind, string question, TimeSpan timeout)
        => await ctx.CallActivityAsync<Intake.OpenQuestion?>(
            nameof(QuestionActivities.OpenQuestion),
            new Intake.OpenQuestion(input.RequestId, requesterId, input.Requester, input.Channel, kind, question, Now, Now.Add(timeout)),
            Workflows.GraphRetry.Options);

    /// <summary>Removes the question from the index once it is answered, cancelled or timed out.</summary>
    public async Task CloseQuestionAsync(Intake.OpenQuestion? question)
    {
        if (question is not null)
        {
            await ctx.CallActivityAsync<bool>(nameof(QuestionActivities.CloseQuestion), question, Workflows.GraphRetry.Options);
        }
    }

    public static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";
}
