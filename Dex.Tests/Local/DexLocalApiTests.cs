using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dex.GraphEmulator;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Local;

/// <summary>The HTTP API of Dex.Local over a real socket: the whole approve path, and bad input.</summary>
public sealed class DexLocalApp_Http(LocalHostFixture local) : IClassFixture<LocalHostFixture>
{
    private EmulatedTenant Tenant => local.Services.GetRequiredService<GraphEmulatorServer>().Tenant;

    [Fact]
    public async Task CompletesMfaResetGivenApprovalThroughLinkInOutbox()
    {
        var post = await local.Http.PostAsJsonAsync("/api/messages", new { id = "http-1", channel = "web", requester = "helpdesk@acme.com", text = "Reset MFA for tom@acme.com, he got a new phone" });
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        var accepted = await post.Content.ReadFromJsonAsync<JsonElement>();
        var requestId = accepted.GetProperty("requestId").GetString()!;
        Assert.Equal($"/api/requests/{requestId}", accepted.GetProperty("statusUrl").GetString());

        var waiting = await local.WaitForStatusAsync(requestId, "awaiting_approval");
        Assert.Contains("alice@acme.com", waiting.GetProperty("decision").GetProperty("approvers").EnumerateArray().Select(a => a.GetString()));

        var link = await local.ApprovalLinkAsync("alice@acme.com", requestId);
        Assert.StartsWith(local.BaseUrl + "/api/approvals/", link, StringComparison.Ordinal);

        // alice signs in with Entra ID (the emulated sign-in, with MFA as policy asks for an MFA reset), then decides.
        using var alice = await Support.EntraSignInFlow.SignInAsync(local.BaseUrl, "alice@acme.com", mfa: true);
        var page = await alice.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Equal(4, Tenant.FindUser("tom@acme.com")!.AuthenticationMethods.Count);
        var formToken = Support.DexWorld.FormTokenOf(await page.Content.ReadAsStringAsync())!;

        var decided = await alice.PostAsync(link, new FormUrlEncodedContent([new("decision", "approve"), new("comment", "ok"), new("form_token", formToken)]));
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);

        var done = await local.WaitForStatusAsync(requestId, "completed");
        Assert.Equal("alice@acme.com", done.GetProperty("approvals")[0].GetProperty("approver").GetString());
        Assert.Equal(["password"], Tenant.FindUser("tom@acme.com")!.AuthenticationMethods);

        var reuse = await alice.PostAsync(link, new FormUrlEncodedContent([new("decision", "approve"), new("form_token", formToken)]));
        Assert.Equal(HttpStatusCode.Conflict, reuse.StatusCode);

        var verify = await local.Http.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(verify.GetProperty("ok").GetBoolean());
        var trail = await local.Http.GetFromJsonAsync<JsonElement>($"/api/audit?requestId={requestId}");
        Assert.Contains("decided", trail.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("event").GetString()));
    }

    [Theory]
    [InlineData("{not json", "invalid_json")]
    [InlineData("{\"id\":\"x1\",\"text\":\"Reset my password\"}", "missing_requester")]
    [InlineData("{\"id\":\"x2\",\"requester\":\"ghost@acme.com\",\"text\":\"Reset my password\"}", "unknown_requester")]
    [InlineData("{\"id\":\"x3\",\"requester\":\"o'brien@acme.com\",\"text\":\"Reset my password\"}", "invalid_requester")]
    [InlineData("{\"requester\":\"sarah@acme.com\",\"text\":\"Reset my password\"}", "missing_id")]
    [InlineData("{\"id\":\"x4\",\"requester\":\"sarah@acme.com\"}", "missing_text")]
    [InlineData("[]", "invalid_json")]
    public async Task Returns400WithErrorEnvelopeGivenBadMessage(string body, string code)
    {
        var response = await local.Http.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Returns404WithErrorEnvelopeGivenUnknownRequest()
    {
        var response = await local.Http.GetAsync("/api/requests/req-doesnotexist");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("request_not_found", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task ReturnsEmulatorAndParserGivenHealth()
    {
        var health = await local.Http.GetFromJsonAsync<JsonElement>("/api/health");

        Assert.Equal("emulator", health.GetProperty("graph").GetString());
        Assert.Equal("rules", health.GetProperty("parser").GetString());
        Assert.EndsWith("/v1.0", health.GetProperty("graphBaseUrl").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Returns400PageGivenGarbageApprovalToken()
    {
        var get = await local.Http.GetAsync("/api/approvals/not-a-token");
        var post = await local.Http.PostAsync("/api/approvals/not-a-token", new FormUrlEncodedContent([new("decision", "approve")]));

        Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Contains("not valid", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
