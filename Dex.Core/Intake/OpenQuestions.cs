using System.Collections.Concurrent;

namespace Dex.Core.Intake;

/// <summary>What a request is waiting to hear from its requester.</summary>
public enum OpenQuestionKind
{
    /// <summary>Which of several people (or objects) was meant.</summary>
    Clarification,

    /// <summary>A yes/no before the request goes on.</summary>
    Confirmation,
}

/// <summary>
/// A question a request has put to its requester and is waiting on, keyed by who was asked (directory object id, which a
/// rename cannot change) and on which channel, so the next message there finds it without scanning orchestrations.
/// </summary>
/// <param name="RequesterUpn">The requester as the request named them; for reading, never for the key.</param>
public sealed record OpenQuestion(
    string RequestId,
    string RequesterId,
    string RequesterUpn,
    string Channel,
    OpenQuestionKind Kind,
    string Question,
    DateTimeOffset OpenedAt,
    DateTimeOffset ExpiresAt);

/// <summary>
/// The index of open questions. Written by the workflow's activities when a question opens and when it is answered,
/// cancelled or times out; read by intake. An entry is a pointer: intake confirms it against the orchestration's own state.
/// </summary>
public interface IOpenQuestionStore
{
    /// <summary>Records <paramref name="question"/>; opening the same request's question again replaces it.</summary>
    Task OpenAsync(OpenQuestion question, CancellationToken cancellationToken = default);

    /// <summary>The questions open to this requester on this channel that have not expired by <paramref name="now"/>, newest first.</summary>
    Task<IReadOnlyList<OpenQuestion>> FindAsync(string requesterId, string channel, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Removes the request's question; removing one that is not there is success.</summary>
    Task CloseAsync(string requesterId, string channel, string requestId, CancellationToken cancellationToken = default);
}

/// <summary>How every store compares requesters and channels: case-insensitively, channel trimmed (as intake does).</summary>
public static class OpenQuestionKeys
{
    public static string Requester(string requesterId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requesterId);
        return requesterId.Trim().ToLowerInvariant();
    }

    public static string Channel(string channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.Trim().ToLowerInvariant();
    }

    public static IReadOnlyList<OpenQuestion> Live(IEnumerable<OpenQuestion> questions, DateTimeOffset now)
        => [.. questions.Where(q => q.ExpiresAt > now).OrderByDescending(q => q.OpenedAt).ThenBy(q => q.RequestId, StringComparer.Ordinal)];
}

/// <summary>Open questions in memory: tests and single-process hosts without a state store.</summary>
public sealed class InMemoryOpenQuestionStore : IOpenQuestionStore
{
    private readonly ConcurrentDictionary<(string Requester, string Channel, string RequestId), OpenQuestion> _open = new();

    public Task OpenAsync(OpenQuestion question, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        _open[(OpenQuestionKeys.Requester(question.RequesterId), OpenQuestionKeys.Channel(question.Channel), question.RequestId)] = question;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OpenQuestion>> FindAsync(string requesterId, string channel, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var (r, c) = (OpenQuestionKeys.Requester(requesterId), OpenQuestionKeys.Channel(channel));
        return Task.FromResult(OpenQuestionKeys.Live(_open.Where(kv => kv.Key.Requester == r && kv.Key.Channel == c).Select(kv => kv.Value), now));
    }

    public Task CloseAsync(string requesterId, string channel, string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        _open.TryRemove((OpenQuestionKeys.Requester(requesterId), OpenQuestionKeys.Channel(channel), requestId), out _);
        return Task.CompletedTask;
    }
}
