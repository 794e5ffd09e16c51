namespace Dex.Web.Chat;

/// <summary>
/// A bounded in-memory record of webhook deliveries already accepted, so an identical signed request replayed
/// inside its freshness window is refused. Keys are canonical (the server-computed MAC, or the Teams activity id),
/// entries expire when their window closes (after which the timestamp check refuses the replay anyway). When full,
/// expired entries go first, then the soonest-expiring; even then a replayed message maps to the same Dex request
/// id (channel + message id), so it cannot start a second orchestration. Per process: a scaled-out app has one per
/// instance, which is why the request-id idempotency stays the backstop.
/// </summary>
public sealed class ReplayCache
{
    public const int DefaultCapacity = 20_000;

    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _byExpiry = new();
    private readonly Lock _gate = new();
    private readonly int _capacity;

    public ReplayCache(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _seen.Count;
            }
        }
    }

    /// <summary>Records <paramref name="key"/> until <paramref name="expiresAt"/>; false when it is already recorded and unexpired (a replay).</summary>
    public bool TryRecord(string key, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        lock (_gate)
        {
            Purge(now);
            if (_seen.TryGetValue(key, out var until) && until > now)
            {
                return false;
            }

            while (_seen.Count >= _capacity && _byExpiry.TryDequeue(out var oldest, out var at))
            {
                if (_seen.TryGetValue(oldest, out var current) && current == at)
                {
                    _seen.Remove(oldest);
                }
            }

            _seen[key] = expiresAt;
            _byExpiry.Enqueue(key, expiresAt);
            return true;
        }
    }

    /// <summary>Drops a key, so a delivery that failed on our side (not the caller's) can be retried.</summary>
    public void Forget(string key)
    {
        lock (_gate)
        {
            _seen.Remove(key);
        }
    }

    private void Purge(DateTimeOffset now)
    {
        while (_byExpiry.TryPeek(out var key, out var at) && at <= now)
        {
            _byExpiry.Dequeue();
            if (_seen.TryGetValue(key, out var current) && current == at)
            {
                _seen.Remove(key);
            }
        }

        // Stale queue entries of forgotten or re-recorded keys are bounded by the same capacity.
        if (_byExpiry.Count > _capacity * 2)
        {
            _byExpiry.Clear();
            foreach (var (k, v) in _seen)
            {
                _byExpiry.Enqueue(k, v);
            }
        }
    }
}
