using System.Net;
using Dex.GraphEmulator;
using Dex.Local.Durable;
using Dex.Tests.Audit;
using Dex.Tests.Support;
using Dex.Tests.Workflows;

namespace Dex.Tests.Durable;

/// <summary>
/// Dex.Local on the persistent engine (Azure Storage provider on Azurite), killed with SIGKILL while an offboarding is
/// half way through its group removals, then started again on the same state: the offboarding resumes and completes,
/// each membership is removed once, and the colleague in the same groups is untouched.
/// </summary>
public sealed class DexLocal_OffboardingCrash : IAsyncLifetime
{
    private CrashRig _rig = null!;

    public async Task InitializeAsync() => _rig = await CrashRig.StartAsync("offboard-crash", _ => Task.FromResult(OffboardingWorkflowTenant.Write()));

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task ResumesAndCompletesOnceGivenSigkillMidOffboarding()
    {
        var policy = Path.Combine(_rig.State, "policy.json");
        await File.WriteAllTextAsync(policy, OffboardingWorkflowTenant.OffboardPolicy);
        var port = DexLocalProcess.FreePort();
        string[] args =
        [
            $"--Dex:State:Path={_rig.State}",
            $"--Dex:Graph:EmulatorUrl={_rig.Emulator.RootUrl}",
            "--Dex:Graph:Emulator:External=true",
            $"--Dex:Policy:Path={policy}",
            $"--Dex:Durable:Storage={_rig.Azurite.ConnectionString}",
            "--Dex:Durable:TaskHub=offcrash" + Guid.NewGuid().ToString("N")[..8],
            "--Dex:Durable:VisibilityTimeout=00:00:10",
            "--Logging:LogLevel:Default=Warning",
        ];
        var tom = _rig.Emulator.Tenant.FindUser("tom@acme.com")!;
        var before = OffboardingWorkflowTenant.OthersByGroup(_rig.Emulator, tom.Id);
        bool InTeam(int i) => _rig.Emulator.Tenant.FindGroup($"Team {i:D2}")!.MemberIds.Contains(tom.Id);

        string request;
        await using (var first = await DexLocalProcess.StartAsync(port, args))
        {
            request = (await first.SendAsync("offboard-crash", "uma@acme.com", "offboard tom@acme.com")).GetProperty("requestId").GetString()!;
            await first.WaitForStatusAsync(request, "awaiting_approval");
            var link = await first.ApprovalPathAsync("alice@acme.com", request);

            // A slow Graph ($batch items one at a time, 150 ms each) so the first batch of removals is caught half done.
            _rig.Emulator.Stats.Reset();
            _rig.Emulator.Options.Latency = TimeSpan.FromMilliseconds(150);
            _rig.Emulator.Options.BatchItemParallelism = 1;
            Assert.Equal(HttpStatusCode.OK, (await first.DecideAsync(link, "alice@acme.com", "approve")).StatusCode);
            await WaitAsync(() => !InTeam(1) || !InTeam(2), "the group removals to start");
            Assert.True(InTeam(Groups), "the offboarding finished before the crash; nothing was tested");

            first.Crash();
        }

        _rig.Emulator.Options.Latency = TimeSpan.Zero;
        await using var second = await DexLocalProcess.StartAsync(port, args);
        var done = await second.WaitForStatusAsync(request, "completed", "failed");
        Assert.True(done.GetProperty("status").GetString() == "completed", done.GetProperty("reply").GetString());

        Assert.False(_rig.Emulator.Tenant.FindUser("tom@acme.com")!.AccountEnabled);
        Assert.All(Enumerable.Range(1, Groups), i => Assert.False(InTeam(i), $"still in Team {i:D2}"));
        Assert.Equal(Groups, _rig.Emulator.Stats.Count(OffboardingWorkflowTenant.RemoveMemberRoute));
        Assert.Equal(before, OffboardingWorkflowTenant.OthersByGroup(_rig.Emulator, tom.Id));
        var items = done.GetProperty("steps")[0].GetProperty("items").EnumerateArray().Select(i => i.GetProperty("target").GetString()!).ToList();
        Assert.Equal(Groups, items.Count(t => t.StartsWith("group Team", StringComparison.Ordinal)));
        Assert.Equal(items.Count, items.Distinct(StringComparer.Ordinal).Count());
    }

    private const int Groups = OffboardingWorkflowTenant.Groups;

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"Timed out waiting for {what}.");
    }
}
