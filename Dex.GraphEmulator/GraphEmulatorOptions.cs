namespace Dex.GraphEmulator;

/// <summary>Settings of one emulator instance. Every option is also a command-line switch (see README.md).</summary>
public sealed class GraphEmulatorOptions
{
    /// <summary>Where to listen. Port 0 picks a free port; read the result from <see cref="GraphEmulatorServer.BaseUrl"/>.</summary>
    public string Url { get; set; } = "http://127.0.0.1:0";

    /// <summary>Tenant file (DESIGN §7). Null loads the built-in sample tenant.</summary>
    public string? TenantPath { get; set; }

    /// <summary>Adds generated people on top of the tenant, e.g. "users=50000,groups=5000,seed=42".</summary>
    public string? Generate { get; set; }

    /// <summary>
    /// Application permissions put in the "roles" claim of tokens from the emulated token endpoint
    /// (https only: <c>POST /{tenant}/oauth2/v2.0/token</c>). Null = a typical Dex set.
    /// </summary>
    public IReadOnlyList<string>? TokenRoles { get; set; }

    /// <summary>Require <c>Authorization: Bearer …</c> (any non-empty token). On by default, like Graph.</summary>
    public bool RequireAuthentication { get; set; } = true;

    // ---- throttling (off by default) ----

    /// <summary>Turns on Graph-like identity throttling (resource units per window per app, write quota).</summary>
    public bool Throttling { get; set; }

    /// <summary>Resource units allowed per app per window. Null = Graph's value by tenant size (3,500 / 5,000 / 8,000).</summary>
    public int? ResourceUnitLimit { get; set; }

    /// <summary>Length of the resource-unit window. Graph uses 10 s; tests can shorten it.</summary>
    public TimeSpan ThrottleWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Writes allowed per app per write window (Graph: 3,000 per 2 min 30 s).</summary>
    public int WriteLimit { get; set; } = 3000;

    /// <summary>Length of the write window (Graph: 150 s).</summary>
    public TimeSpan WriteWindow { get; set; } = TimeSpan.FromSeconds(150);

    // ---- latency and faults (off by default) ----

    /// <summary>Fixed delay added to every request.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>Random extra delay, uniform in [0, LatencyJitter].</summary>
    public TimeSpan LatencyJitter { get; set; } = TimeSpan.Zero;

    /// <summary>Items of one $batch processed at once; each item costs <see cref="Latency"/> (plus jitter) in waves of this size.</summary>
    public int BatchItemParallelism { get; set; } = 4;

    /// <summary>Share (0..1) of requests answered with an injected fault, its status drawn from <see cref="FaultStatuses"/>.</summary>
    public double FaultRate { get; set; }

    /// <summary>Statuses an injected fault answers with, equally likely: any of 429, 500, 502, 503, 504. Null = 500 and 503.</summary>
    public IReadOnlyList<int>? FaultStatuses { get; set; }

    /// <summary>Share (0..1) of the items inside a <c>$batch</c> answered with an injected fault (the batch itself succeeds), as Graph does per item.</summary>
    public double BatchItemFaultRate { get; set; }

    /// <summary>Share (0..1) of requests whose connection is dropped without an answer.</summary>
    public double DropConnectionRate { get; set; }

    /// <summary>Seed of the latency/fault random source, so a failing run can be replayed.</summary>
    public int FaultSeed { get; set; } = 1;

    /// <summary>
    /// Refuse (403 Authorization_RequestDenied) changes to passwordProfile, accountEnabled, mobilePhone, businessPhones
    /// and otherMails of users holding an administrator role, as Graph does for callers without a higher role.
    /// Off by default because the emulator has no notion of the caller's own roles.
    /// </summary>
    public bool ProtectPrivilegedUsers { get; set; }

    /// <summary>
    /// After a user's first usage location is set, this many assignLicense calls adding a licence are still refused
    /// ("invalid usage location"), as Graph does while the change replicates. 0 (default) applies it at once.
    /// </summary>
    public int UsageLocationLag { get; set; }

    /// <summary>Log each request to the console (the executable turns this on).</summary>
    public bool LogRequests { get; set; }
}
