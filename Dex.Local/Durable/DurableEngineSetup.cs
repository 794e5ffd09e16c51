using Dex.Core.Approvals;
using Dex.Core.Directory;
using Dex.Core.Workflows;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dex.Local.Durable;

/// <summary>The engine Dex.Local chose at start-up, and the line it prints about it.</summary>
public sealed record DurableEngineChoice(DurableMode Mode, string Description, string StartupLine);

/// <summary>Chooses and registers the durable engine of Dex.Local (DESIGN §6; README "Durable engine").</summary>
public static class DurableEngineSetup
{
    public const string InMemoryWarning =
        "in memory (--Dex:Durable:Mode=InMemory): a restart forgets every in-flight request (approval waits, running steps).";

    public static async Task<DurableEngineChoice> AddDexDurableEngineAsync(this WebApplicationBuilder builder, string statePath, GraphOptions graph)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(graph);
        var options = builder.Configuration.GetSection(DurableOptions.Section).Get<DurableOptions>() ?? new DurableOptions();
        System.ComponentModel.DataAnnotations.Validator.ValidateObject(options, new(options), validateAllProperties: true);
        var services = builder.Services;

        // Safety never depends on the engine's memory: used links and accepted ids live in SQLite beside the audit.
        var ledger = new LocalLedger(Path.Combine(statePath, "ledger.db"));
        services.AddSingleton(ledger);
        services.AddSingleton<IApprovalTokenLedger>(ledger);

        var storage = options.Storage;
        EmbeddedAzurite? azurite = null;
        var mode = options.Mode;
        string? whyInMemory = null;
        if (mode != DurableMode.InMemory && string.IsNullOrWhiteSpace(storage))
        {
            var entry = EmbeddedAzurite.FindEntry();
            if (entry is not null && EmbeddedAzurite.NodeAvailable())
            {
                azurite = await EmbeddedAzurite.StartAsync(entry, statePath, CancellationToken.None);
                storage = azurite.ConnectionString;
            }
            else if (mode == DurableMode.AzureStorage || graph.IsLive)
            {
                throw new InvalidOperationException(
                    "Dex:Durable needs storage for the persistent engine: set Dex:Durable:Storage (a connection string or a storage account URI), " +
                    "or install Azurite with tools/azurite/ensure-azurite.sh (Node.js 18+)." + (graph.IsLive ? " Live Graph mode never runs on the in-memory engine." : string.Empty));
            }
            else
            {
                whyInMemory = "Node.js or tools/azurite was not found";
            }
        }

        if (mode == DurableMode.InMemory && graph.IsLive)
        {
            throw new InvalidOperationException(
                "Dex:Durable:Mode=InMemory is refused in Live Graph mode: a restart would forget requests acting on a real tenant. " +
                "Set Dex:Durable:Storage (or remove Mode=InMemory to use Azurite).");
        }

        if (mode == DurableMode.InMemory || whyInMemory is not null)
        {
            services.AddInMemoryDurableTask(registry => registry.AddDexTasks(), new InMemoryDurableTaskOptions());
            Remember(services);
            var line = "Durable engine    : " + InMemoryWarning + (whyInMemory is null
                ? string.Empty
                : $"\n                    ({whyInMemory}; run tools/azurite/ensure-azurite.sh or set Dex:Durable:Storage for the persistent engine.)");
            var choice = new DurableEngineChoice(DurableMode.InMemory, "in memory", line);
            services.AddSingleton(choice);
            return choice;
        }

        services.AddSingleton(options);
        services.AddSingleton(sp => new AzureStorageEngine(options, storage!, sp.GetRequiredService<ILoggerFactory>()));
        services.AddDurableTaskWorker(b => b.AddTasks(r => r.AddDexTasks()).UseBuildTarget<AzureStorageDurableTaskWorker>());
        services.AddSingleton<DurableTaskClient>(sp => new OrchestrationServiceDurableTaskClient(sp.GetRequiredService<AzureStorageEngine>()));
        Remember(services);
        if (azurite is not null)
        {
            services.AddSingleton(azurite);
        }

        var where = azurite is not null
            ? $"Azurite (tools/azurite) with its data in {Path.Combine(statePath, "azurite")}"
            : AzureStorageDescription(storage!);
        var persistent = new DurableEngineChoice(
            DurableMode.AzureStorage,
            where,
            $"Durable engine    : Azure Storage provider on {where}, task hub '{options.TaskHub}' " +
            $"(orchestrations {options.MaxConcurrentOrchestrations}, activities {options.MaxConcurrentActivities} at once); requests survive restarts.");
        services.AddSingleton(persistent);
        return persistent;
    }

    private static string AzureStorageDescription(string storage)
        => AzureStorageEngine.IsConnectionString(storage) && storage.Contains("devstoreaccount1", StringComparison.Ordinal) ? "Azurite" : "Azure Storage";

    /// <summary>Wraps whichever client the engine registered with the ledger of accepted request ids.</summary>
    private static void Remember(IServiceCollection services)
    {
        var existing = services.LastOrDefault(d => d.ServiceType == typeof(DurableTaskClient))
            ?? throw new InvalidOperationException("The durable engine registered no DurableTaskClient.");
        services.RemoveAll<DurableTaskClient>();
        services.AddSingleton<DurableTaskClient>(sp =>
        {
            var inner = existing.ImplementationFactory is { } f ? (DurableTaskClient)f(sp)
                : existing.ImplementationInstance as DurableTaskClient
                ?? (DurableTaskClient)ActivatorUtilities.CreateInstance(sp, existing.ImplementationType!);
            return new RememberingDurableTaskClient(inner, sp.GetRequiredService<LocalLedger>());
        });
    }
}
