using Azure.Data.Tables;
using Dex.Core.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Audit;

public sealed class AuditServiceCollectionExtensions_AddDex
{
    [Fact]
    public async Task ResolvesOneSqliteAuditLogGivenPath()
    {
        var dir = Directory.CreateTempSubdirectory("dex-audit-di-").FullName;
        try
        {
            await using (var provider = new ServiceCollection().AddDexSqliteAuditLog(Path.Combine(dir, "audit.db")).BuildServiceProvider())
            {
                var log = provider.GetRequiredService<IAuditLog>();
                Assert.IsType<SqliteAuditLog>(log);
                Assert.Same(log, provider.GetRequiredService<IAuditLog>());
            }

            SqliteConnection.ClearAllPools();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task ResolvesTableStorageAuditLogGivenTableServiceClient()
    {
        await using var provider = new ServiceCollection()
            .AddSingleton(new TableServiceClient("UseDevelopmentStorage=true"))
            .AddDexTableStorageAuditLog("AuditX", "chainX")
            .BuildServiceProvider();

        var log = Assert.IsType<TableStorageAuditLog>(provider.GetRequiredService<IAuditLog>());
        Assert.Equal("AuditX", log.Table.Name);
        Assert.Equal("chainX", log.Chain);
    }
}
