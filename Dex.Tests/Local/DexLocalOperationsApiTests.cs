using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Dex.Tests.Local;

/// <summary>Discovery, setup validation, audit export and secret links through Dex.Local's HTTP API.</summary>
public sealed class DexLocalApp_OperationsApi(LocalHostFixture local) : IClassFixture<LocalHostFixture>
{
    [Fact]
    public async Task ProposesItSecurityGivenDiscoveryRunOnSampleTenant()
    {
        var run = await local.Http.PostAsync("/api/discovery/run", null);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);

        var latest = await local.Http.GetFromJsonAsync<JsonElement>("/api/discovery/latest");

        Assert.Equal(16, latest.GetProperty("users").GetInt32());
        Assert.Equal(4, latest.GetProperty("disabledUsers").GetInt32());
        Assert.Contains("Global Administrator", latest.GetProperty("directoryRoles").EnumerateArray().Select(r => r.GetProperty("displayName").GetString()));
        var proposal = latest.GetProperty("proposedApproverGroups").EnumerateArray().First(p => p.GetProperty("group").GetString() == "IT Security");
        Assert.Contains("Global Administrator", proposal.GetProperty("basis").GetString(), StringComparison.Ordinal);
        Assert.Contains("SPE_E5", latest.GetProperty("licenses").EnumerateArray().Select(l => l.GetProperty("skuPartNumber").GetString()));
    }

    [Fact]
    public async Task ReportsOkGivenSetupValidationAgainstEmulator()
    {
        var response = await local.Http.PostAsync("/api/setup/validate", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(report.GetProperty("ok").GetBoolean());
        Assert.Contains("organization", report.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task StreamsCsvWithHeaderGivenAuditExport()
    {
        await local.Http.PostAsJsonAsync("/api/messages", new { id = "exp-1", channel = "web", requester = "sarah@acme.com", text = "Update my office to \"NYC - 9\"" });

        var csv = await local.Http.GetAsync("/api/audit/export?format=csv");
        var jsonl = await local.Http.GetAsync("/api/audit/export?format=jsonl");
        var bad = await local.Http.GetAsync("/api/audit/export?format=xml");

        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Contains("seq", (await csv.Content.ReadAsStringAsync()).Split('\n')[0], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, jsonl.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Returns410GivenUnknownSecretLink()
    {
        var response = await local.Http.GetAsync("/api/secrets/not-a-real-token");

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Returns400GivenBadAuditQuery()
    {
        var response = await local.Http.GetAsync("/api/audit?limit=abc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_limit", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task ReturnsPlanWithoutChangingAnythingGivenDryRun()
    {
        var response = await local.Http.PostAsJsonAsync("/api/plan", new { requester = "helpdesk@acme.com", text = "Add sarah@acme.com to the \"Finance-Admins\" security group" });
        var plan = await response.Content.ReadFromJsonAsync<JsonElement>();

        var step = plan.GetProperty("steps")[0];
        Assert.Equal("grant_access", step.GetProperty("action").GetString());
        Assert.Equal("sarah@acme.com", step.GetProperty("target").GetProperty("userPrincipalName").GetString());
        Assert.Equal("Finance-Admins", step.GetProperty("parameters").GetProperty("group").GetProperty("displayName").GetString());
        Assert.Equal("deny", plan.GetProperty("decision").GetProperty("outcome").GetString());
        var members = await local.Http.PostAsJsonAsync("/api/plan", new { requester = "helpdesk@acme.com", text = "Who is in Finance-Admins?" });
        Assert.DoesNotContain("sarah", await members.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReturnsClarificationGivenAmbiguousName()
    {
        var response = await local.Http.PostAsJsonAsync("/api/plan", new { requester = "helpdesk@acme.com", text = "Reset the password for John Smith" });
        var plan = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(2, plan.GetProperty("clarification").GetProperty("options").GetArrayLength());
        Assert.Equal(0, plan.GetProperty("steps").GetArrayLength());
    }
}
