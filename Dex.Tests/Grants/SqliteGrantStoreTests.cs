using Dex.Core.Grants;
using Dex.Tests.Audit;

namespace Dex.Tests.Grants;

public sealed class SqliteGrantStore_Records
{
    internal static GrantRecord Grant(string id, string user, GrantStatus status) => new()
    {
        Id = id, RequestId = "r", Requester = "uma@acme.com", UserId = user, UserPrincipalName = user + "@acme.com",
        ResourceId = "G1", ResourceName = "All-Engineering", Status = status, EndsAt = DateTimeOffset.UnixEpoch.AddDays(1),
    };

    [Fact]
    public async Task ListsOnlyOpenGrantsAndKeepsThemGivenAReopenedFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dex-grants-{Guid.NewGuid():N}.db");
        using (var store = new SqliteGrantStore(path))
        {
            await store.SaveAsync(Grant("a", "TOM", GrantStatus.Active));
            await store.SaveAsync(Grant("b", "tom", GrantStatus.Ended));
            await store.SaveAsync(Grant("c", "sarah", GrantStatus.Active));
            await store.SaveAsync(Grant("a", "TOM", GrantStatus.Active) with { Extensions = 2 });
        }

        using var reopened = new SqliteGrantStore(path);
        var open = await reopened.ListOpenAsync("tom", "g1");
        Assert.Equal(["a"], open.Select(g => g.Id));
        Assert.Equal(2, open[0].Extensions);
        Assert.Equal(2, (await reopened.ListOpenAsync()).Count);
        Assert.Equal(GrantStatus.Ended, (await reopened.GetAsync("b"))!.Status);
        Assert.Null(await reopened.GetAsync("missing"));
    }
}

/// <summary>The grant store Azure uses (Table Storage), against a real Azurite, held to what the SQLite store does.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableGrantStore_Records(AzuriteFixture azurite)
{
    [Fact]
    public async Task ListsOnlyOpenGrantsAndReplacesByIdGivenTableStorage()
    {
        var table = "grants" + Guid.NewGuid().ToString("N")[..10];
        var store = new TableGrantStore(azurite.CreateServiceClient(), table);
        await store.SaveAsync(SqliteGrantStore_Records.Grant("a", "TOM", GrantStatus.Active));
        await store.SaveAsync(SqliteGrantStore_Records.Grant("b", "tom", GrantStatus.Ended));
        await store.SaveAsync(SqliteGrantStore_Records.Grant("c", "sarah", GrantStatus.Active));
        await store.SaveAsync(SqliteGrantStore_Records.Grant("a", "TOM", GrantStatus.Active) with { Extensions = 2 });

        var reopened = new TableGrantStore(azurite.CreateServiceClient(), table);
        var open = await reopened.ListOpenAsync("tom", "g1");
        Assert.Equal(["a"], open.Select(g => g.Id));
        Assert.Equal(2, open[0].Extensions);
        Assert.Equal(2, (await reopened.ListOpenAsync()).Count);
        Assert.Equal(GrantStatus.Ended, (await reopened.GetAsync("b"))!.Status);
        Assert.Null(await reopened.GetAsync("missing"));
    }
}
