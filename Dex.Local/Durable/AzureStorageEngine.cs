using Azure.Identity;
using DurableTask.AzureStorage;

namespace Dex.Local.Durable;

/// <summary>The one Azure Storage orchestration service of the process: the worker dispatches from it, the client writes to it.</summary>
public sealed class AzureStorageEngine : IDisposable
{
    private readonly SemaphoreSlim _createGate = new(1, 1);
    private bool _created;

    public AzureStorageEngine(DurableOptions options, string storage, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        Description = Describe(storage);
        Settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.TaskHub,
            StorageAccountClientProvider = ClientProvider(storage),
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            PartitionCount = options.PartitionCount,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            ControlQueueVisibilityTimeout = options.VisibilityTimeout,
            WorkItemQueueVisibilityTimeout = options.VisibilityTimeout,
            ExtendedSessionsEnabled = options.ExtendedSessions,
            ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(30),
            // Table partition management with a stable worker id: a restarted process owns its partitions again at once.
            UseTablePartitionManagement = true,
            WorkerId = string.IsNullOrWhiteSpace(options.WorkerId) ? "dex-local-" + Environment.MachineName : options.WorkerId,
            LoggerFactory = loggerFactory,
        };
        Service = new AzureStorageOrchestrationService(Settings);
    }

    public AzureStorageOrchestrationServiceSettings Settings { get; }

    public AzureStorageOrchestrationService Service { get; }

    /// <summary>Where the state lives, without secrets (for the start-up line and /api/health).</summary>
    public string Description { get; }

    public void Dispose() => _createGate.Dispose();

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _createGate.WaitAsync(cancellationToken);
        try
        {
            if (!_created)
            {
                await Service.CreateIfNotExistsAsync();
                _created = true;
            }
        }
        finally
        {
            _createGate.Release();
        }
    }

    internal static bool IsConnectionString(string storage) => storage.Contains('=', StringComparison.Ordinal);

    private static StorageAccountClientProvider ClientProvider(string storage)
    {
        if (IsConnectionString(storage))
        {
            return new StorageAccountClientProvider(storage);
        }

        // A service URI or an account name: managed identity (or the developer's Azure sign-in) via DefaultAzureCredential.
        var credential = new DefaultAzureCredential();
        if (Uri.TryCreate(storage, UriKind.Absolute, out var uri))
        {
            var account = uri.Host.Split('.')[0];
            return new StorageAccountClientProvider(
                new Uri($"{uri.Scheme}://{account}.blob.core.windows.net"),
                new Uri($"{uri.Scheme}://{account}.queue.core.windows.net"),
                new Uri($"{uri.Scheme}://{account}.table.core.windows.net"),
                credential);
        }

        return new StorageAccountClientProvider(storage, credential);
    }

    private static string Describe(string storage)
    {
        if (!IsConnectionString(storage))
        {
            return $"Azure Storage account {storage} (managed identity)";
        }

        var parts = storage.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && dev.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return "Azurite (development storage)";
        }

        return parts.TryGetValue("QueueEndpoint", out var q) ? $"Azure Storage at {q}" : $"Azure Storage account {parts.GetValueOrDefault("AccountName", "?")}";
    }
}
