namespace Dex.Core.Intake;

/// <summary>
/// Admits a requester's new messages at a bounded rate (a flood from one account, or one stolen front-end identity,
/// cannot start unbounded orchestrations and Graph traffic). Dex.Web implements it for both hosts.
/// </summary>
public interface IRequesterRateLimiter
{
    /// <summary>True when <paramref name="requester"/> (a UPN from the directory) may start another request now.</summary>
    bool TryAcquire(string requester);

    /// <summary>How long a refused requester should wait, for the message.</summary>
    TimeSpan RetryAfter { get; }
}
