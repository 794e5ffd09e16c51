using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dex.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Local;

/// <summary>Dex.Local's OpenID Connect sign-in against the embedded emulator, and what keeps the local host safe to leave running.</summary>
public sealed class LocalSignIn_SignIn(LocalHostFixture local) : IClassFixture<LocalHostFixture>
{
    [Fact]
    public async Task SignIn_ReturnsSignedInUserWithAmrGivenRealOidcRoundTrip()
    {
        using var alice = await EntraSignInFlow.SignInAsync(local.BaseUrl, "alice@acme.com");
        var me = await alice.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.True(me.GetProperty("signedIn").GetBoolean());
        Assert.Equal("alice@acme.com", me.GetProperty("userPrincipalName").GetString());
        Assert.False(me.GetProperty("mfa").GetBoolean());

        using var stepUp = await EntraSignInFlow.SignInAsync(local.BaseUrl, "alice@acme.com", mfa: true);
        Assert.True((await stepUp.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("mfa").GetBoolean());
        Assert.False((await local.Http.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("signedIn").GetBoolean());
    }

    [Fact]
    public async Task SignIn_RedirectsOnlyToLocalPathsGivenForeignReturnUrl()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(local.BaseUrl) };
        using var res = await http.GetAsync("/api/auth/signin?returnUrl=" + Uri.EscapeDataString("//evil.example/x"));
        Assert.Equal(HttpStatusCode.Found, res.StatusCode);
        Assert.DoesNotContain("evil.example", Uri.UnescapeDataString(res.Headers.Location!.ToString()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outbox_Returns400GivenNoRecipient()
    {
        using var res = await local.Http.GetAsync("/api/local/outbox");
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal("missing_recipient", (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task JsonRoutes_Return415GivenFormContentType()
    {
        using var res = await local.Http.PostAsync("/api/plan", new StringContent("requester=admin@acme.com&text=hi", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, res.StatusCode);
        using var plain = await local.Http.PostAsync("/api/messages", new StringContent("{\"id\":\"x\",\"requester\":\"admin@acme.com\",\"text\":\"hi\"}", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
    }

    [Fact]
    public async Task UnsafeRequests_Return403GivenForeignOrigin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/discovery/run");
        request.Headers.Add("Origin", "https://evil.example");
        using var res = await local.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, res.StatusCode);
        Assert.Equal("cross_origin", (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Requests_Return400GivenForeignHostHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        request.Headers.Host = "dex.evil.example";
        using var res = await local.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
    }

    [Fact]
    public void StateFiles_AreOwnerOnlyAndKeyRingIsEncrypted()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes
        }

        // The key ring is written on first use.
        _ = local.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("x");
        foreach (var file in new[] { "approval-signing.key", "secrets.db", "audit.db", "keyring.pfx" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(local.StatePath, file)));
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(local.StatePath));
        var keys = Directory.GetFiles(Path.Combine(local.StatePath, "keys"), "*.xml");
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            Assert.Contains("EncryptedData", File.ReadAllText(key), StringComparison.Ordinal);
        }
    }
}
