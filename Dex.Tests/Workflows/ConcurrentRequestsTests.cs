using Dex.Core.Audit;
using Dex.Core.Requests;
using Dex.Tests.Support;

namespace Dex.Tests.Workflows;

/// <summary>Many requests at once: every one completes and the audit trail has each transition exactly once, in a valid chain.</summary>
public sealed class RequestWorkflow_Concurrency
{
    // 200 concurrent appends are proven per store in the audit contract suite; here whole workflows run at once.
    private const int Requests = 40;

    [Fact]
    public async Task KeepsCompleteValidTrailGivenManyConcurrentRequests()
    {
        await using var world = await DexWorld.StartAsync();
        var people = world.Emulator.Tenant.Users.Where(u => u.AccountEnabled).Select(u => u.UserPrincipalName).ToList();

        var accepted = await Task.WhenAll(Enumerable.Range(0, Requests).Select(i =>
            world.SendAsync(people[i % people.Count], i % 2 == 0 ? "Show my profile" : "Which groups am I in?", id: $"c-{i}")));

        foreach (var a in accepted)
        {
            await world.WaitForStatusAsync(a.RequestId, RequestStatus.Completed, TimeSpan.FromMinutes(3));
        }

        var verification = await world.Audit.VerifyAsync();
        Assert.True(verification.Ok);
        var entries = new List<AuditEntry>();
        await foreach (var e in world.Audit.ReadAllAsync())
        {
            entries.Add(e);
        }

        Assert.Equal(entries.Count, entries.Select(e => e.EventId).Distinct().Count());
        foreach (var a in accepted)
        {
            var events = entries.Where(e => e.RequestId == a.RequestId).Select(e => e.Event).ToList();
            Assert.Equal(["received", "understood", "planned", "policy_decision", "step_started", "step_succeeded", "completed"], events);
        }
    }
}
