using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dex.Core.Policy;
using Dex.Local;
using Dex.Tests.Support;

namespace Dex.Tests.Local;

/// <summary>Dex.Local run with the stricter sample policy (docs/policies/strict.json), through its HTTP API.</summary>
public sealed class DexLocalApp_StrictPolicy : IAsyncLifetime
{
    private readonly LocalHostFixture _local = new() { ExtraArgs = [$"--Dex:Policy:Path={Path.Combine(RepoPaths.Root, "docs", "policies", "strict.json")}"] };

    public Task InitializeAsync() => _local.InitializeAsync();

    public Task DisposeAsync() => _local.DisposeAsync();

    private async Task<JsonElement> PlanAsync(string requester, string text)
    {
        var response = await _local.Http.PostAsJsonAsync("/api/plan", new { requester, text });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task RequiresManagerThenTwoSecurityApproversGivenMfaReset()
    {
        var plan = await PlanAsync("helpdesk@acme.com", "Reset MFA for tom@acme.com");

        var decision = plan.GetProperty("decision");
        Assert.Equal("approval_required", decision.GetProperty("outcome").GetString());
        var stages = decision.GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(["Manager", "IT Security"], stages.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(["ben@acme.com"], stages[0].GetProperty("approvers").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(2, stages[1].GetProperty("quorum").GetInt32());
    }

    [Fact]
    public async Task AsksForReasonGivenJustificationRequiredAndNoneGiven()
    {
        var without = await PlanAsync("helpdesk@acme.com", "Reset the password for tom@acme.com");
        var with = await PlanAsync("helpdesk@acme.com", "Reset the password for tom@acme.com because he is locked out before a customer call");

        Assert.Equal("deny", without.GetProperty("decision").GetProperty("outcome").GetString());
        Assert.Contains("reason", without.GetProperty("decision").GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("approval_required", with.GetProperty("decision").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task DeniesGivenActionDisabledByPolicy()
    {
        var plan = await PlanAsync("admin@acme.com", "Add sarah@acme.com to Finance-M365");

        Assert.Equal("deny", plan.GetProperty("decision").GetProperty("outcome").GetString());
        Assert.Contains("turned off", plan.GetProperty("decision").GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeniesEmployeeGivenGroupListingLimitedToAdmins()
    {
        var plan = await PlanAsync("sarah@acme.com", "Who is in the IT Support group?");

        Assert.Equal("deny", plan.GetProperty("decision").GetProperty("outcome").GetString());
    }
}

/// <summary>A bad policy file stops Dex.Local at start-up with a message naming the place.</summary>
public sealed class DexLocalApp_BuildAsync
{
    [Fact]
    public async Task ThrowsNamingThePlaceGivenBadPolicyFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dex-bad-policy-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """{ "version": 1, "actions": { "mfa_reset": { "approval": { "when": ["always"] } } } }""");
        var state = Path.Combine(Path.GetTempPath(), "dex-state-" + Guid.NewGuid().ToString("N"));

        var e = await Assert.ThrowsAsync<PolicyException>(() => DexLocalApp.BuildAsync(
            ["--urls=http://127.0.0.1:0", "--Dex:Graph:EmulatorUrl=http://127.0.0.1:0", "--Dex:Durable:Mode=InMemory", $"--Dex:State:Path={state}", $"--Dex:Policy:Path={path}"]));

        Assert.Contains("$.actions.mfa_reset.approval.stages", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }
}
