using Dex.Core.Grants;

namespace Dex.Tests.Grants;

public sealed class SqliteGrantStore_Records
{
    private static GrantRecord Grant(string id, string user, GrantStatus status) => new()
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
