using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dex.GraphEmulator;
using Dex.Local.Durable;
using Dex.Tests.Audit;
using Dex.Tests.Support;

namespace Dex.Tests.Durable;

/// <summary>
/// Dex.Local on the persistent engine (Azure Storage provider on a real Azurite), killed with SIGKILL while requests are
/// in flight, then started again on the same state. One crash covers every case, so the suite pays for two start-ups:
/// an approval wait, a bulk step half done, a deny not yet told, and message ids re-sent after the restart.
/// </summary>
public sealed class DexLocal_Crash : IAsyncLifetime
{
    private const int BulkSize = 200;
    private CrashRig _rig = null!;

    public async Task InitializeAsync() => _rig = await CrashRig.StartAsync("crash", async state =>
    {
        var tenant = Path.Combine(state, "tenant.json");
        await File.WriteAllTextAsync(tenant, TenantWithLockedUsers(BulkSize));
        return tenant;
    });

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task KeepsEveryInFlightRequestExactlyOnceGivenSigkillAndRestart()
    {
        var port = DexLocalProcess.FreePort();
        string[] args =
        [
            $"--Dex:State:Path={_rig.State}",
            $"--Dex:Graph:EmulatorUrl={_rig.Emulator.RootUrl}",
            "--Dex:Graph:Emulator:External=true",
            $"--Dex:Durable:Storage={_rig.Azurite.ConnectionString}",
            "--Dex:Durable:TaskHub=crash" + Guid.NewGuid().ToString("N")[..8],
            "--Dex:Durable:VisibilityTimeout=00:00:10",
            "--Logging:LogLevel:Default=Warning",
        ];

        string mfaTom, mfaSarah, bulk, tomLink, sarahDenyLink, sarahOtherLink;
        await using (var first = await DexLocalProcess.StartAsync(port, args))
        {
            Assert.Contains("Azure Storage provider", first.Output, StringComparison.Ordinal);
            mfaTom = (await first.SendAsync("crash-a", "helpdesk@acme.com", "Reset MFA for tom@acme.com, he got a new phone")).GetProperty("requestId").GetString()!;
            mfaSarah = (await first.SendAsync("crash-b", "helpdesk@acme.com", "Reset MFA for sarah@acme.com, she got a new phone")).GetProperty("requestId").GetString()!;
            await first.WaitForStatusAsync(mfaTom, "awaiting_approval");
            await first.WaitForStatusAsync(mfaSarah, "awaiting_approval");
            tomLink = await first.ApprovalPathAsync("alice@acme.com", mfaTom);
            sarahDenyLink = await first.ApprovalPathAsync("alice@acme.com", mfaSarah);
            sarahOtherLink = await first.ApprovalPathAsync("admin@acme.com", mfaSarah);

            // The deny is recorded (link used, event counted: the signed-in decision page waits for the workflow to count it);
            // Dex dies soon after, while its notifications and final status may still be in flight.
            Assert.Equal(HttpStatusCode.OK, (await first.DecideAsync(sarahDenyLink, "alice@acme.com", "deny")).StatusCode);

            // A slow Graph ($batch items cost 60 ms each, one at a time) so the bulk step is caught half done.
            _rig.Emulator.Options.Latency = TimeSpan.FromMilliseconds(60);
            _rig.Emulator.Options.BatchItemParallelism = 1;
            var list = string.Join(", ", Enumerable.Range(1, BulkSize).Select(Upn));
            bulk = (await first.SendAsync("crash-c", "helpdesk@acme.com", "Unlock these accounts: " + list)).GetProperty("requestId").GetString()!;
            await first.ConfirmWhenAskedAsync(bulk);
            await WaitAsync(async () => await CountEnabledAsync() > 0, "the bulk unlock to start");

            first.Crash();
        }

        _rig.Emulator.Options.Latency = TimeSpan.Zero;
        await using var second = await DexLocalProcess.StartAsync(port, args);

        // Re-sent message ids return the original requests; nothing starts twice.
        Assert.Equal(mfaTom, (await second.SendAsync("crash-a", "helpdesk@acme.com", "Reset MFA for tom@acme.com, he got a new phone")).GetProperty("requestId").GetString());
        Assert.Equal(bulk, (await second.SendAsync("crash-c", "helpdesk@acme.com", "Unlock these accounts: u001@acme.com")).GetProperty("requestId").GetString());

        // Mid-approval: the link still works after the crash, once.
        Assert.Equal("awaiting_approval", (await second.WaitForStatusAsync(mfaTom, "awaiting_approval", "completed")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await second.DecideAsync(tomLink, "alice@acme.com", "approve")).StatusCode);
        await second.WaitForStatusAsync(mfaTom, "completed");
        Assert.Equal(HttpStatusCode.Conflict, (await second.DecideAsync(tomLink, "alice@acme.com", "approve")).StatusCode);
        Assert.DoesNotContain(await MethodsAsync("tom@acme.com"), m => m != "#microsoft.graph.passwordAuthenticationMethod");

        // Between a deny and its notification: still denied, nothing changed, the other approver's link refused.
        var denied = await second.WaitForStatusAsync(mfaSarah, "denied", "completed");
        Assert.Equal("denied", denied.GetProperty("status").GetString());
        Assert.NotEqual(HttpStatusCode.OK, (await second.DecideAsync(sarahOtherLink, "admin@acme.com", "approve")).StatusCode);
        Assert.Contains(await MethodsAsync("sarah@acme.com"), m => m != "#microsoft.graph.passwordAuthenticationMethod");

        // Mid-bulk: every target ends enabled and is reported exactly once.
        var done = await second.WaitForStatusAsync(bulk, "completed", "failed");
        Assert.True(done.GetProperty("status").GetString() == "completed", done.GetProperty("reply").GetString() + "\n" + await second.Http.GetStringAsync($"/api/audit?requestId={bulk}&limit=1000"));
        var items = done.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("action").GetString() == "unlock_user").GetProperty("items").EnumerateArray()
            .Select(i => (Target: i.GetProperty("target").GetString()!, Status: i.GetProperty("status").GetString()!)).ToList();
        Assert.Equal(Enumerable.Range(1, BulkSize).Select(Upn).Order(), items.Select(i => i.Target).Order());
        Assert.All(items, i => Assert.True(i.Status is "enabled" or "already_enabled", i.Target + ": " + i.Status));

