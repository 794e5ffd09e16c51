using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dex.Core.Audit;

/// <summary>Registers one <see cref="IAuditLog"/> as a singleton (the chain needs one appender per process).</summary>
public static class AuditServiceCollectionExtensions
{
    /// <summary>SQLite file audit log (Dex.Local: e.g. <c>.dex/audit.db</c>).</summary>
    public static IServiceCollection AddDexSqliteAuditLog(this IServiceCollection services, string pathOrConnectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrConnectionString);
        services.TryAddSingleton<IAuditLog>(sp => new SqliteAuditLog(pathOrConnectionString, sp.GetService<TimeProvider>()));
        return services;
    }

    /// <summary>
    /// Table Storage audit log (Azure). Needs a <see cref="TableServiceClient"/> in the container, e.g.
    /// <c>new TableServiceClient(new Uri("https://acct.table.core.windows.net"), new DefaultAzureCredential())</c>.
    /// </summary>
    public static IServiceCollection AddDexTableStorageAuditLog(this IServiceCollection services, string tableName = TableStorageAuditLog.DefaultTableName, string chain = TableStorageAuditLog.DefaultChain)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IAuditLog>(sp => new TableStorageAuditLog(sp.GetRequiredService<TableServiceClient>(), tableName, chain, sp.GetService<TimeProvider>()));
        return services;
    }

    /// <summary>
    /// Wraps the registered audit log so that its chain head is signed and written outside the store (see
    /// <see cref="CheckpointedAuditLog"/>); the host's graceful stop writes a last checkpoint when the container disposes it.
    /// </summary>
    public static IServiceCollection AddDexAuditCheckpoints(
        this IServiceCollection services, Func<IServiceProvider, ICheckpointSigner> signer, Func<IServiceProvider, ICheckpointStore> store, CheckpointOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(store);
        var existing = services.LastOrDefault(d => d.ServiceType == typeof(IAuditLog))
            ?? throw new InvalidOperationException("Register an audit log (AddDexSqliteAuditLog, AddDexTableStorageAuditLog) before its checkpoints.");
        services.Remove(existing);
        services.AddSingleton<IAuditLog>(sp => new CheckpointedAuditLog(Create(existing, sp), signer(sp), store(sp), options, sp.GetService<TimeProvider>()));
        return services;
    }

    /// <summary>Checkpoints beside the local state: an ECDSA key file and an append-only checkpoint file.</summary>
    public static IServiceCollection AddDexLocalAuditCheckpoints(this IServiceCollection services, string stateDirectory, CheckpointOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDirectory);
        var signer = new FileCheckpointSigner(Path.Combine(stateDirectory, "audit-checkpoint.key"));
        services.AddSingleton(signer);
        return services.AddDexAuditCheckpoints(_ => signer, _ => new FileCheckpointStore(Path.Combine(stateDirectory, "audit-checkpoints.jsonl")), options);
    }

    private static IAuditLog Create(ServiceDescriptor d, IServiceProvider sp) =>
        d.ImplementationInstance as IAuditLog
        ?? (d.ImplementationFactory is { } f ? (IAuditLog)f(sp) : (IAuditLog)ActivatorUtilities.CreateInstance(sp, d.ImplementationType!));
}
