using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Dex.Core.Actions;
using Dex.Core.Actions.OffboardUser;
using Dex.Core.Directory;
using Dex.Core.Grants;
using Dex.Core.Policy;
using Dex.Core.Requests;
using Dex.Core.Workflows;
using Dex.GraphEmulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using static Dex.Tests.Actions.ActionWorld;

namespace Dex.Tests.Actions.OffboardUser;

/// <summary>A leaver with a bit of everything: groups (one dynamic, one licensing), an app role, a direct licence, a live grant, a manager.</summary>
public sealed class LeaverWorld : ActionWorld
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dex-offboard-" + Guid.NewGuid().ToString("N"));

    protected override GraphEmulatorOptions? EmulatorOptions
    {
        get
        {
            System.IO.Directory.CreateDirectory(_dir);
            var tenant = Path.Combine(_dir, "tenant.json");
            File.WriteAllText(tenant, """
                { "domain": "acme.com",
                  "users": [
                    { "userPrincipalName": "admin@acme.com", "displayName": "Ada Admin", "usageLocation": "US" },
                    { "userPrincipalName": "uma@acme.com", "displayName": "Uma User-Admin", "usageLocation": "US" },
                    { "userPrincipalName": "sarah@acme.com", "displayName": "Sarah Employee", "usageLocation": "US" },
                    { "userPrincipalName": "ben@acme.com", "displayName": "Ben Carter", "usageLocation": "US" },
                    { "userPrincipalName": "tom@acme.com", "displayName": "Tom Baker", "department": "Sales", "usageLocation": "US", "manager": "ben@acme.com",
                      "assignedLicenses": ["SPE_E5"] } ],
                  "groups": [
                    { "displayName": "Sales Team", "kind": "m365", "members": ["ben@acme.com", "tom@acme.com"], "owners": ["ben@acme.com"] },
                    { "displayName": "VPN Users", "kind": "security", "members": ["tom@acme.com"] },
                    { "displayName": "All Sales", "kind": "security", "membershipRule": "user.department -eq \"Sales\"", "members": ["tom@acme.com"] },
                    { "displayName": "Licensed Sales", "kind": "security", "assignedLicenses": ["EMS"], "members": ["tom@acme.com"] },
                    { "displayName": "IT Security", "kind": "security", "members": ["admin@acme.com"] } ],
                  "directoryRoles": [
                    { "displayName": "Global Administrator", "members": ["admin@acme.com"] },
                    { "displayName": "User Administrator", "members": ["uma@acme.com"] } ],
                  "servicePrincipals": [{ "displayName": "Salesforce", "appRoles": ["User"], "assignments": ["tom@acme.com:User"] }],
                  "subscribedSkus": [
                    { "skuPartNumber": "SPE_E5", "enabled": 10, "consumed": 1 },
                    { "skuPartNumber": "EMS", "enabled": 10, "consumed": 1 } ] }
                """);
            return new GraphEmulatorOptions { TenantPath = tenant };
        }
    }

    /// <summary>Back to the tenant as loaded, with a live grant of VPN Users for tom.</summary>
    public async Task<GrantRecord> ResetAsync()
    {
        Emulator.Reset();
        var tom = Tenant.FindUser("tom@acme.com")!;
        var vpn = Tenant.FindGroup("VPN Users")!;
        var grant = new GrantRecord
        {
            Id = "grant-req-vpn-0",
            RequestId = "req-vpn",
            Requester = "admin@acme.com",
            UserId = tom.Id,
            UserPrincipalName = tom.UserPrincipalName,
            ResourceId = vpn.Id,
            ResourceName = vpn.DisplayName,
            Status = GrantStatus.Active,
            GrantedAt = DateTimeOffset.UtcNow,
            EndsAt = DateTimeOffset.UtcNow.AddHours(8),
        };
        await Services.GetRequiredService<IGrantStore>().SaveAsync(grant);
        return grant;
    }

    /// <summary>Executes with a Graph client whose traffic is recorded (and can fail once), as a crash or a Graph fault would.</summary>
    public async Task<StepOutcome> ExecuteThroughAsync(GraphTap tap, PlannedStep step, string requestId)
    {
        var http = new HttpClient(tap) { BaseAddress = new Uri(Emulator.BaseUrl) };
        var graph = new GraphServiceClient(http, new AnonymousAuthenticationProvider(), Emulator.BaseUrl);
        var services = Services.GetRequiredService<ExecutionServices>() with { Directory = new DirectoryService(graph) };
        return await Action(step.Action).ExecuteAsync(new StepExecution(services, requestId, await RequesterAsync("admin@acme.com")), step, CancellationToken.None);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        System.IO.Directory.Delete(_dir, recursive: true);
    }
}