        // The step ran again after the restart (its first run never checkpointed) and found the work the killed run had done.
        Assert.Contains(items, i => i.Status == "already_enabled");
        Assert.Equal(BulkSize, await CountEnabledAsync());

        // The trail: one "received" per request, the deny recorded once, no approval of the denied request, chain intact.
        foreach (var id in new[] { mfaTom, mfaSarah, bulk })
        {
            var entries = await AuditAsync(second, id);
            Assert.Single(entries, e => e.Event == "received");
        }

        var sarahTrail = await AuditAsync(second, mfaSarah);
        Assert.Single(sarahTrail, e => e.Event == "decided" && e.Outcome == "deny");
        Assert.DoesNotContain(sarahTrail, e => e.Event == "decided" && e.Outcome == "approve");
        var verify = await second.Http.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(verify.GetProperty("ok").GetBoolean());
    }

    private static string Upn(int i) => $"u{i:D3}@acme.com";

    private static async Task<List<(string Event, string Outcome)>> AuditAsync(DexLocalProcess dex, string requestId)
    {
        var page = await dex.Http.GetFromJsonAsync<JsonElement>($"/api/audit?requestId={requestId}&limit=1000");
        return [.. page.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("event").GetString()!, e.GetProperty("outcome").GetString()!))];
    }

    private async Task<int> CountEnabledAsync()
    {
        var page = await _rig.Graph.GetFromJsonAsync<JsonElement>("users?$select=userPrincipalName,accountEnabled&$top=999");
        return page.GetProperty("value").EnumerateArray()
            .Count(u => u.GetProperty("userPrincipalName").GetString()!.StartsWith('u') && u.GetProperty("userPrincipalName").GetString()!.Length == "u001@acme.com".Length
                && u.GetProperty("accountEnabled").GetBoolean());
    }

    private async Task<List<string>> MethodsAsync(string upn)
    {
        var page = await _rig.Graph.GetFromJsonAsync<JsonElement>($"users/{upn}/authentication/methods");
        return [.. page.GetProperty("value").EnumerateArray().Select(m => m.GetProperty("@odata.type").GetString()!)];
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"Timed out waiting for {what}.");
    }

    /// <summary>The sample tenant plus <paramref name="count"/> disabled accounts u001..uNNN (short names keep the message under 4,000 characters).</summary>
    internal static string TenantWithLockedUsers(int count)
    {
        var tenant = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "Dex.GraphEmulator", "Tenants", "sample-tenant.json")))!.AsObject();
        var users = tenant["users"]!.AsArray();
        for (var i = 1; i <= count; i++)
        {
            users.Add(new JsonObject
            {
                ["userPrincipalName"] = Upn(i),
                ["displayName"] = $"Locked User {i:D3}",
                ["department"] = "Operations",
                ["accountEnabled"] = false,
            });
        }

        return tenant.ToJsonString();
    }
}
