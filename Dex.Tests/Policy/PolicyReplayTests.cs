using System.Text.Json.Nodes;
using Dex.Core.Audit;
using Dex.Core.Policy.Replay;
using Dex.Core.Requests;
using Dex.Tests.Support;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dex.Tests.Policy;

/// <summary>POST /api/policy/replay: audited decisions re-evaluated under a candidate policy, changing nothing.</summary>
public sealed class PolicyReplayEndpoints_Post : IAsyncLifetime
{
    private static readonly string SamplePolicy = File.ReadAllText(Path.Combine(RepoPaths.Root, "Dex.Core", "Policy", "sample-tenant-policy.json"));
    private DexWorld _world = null!;
    private string _mfa = null!;
    private string _grant = null!;

    public async Task InitializeAsync()
    {
        _world = await DexWorld.StartAsync();
        _mfa = (await _world.SendAsync("helpdesk@acme.com", "Reset MFA for tom@acme.com")).RequestId;
        await _world.WaitForStatusAsync(_mfa, RequestStatus.AwaitingApproval);
        _grant = (await _world.SendAsync("admin@acme.com", "Add sarah@acme.com to All-Engineering")).RequestId;
        await _world.WaitForStatusAsync(_grant, RequestStatus.Completed);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private static string Candidate(Action<JsonNode> change)
    {
        var policy = JsonNode.Parse(SamplePolicy, documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        change(policy);
        return new JsonObject { ["policy"] = policy, ["from"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"), ["to"] = DateTimeOffset.UtcNow.AddHours(1).ToString("O") }.ToJsonString();
    }

    private async Task<ReplayReport> ReplayAsync(string body)
    {
        var result = await _world.Web.PolicyReplay.PostAsync(HttpTestExtensions.JsonRequest(body), CancellationToken.None);
        return Assert.IsType<JsonHttpResult<ReplayReport>>(result).Value!;
    }

    [Fact]
    public async Task ReportsNoDifferenceGivenTheSamePolicy()
    {
        var report = await ReplayAsync(Candidate(_ => { }));

        Assert.Equal(2, report.Totals.Requests);
        Assert.Equal(0, report.Totals.Changed);
    }

    [Fact]
    public async Task ReportsOutcomeTransitionsGivenLooserAndStricterActions()
    {
        var body = Candidate(p =>
        {
            p["actions"]!["mfa_reset"]!["approval"]!["when"] = new JsonArray("never");
            p["actions"]!["grant_access"]!["onBehalf"]!["roles"] = new JsonArray("User Administrator");
        });

        var report = await ReplayAsync(body);

        Assert.Equal(2, report.Totals.Changed);
        Assert.Equal(1, report.Totals.Transitions["approval_required->allow"]);
        Assert.Equal(1, report.Totals.Transitions["allow->deny"]);
        Assert.Equal(PolicyOutcome.Allow, report.Requests.Single(r => r.RequestId == _mfa).After.Outcome);
        Assert.Equal(PolicyOutcome.Deny, report.Requests.Single(r => r.RequestId == _grant).After.Outcome);
    }

    [Fact]
    public async Task ReportsApproversAndQuorumGivenChangedStage()
    {
        var body = Candidate(p => p["actions"]!["mfa_reset"]!["approval"]!["stages"] = JsonNode.Parse("""[{ "name": "IT Security", "approvers": { "roles": ["Global Administrator"] }, "quorum": 2 }]"""));

        var report = await ReplayAsync(body);

        var mfa = Assert.Single(report.Requests, r => r.Changed);
        Assert.Equal(_mfa, mfa.RequestId);
        Assert.Contains("approvers: stage 'IT Security' group IT Security -> role Global Administrator", mfa.Changes);
        Assert.Contains("quorum: stage 'IT Security' 1 -> 2", mfa.Changes);
        Assert.Equal(1, report.Totals.ApproversChanged);
        Assert.Equal(1, report.Totals.QuorumChanged);
    }

    [Fact]
    public async Task ChangesNothingGivenReplay()
    {
        var before = (await _world.Audit.VerifyAsync()).Entries;

        await ReplayAsync(Candidate(p => p["actions"]!["mfa_reset"]!["approval"]!["when"] = new JsonArray("never")));

        Assert.Equal(before, (await _world.Audit.VerifyAsync()).Entries);
        Assert.Equal(RequestStatus.AwaitingApproval, (await _world.ViewAsync(_mfa))!.Status);
    }

    [Fact]
    public async Task ReturnsCsvGivenFormatCsv()
    {
        var request = HttpTestExtensions.JsonRequest(Candidate(p => p["actions"]!["mfa_reset"]!["approval"]!["when"] = new JsonArray("never")));
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?format=csv");

        var result = await _world.Web.PolicyReplay.PostAsync(request, CancellationToken.None);

        var csv = Assert.IsType<ContentHttpResult>(result);
        Assert.StartsWith("text/csv", csv.ContentType, StringComparison.Ordinal);
        var lines = csv.ResponseContent!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.StartsWith(_mfa, StringComparison.Ordinal) && l.Contains("approval_required,allow", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{}", "missing_policy")]
    [InlineData("""{"policy": {"version": 2}}""", "invalid_policy")]
    [InlineData("""{"policy": {"version": 1}, "from": "yesterday"}""", "invalid_window")]
    [InlineData("""{"policy": {"version": 1}, "from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}""", "invalid_window")]
    [InlineData("not json", "invalid_json")]
    public async Task ReturnsBadRequestGivenBadBody(string body, string code)
    {
        var result = await _world.Web.PolicyReplay.PostAsync(HttpTestExtensions.JsonRequest(body), CancellationToken.None);

        Assert.Equal(400, result.Status());
        var error = Assert.IsType<JsonHttpResult<Dex.Web.Http.ApiErrorEnvelope>>(result).Value!;
        Assert.Equal(code, error.Error.Code);
    }
}