/// <summary>Records every write that Graph accepted; optionally answers one chosen request with a 500 first.</summary>
public sealed class GraphTap : DelegatingHandler
{
    private Func<HttpRequestMessage, bool>? _failOnce;

    public GraphTap(Func<HttpRequestMessage, bool>? failOnce = null)
        : base(new SocketsHttpHandler())
        => _failOnce = failOnce;

    public ConcurrentQueue<string> AcceptedWrites { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new("Bearer", "dex-emulator-token");
        if (_failOnce is { } fail && fail(request))
        {
            _failOnce = null;
            return new HttpResponseMessage(HttpStatusCode.InternalServerError)
            {
                Content = new StringContent("""{"error":{"code":"generalException","message":"injected fault"}}""", Encoding.UTF8, "application/json"),
            };
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method != HttpMethod.Get && response.IsSuccessStatusCode)
        {
            AcceptedWrites.Enqueue($"{request.Method} {request.RequestUri!.AbsolutePath}");
        }

        return response;
    }
}

public sealed class OffboardUserAction_PlanAndExecute(LeaverWorld world) : IClassFixture<LeaverWorld>
{
    private async Task<PlannedStep> PlanTomAsync()
    {
        await world.ResetAsync();
        return await world.PlanStepAsync("admin@acme.com", Step(DexActions.OffboardUser, "tom@acme.com"));
    }

    [Fact]
    public async Task ListsTheWholeBlastRadiusGivenALeaver()
    {
        var step = await PlanTomAsync();
        var radius = OffboardingRadius.Of(step);

        Assert.Equal(["Licensed Sales", "Sales Team", "VPN Users"], radius.Groups.Select(g => g.Name).Order());
        Assert.Equal(["All Sales"], radius.DynamicGroups.Select(g => g.Name));
        Assert.Equal(["Salesforce"], radius.Apps.Select(a => a.Name));
        Assert.Single(radius.DirectLicences);
        Assert.Single(radius.InheritedLicences);
        Assert.Equal(["VPN Users"], radius.Grants.Select(g => g.Name));
        Assert.Equal("ben@acme.com", radius.ManagerUpn);
        Assert.Contains("disable sign-in", step.Summary, StringComparison.Ordinal);
        Assert.Contains("revokeSignInSessions", step.Summary, StringComparison.Ordinal);
        Assert.Contains("skip 1 dynamic group", step.Summary, StringComparison.Ordinal);
        Assert.Contains("\"All Sales\"", step.Summary, StringComparison.Ordinal);
        Assert.Contains("\"Salesforce\"", step.Summary, StringComparison.Ordinal);
        Assert.Contains("inherited from groups go with the group removals", step.Summary, StringComparison.Ordinal);
        Assert.Contains("notify the manager Ben Carter (ben@acme.com)", step.Summary, StringComparison.Ordinal);
        Assert.False(Views.Of(step).Parameters.ContainsKey(OffboardingRadius.Key));
    }

    [Fact]
    public async Task LeavesTheUserWithNothingGivenExecution()
    {
        var step = await PlanTomAsync();

        var outcome = await world.ExecuteAsync("admin@acme.com", step, "req-off-1");

        Assert.Equal(StepStatus.Succeeded, outcome.Status);
        await AssertOffboardedAsync("req-off-1");
    }

