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
    private GraphEmulatorServer _emulator = null!;
    private EmbeddedAzurite _azurite = null!;
    private string _state = string.Empty;

    public async Task InitializeAsync()
    {
        _ = await AzuriteInstall.EnsureAsync(RepoPaths.Root);
        var entry = Path.Combine(RepoPaths.Root, "tools", "azurite", "node_modules", "azurite", "dist", "src", "azurite.js");
        _state = Directory.CreateTempSubdirectory("dex-offboard-crash-").FullName;
        _azurite = await EmbeddedAzurite.StartAsync(entry, Directory.CreateTempSubdirectory("dex-offboard-crash-storage-").FullName, CancellationToken.None);
        _emulator = await GraphEmulatorServer.StartAsync(new GraphEmulatorOptions { TenantPath = OffboardingWorkflowTenant.Write() });
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _azurite.Dispose();
        try
        {
            Directory.Delete(_state, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task ResumesAndCompletesOnceGivenSigkillMidOffboarding()
    {
        var policy = Path.Combine(_state, "policy.json");
        await File.WriteAllTextAsync(policy, OffboardingWorkflowTenant.OffboardPolicy);
        var port = DexLocalProcess.FreePort();
        string[] args =
        [
            $"--Dex:State:Path={_state}",
            $"--Dex:Graph:EmulatorUrl={_emulator.RootUrl}",
            "--Dex:Graph:Emulator:External=true",
            $"--Dex:Policy:Path={policy}",
            $"--Dex:Durable:Storage={_azurite.ConnectionString}",
            "--Dex:Durable:TaskHub=offcrash" + Guid.NewGuid().ToString("N")[..8],
            "--Dex:Durable:VisibilityTimeout=00:00:10",
            "--Logging:LogLevel:Default=Warning",
        ];
        var tom = _emulator.Tenant.FindUser("tom@acme.com")!;
        var before = OffboardingWorkflowTenant.OthersByGroup(_emulator, tom.Id);
        bool InTeam(int i) => _emulator.Tenant.FindGroup($"Team {i:D2}")!.MemberIds.Contains(tom.Id);

        string request;
        await using (var first = await DexLocalProcess.StartAsync(port, args))
        {
            request = (await first.SendAsync("offboard-crash", "uma@acme.com", "offboard tom@acme.com")).GetProperty("requestId").GetString()!;
            await first.WaitForStatusAsync(request, "awaiting_approval");
            var link = await first.ApprovalPathAsync("alice@acme.com", request);

            // A slow Graph ($batch items one at a time, 150 ms each) so the first batch of removals is caught half done.
            _emulator.Stats.Reset();
            _emulator.Options.Latency = TimeSpan.FromMilliseconds(150);
            _emulator.Options.BatchItemParallelism = 1;
            Assert.Equal(HttpStatusCode.OK, (await first.DecideAsync(link, "alice@acme.com", "approve")).StatusCode);
            await WaitAsync(() => !InTeam(1) || !InTeam(2), "the group removals to start");
            Assert.True(InTeam(Groups), "the offboarding finished before the crash; nothing was tested");

            first.Crash();
        }

        _emulator.Options.Latency = TimeSpan.Zero;
        await using var second = await DexLocalProcess.StartAsync(port, args);
        var done = await second.WaitForStatusAsync(request, "completed", "failed");
        Assert.True(done.GetProperty("status").GetString() == "completed", done.GetProperty("reply").GetString());

        Assert.False(_emulator.Tenant.FindUser("tom@acme.com")!.AccountEnabled);
        Assert.All(Enumerable.Range(1, Groups), i => Assert.False(InTeam(i), $"still in Team {i:D2}"));
        Assert.Equal(Groups, _emulator.Stats.Count(OffboardingWorkflowTenant.RemoveMemberRoute));
        Assert.Equal(before, OffboardingWorkflowTenant.OthersByGroup(_emulator, tom.Id));
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
