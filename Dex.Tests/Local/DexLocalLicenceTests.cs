using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dex.Core.Directory;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Local;

/// <summary>The brief's licence requests through Dex.Local's HTTP surface with the sample tenant: planned, then run to the end.</summary>
public sealed class DexLocalApp_LicenceRequests(LocalHostFixture local) : IClassFixture<LocalHostFixture>
{
    private DirectoryService Directory => local.Services.GetRequiredService<DirectoryService>();

    [Theory]
    [InlineData("admin@acme.com", "how many E3 licences are free?", "list_licenses", null, "allow")]
    [InlineData("admin@acme.com", "remove Visio from sarah", "remove_license", "sarah@acme.com", "allow")]
    [InlineData("admin@acme.com", "reclaim licences from disabled accounts in Sales", "reclaim_licenses", null, "allow")]
    [InlineData("uma@acme.com", "assign E5 to john.smith@acme.com", "assign_license", "john.smith@acme.com", "approval_required")]
    [InlineData("uma@acme.com", "assign Visio to john.smith@acme.com", "assign_license", "john.smith@acme.com", "allow")]
    [InlineData("sarah@acme.com", "I need a Visio licence", "assign_license", "sarah@acme.com", "approval_required")]
    [InlineData("maria@acme.com", "assign Visio to ben@acme.com", "assign_license", "ben@acme.com", "deny")]
    public async Task PlansExpectedStepAndDecisionGivenLicenceRequest(string requester, string text, string action, string? target, string outcome)
    {
        var response = await local.Http.PostAsJsonAsync("/api/plan", new { requester, text });
        var plan = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var step = Assert.Single(plan.GetProperty("steps").EnumerateArray());
        Assert.Equal(action, step.GetProperty("action").GetString());
        if (target is not null)
        {
            Assert.Equal(target, step.GetProperty("target").GetProperty("userPrincipalName").GetString());
        }

        Assert.Equal(outcome, plan.GetProperty("decision").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task SelfServiceLicenceGoesToLicenceApproversGivenEmployeeAsks()
    {
        var response = await local.Http.PostAsJsonAsync("/api/plan", new { requester = "sarah@acme.com", text = "I need an E3 licence" });
        var plan = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("approval_required", plan.GetProperty("decision").GetProperty("outcome").GetString());
        Assert.Equal(["admin@acme.com"], plan.GetProperty("decision").GetProperty("approvers").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task SaysNotEnoughAndPlansNothingGivenFullSku()
    {
        var response = await local.Http.PostAsJsonAsync("/api/plan", new { requester = "admin@acme.com", text = "assign Power BI Pro to tom@acme.com" });
        var plan = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Empty(plan.GetProperty("steps").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, plan.GetProperty("decision").ValueKind);
        Assert.StartsWith("Not enough Power BI Pro (POWER_BI_PRO) licences: 1 needed, 0 free", plan.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssignsE5ToNewStarterGivenUsageLocationAfterAsking()
    {
        var created = await RunAsync("lic-create", "admin@acme.com", "Create a new Entra user for noa.levi@acme.com as Software Engineer in R&D, manager is david@acme.com, send credentials to david");
        Assert.Equal("completed", created.GetProperty("status").GetString());

        var noa = (await Directory.GetLicensedUserAsync("noa.levi@acme.com"))!;
        if (noa.UsageLocation is null)
        {
            // No usage location yet and no policy default: Dex asks instead of guessing.
            var plan = await (await local.Http.PostAsJsonAsync("/api/plan", new { requester = "admin@acme.com", text = "assign E5 to noa.levi@acme.com" })).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("has no usage location", plan.GetProperty("problem").GetString(), StringComparison.Ordinal);
        }

        var done = await RunAsync("lic-e5", "admin@acme.com", noa.UsageLocation is null ? "assign E5 to noa.levi@acme.com in IL" : "assign E5 to noa.levi@acme.com");

        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Contains("now has Microsoft 365 E5", done.GetProperty("reply").GetString(), StringComparison.Ordinal);
        Assert.NotNull((await Directory.GetLicensedUserAsync("noa.levi@acme.com"))!.Find("06ebc4ee-1bb5-47dd-8120-11324bc54e06"));
    }

    [Fact]
    public async Task RepliesWithFreeSeatsGivenHowManyE3()
    {
        var done = await RunAsync("lic-e3", "admin@acme.com", "how many E3 licences are free?");

        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Contains("Microsoft 365 E3 (SPE_E3): 25 total, 20 assigned, 5 free", done.GetProperty("reply").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemovesVisioGivenRemoveVisioFromSarah()
    {
        var done = await RunAsync("lic-visio", "admin@acme.com", "remove Visio from sarah");

        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Null((await Directory.GetLicensedUserAsync("sarah@acme.com"))!.Find("c5928f49-12ba-48f7-ada3-0d743a3601d5"));
    }

    [Fact]
    public async Task ReclaimsSalesSeatsGivenReclaimFromDisabledAccounts()
    {
        var done = await RunAsync("lic-reclaim", "admin@acme.com", "reclaim licences from disabled accounts in Sales");

        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Contains("Reclaimed 2 seat(s) from 2 account(s)", done.GetProperty("reply").GetString(), StringComparison.Ordinal);
        Assert.Empty((await Directory.GetLicensedUserAsync("priya@acme.com"))!.Licenses);
    }

    [Fact]
    public async Task AssignsCopilotAfterApprovalGivenUserAdministratorAsks()
    {
        var post = await local.Http.PostAsJsonAsync("/api/messages", new { id = "lic-copilot", channel = "web", requester = "uma@acme.com", text = "assign Copilot to ben@acme.com" });
        var requestId = (await post.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetString()!;
        await local.WaitForStatusAsync(requestId, "awaiting_approval");
        var link = await local.ApprovalLinkAsync("admin@acme.com", requestId);

        using var admin = await Support.EntraSignInFlow.SignInAsync(local.BaseUrl, "admin@acme.com", mfa: true);
        var page = await admin.GetAsync(link);
        var formToken = Support.DexWorld.FormTokenOf(await page.Content.ReadAsStringAsync())!;
        Assert.Null((await Directory.GetLicensedUserAsync("ben@acme.com"))!.Find("639dec6b-bb19-468b-871c-c5c441c4b0cb"));
        await admin.PostAsync(link, new FormUrlEncodedContent([new("decision", "approve"), new("form_token", formToken)]));

        await local.WaitForStatusAsync(requestId, "completed");
        Assert.NotNull((await Directory.GetLicensedUserAsync("ben@acme.com"))!.Find("639dec6b-bb19-468b-871c-c5c441c4b0cb"));
    }

    private async Task<JsonElement> RunAsync(string id, string requester, string text)
    {
        var post = await local.Http.PostAsJsonAsync("/api/messages", new { id, channel = "web", requester, text });
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        var requestId = (await post.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetString()!;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement last;
        bool confirming;
        do
        {
            await Task.Delay(50);
            last = await local.Http.GetFromJsonAsync<JsonElement>($"/api/requests/{requestId}");
            confirming = await local.ConfirmIfAskedAsync(last);
        }
        while ((confirming || last.GetProperty("status").GetString() is "planning" or "executing") && DateTime.UtcNow < deadline);

        return last;
    }
}
