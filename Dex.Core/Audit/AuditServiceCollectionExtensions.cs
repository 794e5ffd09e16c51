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
}
