using System.Net;
using System.Text.Json;
using Dex.GraphEmulator;
using Dex.GraphEmulator.Model;
using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace Dex.Tests.GraphEmulator;

/// <summary>Tenant files, the generator, paging a big tenant, stats/reset and the command line.</summary>
public sealed class TenantAndStatsTests
{
    private static async Task<string> TempTenant(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dex-tenant-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, json);
        return path;
    }

    [Theory]
    [InlineData("""{"domain":"x.com","users":[{"userPrincipalName":"a@x.com","displayName":"A","manager":"nobody@x.com"}]}""", "users[0].manager")]
    [InlineData("""{"domain":"x.com","users":[{"displayName":"A"}]}""", "users[0].userPrincipalName")]
    [InlineData("""{"domain":"x.com","groups":[{"displayName":"G","kind":"weird"}]}""", "groups[0].kind")]
    [InlineData("""{"domain":"x.com","directoryRoles":[{"displayName":"Chief Wizard"}]}""", "directoryRoles[0].displayName")]
    [InlineData("""{"domain":"x.com","users":[{"userPrincipalName":"a@x.com","displayName":"A","accountEnabled":"yes"}]}""", "$.users[0].accountEnabled")]
    [InlineData("""{"users":[]}""", "domain")]
    public async Task Bad_tenant_file_fails_at_startup_naming_the_field(string json, string field)
    {
        var path = await TempTenant(json);
        try
        {
            var ex = await Assert.ThrowsAsync<TenantFileException>(() => GraphEmulatorServer.StartAsync(new GraphEmulatorOptions { TenantPath = path }));
            Assert.Contains(field, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Tenant_file_loads_with_deterministic_ids()
    {
        var path = await TempTenant("""
        {"domain":"contoso.com","users":[{"userPrincipalName":"a@contoso.com","displayName":"A"},{"userPrincipalName":"b@contoso.com","displayName":"B","manager":"a@contoso.com"}],
         "groups":[{"displayName":"Inner","members":["b@contoso.com"]},{"displayName":"Outer","members":["Inner"]}]}
        """);
        try
        {
            await using var emu = await EmulatorFixture.StartAsync(new GraphEmulatorOptions { TenantPath = path });
            Assert.Equal("contoso.com", emu.Tenant.Domain);
            Assert.Equal(emu.Tenant.FindUser("a@contoso.com")!.Id, emu.Tenant.FindUser("b@contoso.com")!.ManagerId);
            Assert.Equal(Ids.For("user", "a@contoso.com"), emu.Tenant.FindUser("a@contoso.com")!.Id);
            var transitive = await emu.Client.Users["b@contoso.com"].TransitiveMemberOf.GetAsync();
            Assert.Equal(["Inner", "Outer"], transitive!.Value!.OfType<Group>().Select(g => g.DisplayName!).Order(StringComparer.Ordinal));
            var direct = await emu.Client.Users["b@contoso.com"].MemberOf.GetAsync();
            Assert.Equal("Inner", Assert.Single(direct!.Value!.OfType<Group>()).DisplayName);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Generator_is_deterministic_and_paging_2500_users_with_PageIterator_works()
    {
        await using var emu = await EmulatorFixture.StartAsync(new GraphEmulatorOptions { Generate = "users=2500,groups=50,seed=42" });
        var total = emu.Tenant.Users.Count;
        Assert.Equal(2516, total);
        Assert.NotNull(emu.Tenant.FindUser("tom@acme.com")); // the file's people are still there

        var first = await emu.Client.Users.GetAsync(rc =>
        {
            rc.QueryParameters.Top = 999;
            rc.QueryParameters.Select = ["id", "userPrincipalName", "accountEnabled"];
            rc.QueryParameters.Count = true;
            rc.Headers.Add("ConsistencyLevel", "eventual");
        });
        Assert.Equal(total, first!.OdataCount);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pages = 1;
        var it = PageIterator<User, UserCollectionResponse>.CreatePageIterator(emu.Client, first, u => seen.Add(u.Id!), req =>
        {
            pages++;
            req.Headers.Add("ConsistencyLevel", "eventual");
            return req;
        });
        await it.IterateAsync();
        Assert.Equal(total, seen.Count);
        Assert.Equal(3, pages);

        await using var again = await EmulatorFixture.StartAsync(new GraphEmulatorOptions { Generate = "users=2500,groups=50,seed=42" });
        Assert.Equal(emu.Tenant.Users.Select(u => u.Id), again.Tenant.Users.Select(u => u.Id));
        Assert.Equal(emu.Tenant.Groups.Select(g => g.MemberIds.Count), again.Tenant.Groups.Select(g => g.MemberIds.Count));
    }

    [Fact]
    public async Task Stats_endpoint_and_reset()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        await emu.Client.Users["tom@acme.com"].GetAsync();
        await emu.Client.Users["sarah@acme.com"].GetAsync();
        await emu.Client.Users["tom@acme.com"].PatchAsync(new User { JobTitle = "Changed" });
        Assert.Equal(2, emu.Server.Stats.Count("GET /users/{id}"));
        Assert.Equal(1, emu.Server.Stats.Count("PATCH /users/{id}"));

        using var http = emu.CreateHttpClient(token: null);
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri("_emulator/stats", UriKind.Relative)));
        Assert.Equal(2, doc.RootElement.GetProperty("byRoute").GetProperty("GET /users/{id}").GetInt64());
        Assert.Equal(3, doc.RootElement.GetProperty("totalRequests").GetInt64());

        using var reset = await http.PostAsync(new Uri("_emulator/reset", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal("Account Executive", emu.Tenant.FindUser("tom@acme.com")!.JobTitle);
        Assert.Equal(0, emu.Server.Stats.TotalRequests);
    }

    [Theory]
    [InlineData("http://127.0.0.1:7072", "http://127.0.0.1:7072")]
    [InlineData("http://127.0.0.1:7072/", "http://127.0.0.1:7072")]
    [InlineData("http://127.0.0.1:7072/v1.0", "http://127.0.0.1:7072")]
    public void Listen_url_tolerates_a_version_path(string given, string expected) =>
        Assert.Equal(expected, GraphEmulatorServer.ListenUrl(given));

    [Fact]
    public void Command_line_sets_every_option()
    {
        var o = GraphEmulatorCommandLine.Parse(["--tenant", "t.json", "--urls=http://127.0.0.1:7072", "--generate", "users=10", "--throttle", "--ru-limit", "100",
            "--throttle-window", "2", "--write-limit", "5", "--write-window", "30", "--latency", "50", "--jitter", "10", "--fault-rate", "0.1", "--fault-statuses", "429, 500,503", "--batch-item-fault-rate", "0.2", "--drop-rate", "0.05", "--seed", "7", "--no-auth", "--protect-privileged", "--token-roles", "User.Read.All, Group.Read.All"])!;
        Assert.Equal("t.json", o.TenantPath);
        Assert.Equal("http://127.0.0.1:7072", o.Url);
        Assert.Equal("users=10", o.Generate);
        Assert.True(o.Throttling);
        Assert.Equal(100, o.ResourceUnitLimit);
        Assert.Equal(TimeSpan.FromSeconds(2), o.ThrottleWindow);
        Assert.Equal(5, o.WriteLimit);
        Assert.Equal(TimeSpan.FromSeconds(30), o.WriteWindow);
        Assert.Equal(TimeSpan.FromMilliseconds(50), o.Latency);
        Assert.Equal(TimeSpan.FromMilliseconds(10), o.LatencyJitter);
        Assert.Equal(0.1, o.FaultRate);
        Assert.Equal([429, 500, 503], o.FaultStatuses!);
        Assert.Equal(0.2, o.BatchItemFaultRate);
        Assert.Equal(0.05, o.DropConnectionRate);
        Assert.Equal(7, o.FaultSeed);
        Assert.False(o.RequireAuthentication);
        Assert.True(o.ProtectPrivilegedUsers);
        Assert.Equal(["User.Read.All", "Group.Read.All"], o.TokenRoles!);
        Assert.Throws<ArgumentException>(() => GraphEmulatorCommandLine.Parse(["--bogus"]));
        Assert.Throws<ArgumentException>(() => GraphEmulatorCommandLine.Parse(["--fault-rate", "2"]));
        Assert.Throws<ArgumentException>(() => GraphEmulatorCommandLine.Parse(["--fault-statuses", "418"]));
    }
}
