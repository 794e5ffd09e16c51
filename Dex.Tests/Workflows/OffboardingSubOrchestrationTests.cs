using Dex.Core.Audit;
using Dex.Core.Requests;
using Dex.Core.Workflows;
using Dex.GraphEmulator;
using Dex.Tests.Support;
using Microsoft.DurableTask.Client;
using static Dex.Tests.Workflows.OffboardingWorkflowTenant;

namespace Dex.Tests.Workflows;

/// <summary>offboard_user as its own sub-orchestration, one checkpointed activity per change, on the real durable engine against the emulator over HTTP.</summary>
public sealed class OffboardingWorkflow_Run
{
    [Fact]
    public async Task RemovesEverythingOnceAndReportsEachChangeGivenAnApprovedOffboarding()
    {
        await using var world = await DexWorld.StartAsync(OffboardPolicy, emulatorOptions: new GraphEmulatorOptions { TenantPath = Write() });
        var tom = world.Emulator.Tenant.FindUser("tom@acme.com")!;
        var before = OthersByGroup(world.Emulator, tom.Id);
        world.Emulator.Stats.Reset();

        var done = await OffboardAsync(world);

        tom = world.Emulator.Tenant.FindUser("tom@acme.com")!;
        Assert.False(tom.AccountEnabled);
        Assert.NotNull(tom.SignInSessionsRevokedAt);
        Assert.All(Enumerable.Range(1, Groups), i => Assert.DoesNotContain(tom.Id, world.Emulator.Tenant.FindGroup($"Team {i:D2}")!.MemberIds));
        Assert.Contains(tom.Id, world.Emulator.Tenant.FindGroup("All Sales")!.MemberIds);
        Assert.Equal(before, OthersByGroup(world.Emulator, tom.Id));
        Assert.True(world.Emulator.Tenant.FindUser("sarah@acme.com")!.AccountEnabled);

        // 25 groups: two $batch calls, each membership deleted exactly once.
        Assert.Equal(Groups, world.Emulator.Stats.Count(RemoveMemberRoute));
        Assert.True(world.Emulator.Stats.BatchRequests >= 2);

        var items = Assert.Single(done.Steps).Items!;
        Assert.Contains(items, i => i.Target == "sign-in" && i.Status == "done");
        Assert.Contains(items, i => i.Target == "sessions" && i.Status == "done");
        Assert.Equal(Groups, items.Count(i => i.Target.StartsWith("group Team", StringComparison.Ordinal) && i.Status == "done"));
        Assert.Contains(items, i => i.Target == "group All Sales" && i.Status == "skipped" && i.Message.Contains("dynamic", StringComparison.Ordinal));
        Assert.Contains(items, i => i.Target == "app Salesforce" && i.Status == "done");
        Assert.Contains(items, i => i.Target.StartsWith("licence", StringComparison.Ordinal) && i.Status == "done");
        Assert.Contains(items, i => i.Target == "manager" && i.Status == "done");
        Assert.Contains(world.Outbox.For("ben@acme.com"), n => n.Text.Contains("offboarded", StringComparison.Ordinal));

        // The sub-orchestration exists under its deterministic id, and each change is in the trail once.
        var sub = await world.Client.GetInstanceAsync(OffboardingWorkflow.InstanceIdFor(done.Id, tom.Id));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, sub?.RuntimeStatus);
        var trail = (await world.Audit.QueryAsync(new AuditQuery { RequestId = done.Id, Limit = 1000 })).Entries;
        Assert.Equal(Groups, trail.Count(e => e.Event == "offboard_change" && e.Details!.StartsWith("group Team", StringComparison.Ordinal)));
        Assert.Single(trail, e => e.Event == "step_succeeded");
    }

    [Fact]
    public async Task ResumesWithoutDoingAnythingTwiceGivenGraphFaultsMidway()
    {
        var options = new GraphEmulatorOptions { TenantPath = Write(), FaultStatuses = [429, 500, 503], FaultSeed = 16 };
        await using var world = await DexWorld.StartAsync(OffboardPolicy, emulatorOptions: options);
        var tom = world.Emulator.Tenant.FindUser("tom@acme.com")!;
        var before = OthersByGroup(world.Emulator, tom.Id);
        world.Emulator.Stats.Reset();

        // Items inside $batch fail from the start (only the group removals batch); once approved, whole requests fail too.
        world.Emulator.Options.BatchItemFaultRate = 0.3;
        var done = await OffboardAsync(world, timeout: TimeSpan.FromMinutes(4), afterApproval: () => world.Emulator.Options.FaultRate = 0.15);

        Assert.True(world.Emulator.Stats.InjectedFaults > 0);
        tom = world.Emulator.Tenant.FindUser("tom@acme.com")!;
        Assert.False(tom.AccountEnabled);
        Assert.All(Enumerable.Range(1, Groups), i => Assert.DoesNotContain(tom.Id, world.Emulator.Tenant.FindGroup($"Team {i:D2}")!.MemberIds));

        // Faulted attempts never reach the directory: the removals that did are exactly one per group.
        Assert.Equal(Groups, world.Emulator.Stats.Count(RemoveMemberRoute));
        Assert.Equal(before, OthersByGroup(world.Emulator, tom.Id));
        Assert.True(world.Emulator.Tenant.FindUser("sarah@acme.com")!.AccountEnabled);
        var items = Assert.Single(done.Steps).Items!;
        Assert.DoesNotContain(items, i => i.Status == "failed");
        Assert.Equal(Groups, items.Count(i => i.Target.StartsWith("group Team", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CancelsTheLeaversPendingRequestGivenOffboarding()
    {
        await using var world = await DexWorld.StartAsync(OffboardPolicy, emulatorOptions: new GraphEmulatorOptions { TenantPath = Write() });
        var own = await world.SendAsync("tom@acme.com", "add me to VPN Users");
        await world.WaitForStatusAsync(own.RequestId, RequestStatus.AwaitingApproval);
        var colleague = await world.SendAsync("sarah@acme.com", "add me to VPN Users");
        await world.WaitForStatusAsync(colleague.RequestId, RequestStatus.AwaitingApproval);

        var done = await OffboardAsync(world);

        var cancelled = await world.WaitForStatusAsync(own.RequestId, RequestStatus.Cancelled);
        Assert.Contains("offboarded", cancelled.Reply, StringComparison.Ordinal);
        Assert.Equal(RequestStatus.AwaitingApproval, (await world.ViewAsync(colleague.RequestId))!.Status);
        Assert.Contains(Assert.Single(done.Steps).Items!, i => i.Target == $"request {own.RequestId}" && i.Status == "done");
        var trail = (await world.Audit.QueryAsync(new AuditQuery { RequestId = own.RequestId, Limit = 1000 })).Entries;
        Assert.Single(trail, e => e.Event == "cancelled" && e.Details!.Contains(done.Id, StringComparison.Ordinal));
        Assert.DoesNotContain(world.Emulator.Tenant.FindUser("tom@acme.com")!.Id, world.Emulator.Tenant.FindGroup("VPN Users")!.MemberIds);
    }
}

/// <summary>The delete window of an offboarding: a durable timer per account that deletes it, unless an admin cancels it first.</summary>
public sealed class AccountDeletionWorkflow_Run
{
    private static string PolicyWithWindow(double days)
        => OffboardPolicy.TrimEnd().TrimEnd('}') + $$""", "offboarding": { "deleteAfterDays": {{days.ToString(System.Globalization.CultureInfo.InvariantCulture)}} } }""";

    private static async Task<OrchestrationMetadata> FinishedAsync(DexWorld world, string instanceId)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        return await world.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
    }

    [Fact]
    public async Task DeletesTheAccountWhenTheWindowEndsAndRestoresItGivenAPolicyWindow()
    {
        // 0.0001 days: about nine seconds.
        await using var world = await DexWorld.StartAsync(PolicyWithWindow(0.0001), emulatorOptions: new GraphEmulatorOptions { TenantPath = Write() });
        var tomId = world.Emulator.Tenant.FindUser("tom@acme.com")!.Id;

        var done = await OffboardAsync(world);

        Assert.Contains(Assert.Single(done.Steps).Items!, i => i.Target == "delete" && i.Status == "done");
        Assert.NotNull(world.Emulator.Tenant.FindUser("tom@acme.com"));
        var timer = await FinishedAsync(world, AccountDeletionWorkflow.InstanceIdFor(tomId));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, timer.RuntimeStatus);
        Assert.Null(world.Emulator.Tenant.FindUser("tom@acme.com"));
        Assert.NotNull(world.Emulator.Tenant.FindUser("sarah@acme.com"));

        var restore = await world.SendAsync("uma@acme.com", "restore tom@acme.com");
        var restored = await world.WaitForStatusAsync(restore.RequestId, RequestStatus.Completed);
        Assert.Contains("restored", restored.Reply, StringComparison.Ordinal);
        Assert.False(world.Emulator.Tenant.FindUser("tom@acme.com")!.AccountEnabled);
    }

    [Fact]
    public async Task KeepsTheAccountGivenTheDeletionIsCancelledWithinTheWindow()
    {
        await using var world = await DexWorld.StartAsync(OffboardPolicy, emulatorOptions: new GraphEmulatorOptions { TenantPath = Write() });
        var tomId = world.Emulator.Tenant.FindUser("tom@acme.com")!.Id;

        var done = await OffboardAsync(world, "offboard tom@acme.com and delete the account after 30 days");
        Assert.Contains("delete the account after 30 days", Assert.Single(done.Steps).Summary, StringComparison.Ordinal);
        var employee = await world.SendAsync("sarah@acme.com", "cancel the deletion of tom@acme.com");
        await world.WaitForStatusAsync(employee.RequestId, RequestStatus.Denied);
        var cancel = await world.SendAsync("uma@acme.com", "cancel the deletion of tom@acme.com");
        await world.WaitForStatusAsync(cancel.RequestId, RequestStatus.Completed);

        var timer = await FinishedAsync(world, AccountDeletionWorkflow.InstanceIdFor(tomId));
        Assert.Contains("cancelled by uma@acme.com", timer.ReadOutputAs<string>(), StringComparison.Ordinal);
        Assert.NotNull(world.Emulator.Tenant.FindUser("tom@acme.com"));
        var trail = (await world.Audit.QueryAsync(new AuditQuery { RequestId = done.Id, Limit = 1000 })).Entries;
        Assert.Single(trail, e => e.Event == "offboard_deletion_cancelled");
    }
}
