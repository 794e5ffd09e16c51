using Azure.Data.Tables;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dex.Core.Secrets;

/// <summary>Registers <see cref="ProtectedSecretVault"/> as the <see cref="ISecretVault"/> over the chosen store.</summary>
public static class SecretServiceCollectionExtensions
{
    /// <summary>
    /// The vault over <paramref name="store"/>. Adds DataProtection with its defaults; configure the key ring for
    /// production in your own <c>services.AddDataProtection()...</c> call (all instances must share it, e.g.
    /// <c>PersistKeysToAzureBlobStorage</c> + <c>ProtectKeysWithAzureKeyVault</c>, or keys from configuration).
    /// </summary>
    public static IServiceCollection AddDexProtectedSecretVault(this IServiceCollection services, Func<IServiceProvider, ISecretStore> store)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(store);
        services.AddDataProtection();
        services.TryAddSingleton(store);
        services.TryAddSingleton(sp => new ProtectedSecretVault(sp.GetRequiredService<ISecretStore>(), sp.GetRequiredService<IDataProtectionProvider>(), sp.GetService<TimeProvider>()));
        services.TryAddSingleton<ISecretVault>(sp => sp.GetRequiredService<ProtectedSecretVault>());
        return services;
    }

    /// <summary>Vault over a SQLite file (Dex.Local: e.g. <c>.dex/secrets.db</c>).</summary>
    public static IServiceCollection AddDexSqliteSecretVault(this IServiceCollection services, string pathOrConnectionString)
        => services.AddDexProtectedSecretVault(_ => new SqliteSecretStore(pathOrConnectionString));

    /// <summary>Vault over Table Storage (Azure); needs a <see cref="TableServiceClient"/> in the container.</summary>
    public static IServiceCollection AddDexTableSecretVault(this IServiceCollection services, string tableName = TableSecretStore.DefaultTableName)
        => services.AddDexProtectedSecretVault(sp => new TableSecretStore(sp.GetRequiredService<TableServiceClient>(), tableName));
}
