using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dex.Core.Directory;
using Dex.Core.Requests;
using Dex.Local;
using Dex.Tests.Support;
using Dex.Tests.Web.Chat;
using Microsoft.Extensions.Configuration;

namespace Dex.Tests.Local;

/// <summary>Dex.Local shaped like Live mode: sign-in required everywhere and messages must be signed (a webhook secret).</summary>
public sealed class SignInEverywhereFixture : IAsyncLifetime
{
    private readonly LocalHostFixture _local = new()
    {
        ExtraArgs = ["--Dex:SignIn:Required=true", $"--Dex:Webhook:Secret={ChatRequests.WebhookSecret}"],
    };

    public LocalHostFixture Local => _local;

    public Task InitializeAsync() => _local.InitializeAsync();

    public Task DisposeAsync() => _local.DisposeAsync();
}

public sealed class DexLocal_SignInEverywhere(SignInEverywhereFixture fixture) : IClassFixture<SignInEverywhereFixture>
{
    private LocalHostFixture Local => fixture.Local;

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString();

    [Theory]
    [InlineData("/api/audit")]
    [InlineData("/api/audit/verify")]
    [InlineData("/api/audit/export")]
    [InlineData("/api/discovery/latest")]
    [InlineData("/api/requests/web-anything")]
    [InlineData("/api/local/directory")]
    [InlineData("/api/local/outbox?recipient=alice@acme.com")]
    public async Task Returns401GivenAnonymousReadRoute(string path)
    {
        using var response = await Local.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("sign_in_required", await ErrorCodeAsync(response));
    }

    [Fact]
    public async Task Returns401AndRunsNothingGivenAnonymousDiscoveryRun()
    {
        using var response = await Local.Http.PostAsync("/api/discovery/run", JsonContent.Create(new { }));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("sign_in_required", await ErrorCodeAsync(response));
    }

    [Fact]
    public async Task RedirectsConsoleToSignInGivenAnonymousBrowser()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Local.BaseUrl) };

        using var response = await client.GetAsync("/console.js");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/api/auth/signin?returnUrl=%2Fconsole.js", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ServesConsoleAndReadRoutesGivenSignedInPerson()
    {
        using var alice = await EntraSignInFlow.SignInAsync(Local.BaseUrl, "alice@acme.com");

        using var page = await alice.GetAsync("/");
        using var audit = await alice.GetAsync("/api/audit/verify");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Chat with Dex", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
    }

    [Fact]
    public async Task LeavesSelfAuthenticatingRoutesToTheirOwnChecksGivenAnonymousCaller()
    {
        using var health = await Local.Http.GetAsync("/api/health");
        using var unsigned = await Local.Http.PostAsync("/api/messages", new StringContent("""{"id":"anon-1","channel":"web","requester":"admin@acme.com","text":"Reset MFA for tom@acme.com"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.False((await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unsignedMessages").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal("missing_signature", await ErrorCodeAsync(unsigned));
    }

    [Fact]
    public async Task StartsRequestAsSignedInPersonGivenUnsignedConsoleMessage()
    {
        using var sarah = await EntraSignInFlow.SignInAsync(Local.BaseUrl, "sarah@acme.com");

        using var response = await sarah.PostAsync("/api/messages", new StringContent("""{"id":"console-1","channel":"console","text":"Update my office to SF HQ - Floor 4"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = RequestIds.For("console", "console-1");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        string? requester;
        do
        {
            requester = (await sarah.GetFromJsonAsync<JsonElement>($"/api/requests/{id}")).GetProperty("requester").GetString();
            if (!string.IsNullOrEmpty(requester))
            {
                break;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal("sarah@acme.com", requester);
    }

    [Fact]
    public async Task Returns403AndStartsNothingGivenSignedInPersonNamingAnotherRequester()
    {
        using var sarah = await EntraSignInFlow.SignInAsync(Local.BaseUrl, "sarah@acme.com");

        using var response = await sarah.PostAsync("/api/messages", new StringContent("""{"id":"console-2","channel":"console","requester":"admin@acme.com","text":"Reset MFA for tom@acme.com"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("requester_mismatch", await ErrorCodeAsync(response));
        Assert.Equal(HttpStatusCode.NotFound, (await sarah.GetAsync($"/api/requests/{RequestIds.For("console", "console-2")}")).StatusCode);
    }

    [Fact]
    public async Task Returns403AndStartsNothingGivenCrossSiteMessageWithSignInCookie()
    {
        using var sarah = await EntraSignInFlow.SignInAsync(Local.BaseUrl, "sarah@acme.com");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent("""{"id":"console-3","channel":"console","text":"Update my office to Evil HQ"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await sarah.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await sarah.GetAsync($"/api/requests/{RequestIds.For("console", "console-3")}")).StatusCode);
    }
}

public sealed class LocalSignIn_IsRequiredEverywhere
{
    private static IConfiguration Config(string? value) =>
        new ConfigurationBuilder().AddInMemoryCollection(value is null ? [] : [new(LocalSignIn.RequiredSetting, value)]).Build();

    [Theory]
    [InlineData("Live", null, true)]
    [InlineData("Emulator", null, false)]
    [InlineData("Emulator", "true", true)]
    [InlineData("Live", "false", false)]
    public void ReturnsLiveModeUnlessSetGivenGraphModeAndSetting(string mode, string? setting, bool expected)
    {
        Assert.Equal(expected, LocalSignIn.IsRequiredEverywhere(Config(setting), new GraphOptions { Mode = mode }));
    }
}
