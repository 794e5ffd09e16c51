namespace Dex.Local.Durable;

/// <summary>Which durable engine Dex.Local runs its workflows on.</summary>
public enum DurableMode
{
    /// <summary>Azure Storage when <c>Dex:Durable:Storage</c> is set or Node.js and tools/azurite are present; else in memory.</summary>
    Auto,

    /// <summary>The Durable Task Azure Storage provider (Azurite or a real account): state survives restarts and crashes.</summary>
    AzureStorage,

    /// <summary>The in-process test engine: zero install, but a restart forgets every in-flight request.</summary>
    InMemory,
}

/// <summary>Section <c>Dex:Durable</c>: the engine and its concurrency (the counterpart of host.json's durableTask section).</summary>
public sealed class DurableOptions
{
    public const string Section = "Dex:Durable";

    public DurableMode Mode { get; set; } = DurableMode.Auto;

    /// <summary>
    /// Storage for the task hub: a connection string (Azurite: <c>UseDevelopmentStorage=true</c> or an explicit one), or an
    /// account's service URI / name (<c>https://acct.blob.core.windows.net</c> or <c>acct</c>) reached with managed identity.
    /// Empty in Auto mode = start the Azurite of tools/azurite with its data under the state folder.
    /// </summary>
    public string? Storage { get; set; }

    /// <summary>Task hub name: queues, tables and blob containers are named after it (letters and digits, 3-45).</summary>
    public string TaskHub { get; set; } = "dex";

    /// <summary>Orchestration episodes run at once (host.json: maxConcurrentOrchestratorFunctions).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1000)]
    public int MaxConcurrentOrchestrations { get; set; } = 100;

    /// <summary>Activities run at once (host.json: maxConcurrentActivityFunctions).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1000)]
    public int MaxConcurrentActivities { get; set; } = 64;

    /// <summary>Control-queue partitions (host.json: partitionCount).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 16)]
    public int PartitionCount { get; set; } = 4;

    /// <summary>Longest wait between polls of an idle queue (host.json: maxQueuePollingInterval); small = low latency.</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a dequeued message stays hidden; a crashed worker's unfinished work reappears after this. Live workers
    /// renew it while they work, so it bounds recovery time, not activity length.
    /// </summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Keep orchestrations in memory between episodes (host.json: extendedSessionsEnabled).</summary>
    public bool ExtendedSessions { get; set; } = true;

    /// <summary>Stable worker name: a restarted Dex.Local takes its partitions back at once instead of waiting for leases to expire.</summary>
    public string? WorkerId { get; set; }
}
