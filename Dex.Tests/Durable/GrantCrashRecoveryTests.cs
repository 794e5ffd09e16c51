using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dex.GraphEmulator;
using Dex.Local.Durable;
using Dex.Tests.Audit;
using Dex.Tests.Support;

namespace Dex.Tests.Durable;

/// <summary>
/// A time-bound grant's durable timer survives a crash: Dex.Local on the persistent engine (Azure Storage provider on
/// Azurite) is killed with SIGKILL while the grant waits, started again on the same state, and the access is still
/// revoked at expiry, exactly once.
/// </summary>
public sealed class DexLocal_GrantCrash : IAsyncLifetime
{
    private CrashRig _rig = null!;

    public async Task InitializeAsync()
        => _rig = await CrashRig.StartAsync("grant-crash", _ => Task.FromResult(Path.Combine(RepoPaths.Root, "Dex.GraphEmulator", "Tenants", "sample-tenant.json")));

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task RevokesOnceAtExpiryGivenSigkillDuringTheGrantsWait()
    {
        var policy = Path.Combine(_rig.State, "policy.json");
        await File.WriteAllTextAsync(policy, """
            { "version": 1,
              "actions": {
                "grant_access": { "selfService": false, "onBehalf": { "roles": ["User Administrator"] }, "timeBound": { "defaultDuration": "00:00:30", "reminders": [] } } } }
            """);
        var port = DexLocalProcess.FreePort();
        string[] args =
        [
            $"--Dex:State:Path={_rig.State}",
            $"--Dex:Policy:Path={policy}",
            $"--Dex:Graph:EmulatorUrl={_rig.Emulator.RootUrl}",
            "--Dex:Graph:Emulator:External=true",
            $"--Dex:Durable:Storage={_rig.Azurite.ConnectionString}",
            "--Dex:Durable:TaskHub=grantcrash" + Guid.NewGuid().ToString("N")[..8],
            "--Dex:Durable:VisibilityTimeout=00:00:10",
            "--Logging:LogLevel:Default=Warning",
        ];

        string request;
        await using (var first = await DexLocalProcess.StartAsync(port, args))
        {
            request = (await first.SendAsync("grant-crash-1", "uma@acme.com", "add tom@acme.com to All-Engineering")).GetProperty("requestId").GetString()!;
            var done = await first.WaitForStatusAsync(request, "completed", "failed", "denied");
            Assert.True(done.GetProperty("status").GetString() == "completed", done.GetProperty("reply").GetString());
            Assert.True(await IsMemberAsync("tom@acme.com", "All-Engineering"));

            // The grant's orchestration is now waiting on its 30 s timer: kill Dex mid-wait.
            first.Crash();
        }

        await using var second = await DexLocalProcess.StartAsync(port, args);
        await WaitAsync(async () => !await IsMemberAsync("tom@acme.com", "All-Engineering"), "the grant to be revoked after the restart");

        // Revoked once: one expiry in the trail, and it stays that way.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var trail = await AuditAsync(second, request);
        Assert.Single(trail, e => e.Event == "grant_started");
        Assert.Equal(("grant_expired", "removed"), Assert.Single(trail, e => e.Event is "grant_expired" or "grant_revoked" or "grant_reconciled"));
        Assert.False(await IsMemberAsync("tom@acme.com", "All-Engineering"));
        Assert.True((await second.Http.GetFromJsonAsync<JsonElement>("/api/audit/verify")).GetProperty("ok").GetBoolean());
    }

    private async Task<bool> IsMemberAsync(string upn, string group)
    {
        var page = await _rig.Graph.GetFromJsonAsync<JsonElement>($"users/{upn}/memberOf?$select=displayName");
        return page.GetProperty("value").EnumerateArray().Any(g => g.TryGetProperty("displayName", out var n) && n.GetString() == group);
    }

    private static async Task<List<(string Event, string Outcome)>> AuditAsync(DexLocalProcess dex, string requestId)
    {
        var page = await dex.Http.GetFromJsonAsync<JsonElement>($"/api/audit?requestId={requestId}&limit=1000");
        return [.. page.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("event").GetString()!, e.GetProperty("outcome").GetString()!))];
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"Timed out waiting for {what}.");
    }
}
