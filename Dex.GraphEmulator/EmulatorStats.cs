using System.Collections.Concurrent;

namespace Dex.GraphEmulator;

/// <summary>Request counters, also served at GET /_emulator/stats.</summary>
public sealed class EmulatorStats
{
    private readonly ConcurrentDictionary<string, long> _byRoute = new(StringComparer.Ordinal);
    private long _total;
    private long _throttled;
    private long _batches;
    private long _batchItems;
    private long _faults;
    private long _dropped;

    /// <summary>Requests served, batch items included.</summary>
    public long TotalRequests => Interlocked.Read(ref _total);

    /// <summary>Responses that were 429 (top-level or batch item).</summary>
    public long ThrottledRequests => Interlocked.Read(ref _throttled);

    public long BatchRequests => Interlocked.Read(ref _batches);
    public long BatchItems => Interlocked.Read(ref _batchItems);
    public long InjectedFaults => Interlocked.Read(ref _faults);
    public long DroppedConnections => Interlocked.Read(ref _dropped);

    /// <summary>Counts keyed "GET /users/{id}" (method + route template).</summary>
    public IReadOnlyDictionary<string, long> ByRoute => new SortedDictionary<string, long>(_byRoute, StringComparer.Ordinal);

    /// <summary>Count for one "METHOD /template", 0 when never called.</summary>
    public long Count(string methodAndTemplate) => _byRoute.GetValueOrDefault(methodAndTemplate);

    internal void Count(string method, string template)
    {
        Interlocked.Increment(ref _total);
        _byRoute.AddOrUpdate(method.ToUpperInvariant() + " " + template, 1, static (_, n) => n + 1);
    }

    internal void Throttled() => Interlocked.Increment(ref _throttled);
    internal void Batch(int items)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _batchItems, items);
    }

    internal void Fault() => Interlocked.Increment(ref _faults);
    internal void Dropped() => Interlocked.Increment(ref _dropped);

    public void Reset()
    {
        _byRoute.Clear();
        Interlocked.Exchange(ref _total, 0);
        Interlocked.Exchange(ref _throttled, 0);
        Interlocked.Exchange(ref _batches, 0);
        Interlocked.Exchange(ref _batchItems, 0);
        Interlocked.Exchange(ref _faults, 0);
        Interlocked.Exchange(ref _dropped, 0);
    }
}