    [Fact]
    public async Task ChangesNothingMoreAndSucceedsGivenASecondRun()
    {
        var step = await PlanTomAsync();
        var first = new GraphTap();
        Assert.Equal(StepStatus.Succeeded, (await world.ExecuteThroughAsync(first, step, "req-off-2")).Status);

        var again = new GraphTap();
        var outcome = await world.ExecuteThroughAsync(again, step, "req-off-2");

        Assert.Equal(StepStatus.Succeeded, outcome.Status);
        Assert.Empty(again.AcceptedWrites);
        Assert.DoesNotContain(outcome.Items!, i => i.Status == "done" && i.Target != "manager");
        await AssertOffboardedAsync("req-off-2");
    }

    [Fact]
    public async Task EndsInTheSameStateWithNothingDoneTwiceGivenAGraphFaultMidway()
    {
        var step = await PlanTomAsync();
        var groupDeletes = 0;
        var tap = new GraphTap(r => r.Method == HttpMethod.Delete && r.RequestUri!.AbsolutePath.Contains("/groups/", StringComparison.Ordinal) && ++groupDeletes == 2);

        await Assert.ThrowsAsync<DirectoryException>(() => world.ExecuteThroughAsync(tap, step, "req-off-3"));
        Assert.False(world.Tenant.FindUser("tom@acme.com")!.AccountEnabled);
        var revokedAt = world.Tenant.FindUser("tom@acme.com")!.SignInSessionsRevokedAt;
        Assert.NotNull(revokedAt);

        var outcome = await world.ExecuteThroughAsync(tap, step, "req-off-3");

        Assert.Equal(StepStatus.Succeeded, outcome.Status);
        Assert.Equal(revokedAt, world.Tenant.FindUser("tom@acme.com")!.SignInSessionsRevokedAt);
        Assert.All(tap.AcceptedWrites.GroupBy(w => w, StringComparer.Ordinal), g => Assert.Single(g));
        Assert.Contains(tap.AcceptedWrites, w => w.EndsWith("/revokeSignInSessions", StringComparison.Ordinal));
        await AssertOffboardedAsync("req-off-3");
    }

    [Fact]
    public async Task RefusesGivenAnEmployeeAsking()
    {
        var step = await PlanTomAsync();
        var facts = world.Action(DexActions.OffboardUser).PolicyFacts(step, await world.RequesterAsync("sarah@acme.com"));

        var employee = PolicyEngine.Evaluate(PolicyLoader.LoadDefault(), await world.RequesterAsync("sarah@acme.com"), facts);
        var admin = PolicyEngine.Evaluate(PolicyLoader.LoadDefault(), await world.RequesterAsync("admin@acme.com"), world.Action(DexActions.OffboardUser).PolicyFacts(step, await world.RequesterAsync("admin@acme.com")));

        Assert.Equal(PolicyOutcome.Deny, employee.Outcome);
        Assert.Equal(PolicyOutcome.ApprovalRequired, admin.Outcome);
    }

    private async Task AssertOffboardedAsync(string requestId)
    {
        var tom = world.Tenant.FindUser("tom@acme.com")!;
        Assert.False(tom.AccountEnabled);
        Assert.NotNull(tom.SignInSessionsRevokedAt);
        foreach (var name in new[] { "Sales Team", "VPN Users", "Licensed Sales" })
        {
            Assert.DoesNotContain(tom.Id, world.Tenant.FindGroup(name)!.MemberIds);
        }

        Assert.Contains(tom.Id, world.Tenant.FindGroup("All Sales")!.MemberIds);
        var directory = world.Services.GetRequiredService<DirectoryService>();
        Assert.Empty(await directory.GetAppAssignmentsAsync(tom.Id));
        Assert.Empty((await directory.GetLicensedUserAsync(tom.Id))!.Licenses);
        Assert.DoesNotContain(await world.Services.GetRequiredService<IGrantStore>().ListOpenAsync(tom.Id), g => g.IsLive);
        Assert.Single(world.Outbox.For("ben@acme.com"), n => n.RequestId == requestId);
    }
}
