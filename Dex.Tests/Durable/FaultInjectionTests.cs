using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dex.GraphEmulator;
using Dex.Tests.Local;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Durable;

/// <summary>
/// Dex.Local against a faulty Graph, configured the way anyone can reproduce it (<c>Dex:Graph:Emulator:*</c>): one in five
/// requests, and one in five items inside each <c>$batch</c>, answered 429, 500 or 503, while a 200-user unlock and group
/// changes run. Nothing may be missed, done twice or misreported.
/// </summary>
public sealed class FaultyGraphFixture : IAsyncLifetime
{
    public const int BulkSize = 200;
    private readonly string _dir = Directory.CreateTempSubdirectory("dex-faults-").FullName;
    private LocalHostFixture? _local;

    public LocalHostFixture Local => _local!;

    public GraphEmulatorServer Emulator => Local.Services.GetRequiredService<GraphEmulatorServer>();

    public async Task InitializeAsync()
    {
        var tenant = Path.Combine(_dir, "tenant.json");
        await File.WriteAllTextAsync(tenant, DexLocal_Crash.TenantWithLockedUsers(BulkSize));
        _local = new LocalHostFixture
        {
            ExtraArgs =
            [
                $"--Dex:Graph:Tenant={tenant}",
                "--Dex:Graph:Emulator:FaultRate=0.2",
                "--Dex:Graph:Emulator:BatchItemFaultRate=0.2",
                "--Dex:Graph:Emulator:FaultStatuses:0=429",
                "--Dex:Graph:Emulator:FaultStatuses:1=500",
                "--Dex:Graph:Emulator:FaultStatuses:2=503",
                "--Dex:Graph:Emulator:FaultSeed=20",
            ],
        };
        await _local.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_local is not null)
        {
            await _local.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed class DexLocal_FaultyGraph(FaultyGraphFixture fixture) : IClassFixture<FaultyGraphFixture>
{
    private static string Upn(int i) => $"u{i:D3}@acme.com";

    private async Task<string> SendAsync(string id, string requester, string text)
    {
        using var response = await fixture.Local.Http.PostAsync("/api/messages", new StringContent(JsonSerializer.Serialize(new { id, channel = "faults", requester, text }), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("requestId").GetString()!;
    }

    private async Task<JsonElement> FinishedAsync(string requestId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        JsonElement view = default;
        while (DateTime.UtcNow < deadline)
        {
            view = await fixture.Local.Http.GetFromJsonAsync<JsonElement>($"/api/requests/{requestId}");
            if (view.GetProperty("status").GetString() is "completed" or "failed" or "denied" or "rejected")
            {
                return view;
            }

            await fixture.Local.ConfirmIfAskedAsync(view);

            await Task.Delay(200);
        }

        Assert.Fail($"{requestId} did not finish: {view}");
        return view;
    }

    [Fact]
    public async Task UnlocksEveryAccountExactlyOnceAndChangesGroupsGivenOneInFiveGraphCallsFailing()
    {
        Assert.Equal(0.2, fixture.Emulator.Options.FaultRate);
        var faultsBefore = fixture.Emulator.Stats.InjectedFaults;
        var tenant = fixture.Emulator.Tenant;
        var others = tenant.Users.Where(u => !u.UserPrincipalName.StartsWith('u') || u.UserPrincipalName.Length != "u001@acme.com".Length)
            .ToDictionary(u => u.Id, u => u.AccountEnabled, StringComparer.Ordinal);

        var bulk = await SendAsync("bulk", "helpdesk@acme.com", "Unlock these accounts: " + string.Join(", ", Enumerable.Range(1, FaultyGraphFixture.BulkSize).Select(Upn)));
        var addBen = await SendAsync("add-ben", "admin@acme.com", "Add ben@acme.com to Sales Team");
        var addDavid = await SendAsync("add-david", "admin@acme.com", "Add david@acme.com to All-Engineering");

        var done = await FinishedAsync(bulk);
        Assert.True(done.GetProperty("status").GetString() == "completed", done.ToString());
        var items = done.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("action").GetString() == "unlock_user").GetProperty("items").EnumerateArray()
            .Select(i => (Target: i.GetProperty("target").GetString()!, Status: i.GetProperty("status").GetString()!)).ToList();

        // Every target reported exactly once, every one enabled, nobody else touched.
        Assert.Equal(Enumerable.Range(1, FaultyGraphFixture.BulkSize).Select(Upn).Order(), items.Select(i => i.Target).Order());
        Assert.All(items, i => Assert.True(i.Status is "enabled" or "already_enabled", i.Target + ": " + i.Status));
        Assert.All(Enumerable.Range(1, FaultyGraphFixture.BulkSize), i => Assert.True(tenant.FindUser(Upn(i))!.AccountEnabled, Upn(i)));
        Assert.All(others, kv => Assert.Equal(kv.Value, tenant.Users.Single(u => u.Id == kv.Key).AccountEnabled));
        Assert.Contains(FaultyGraphFixture.BulkSize.ToString(System.Globalization.CultureInfo.InvariantCulture), done.GetProperty("reply").GetString(), StringComparison.Ordinal);

        foreach (var (request, upn, group) in new[] { (addBen, "ben@acme.com", "Sales Team"), (addDavid, "david@acme.com", "All-Engineering") })
        {
            var view = await FinishedAsync(request);
            Assert.True(view.GetProperty("status").GetString() == "completed", view.ToString());
            Assert.Single(tenant.FindGroup(group)!.MemberIds, m => string.Equals(m, tenant.FindUser(upn)!.Id, StringComparison.Ordinal));
        }

        // The faults really happened (so the test proves something), and the trail is intact.
        Assert.True(fixture.Emulator.Stats.InjectedFaults - faultsBefore >= 10, $"only {fixture.Emulator.Stats.InjectedFaults - faultsBefore} faults were injected");
        var verify = await fixture.Local.Http.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(verify.GetProperty("ok").GetBoolean());
    }
}
