using System.Net;
using System.Text.Json;
using Dex.GraphEmulator;
using Dex.Tests.Support;

namespace Dex.Tests.GraphEmulator;

/// <summary>The emulated Entra sign-in (DESIGN §9) as an OpenID Connect client sees it.</summary>
public sealed class EntraSignIn_Endpoints : IAsyncLifetime, IDisposable
{
    private GraphEmulatorServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await GraphEmulatorServer.StartAsync();
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_server.RootUrl + "/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("tenant-id")]
    [InlineData("acme.com")]
    [InlineData("organizations")]
    public async Task Discovery_ReturnsEntraShapedDocumentGivenTenantIdDomainOrOrganizations(string segment)
    {
        var tenant = segment == "tenant-id" ? _server.Tenant.TenantId : segment;
        using var doc = JsonDocument.Parse(await _http.GetStringAsync($"{tenant}/v2.0/.well-known/openid-configuration"));
        var root = doc.RootElement;
        Assert.Equal($"{_server.RootUrl}/{_server.Tenant.TenantId}/v2.0", root.GetProperty("issuer").GetString());
        Assert.Equal($"{_server.RootUrl}/{tenant}/oauth2/v2.0/authorize", root.GetProperty("authorization_endpoint").GetString());
        Assert.Equal($"{_server.RootUrl}/discovery/v2.0/keys", root.GetProperty("jwks_uri").GetString());
        using var keys = JsonDocument.Parse(await _http.GetStringAsync("discovery/v2.0/keys"));
        Assert.Equal("RSA", keys.RootElement.GetProperty("keys")[0].GetProperty("kty").GetString());
    }

    [Fact]
    public async Task Discovery_Returns400GivenUnknownTenant()
    {
        using var res = await _http.GetAsync("contoso.com/v2.0/.well-known/openid-configuration");
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Contains("AADSTS90002", await res.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_ReturnsSignedIdTokenWithDirectoryClaimsGivenLoginHint()
    {
        var principal = await EntraSignInFlow.PrincipalAsync(_server.RootUrl, _server.Tenant.TenantId, "alice@acme.com");
        var alice = _server.Tenant.FindUser("alice@acme.com")!;
        Assert.Equal(alice.Id, principal.FindFirst("oid")!.Value);
        Assert.Equal(_server.Tenant.TenantId, principal.FindFirst("tid")!.Value);
        Assert.Equal("alice@acme.com", principal.FindFirst("preferred_username")!.Value);
        Assert.Equal(alice.DisplayName, principal.FindFirst("name")!.Value);
        Assert.Equal(["pwd"], principal.FindAll("amr").Select(c => c.Value));
    }

    [Fact]
    public async Task Token_CarriesMfaInAmrGivenAmrMfa()
    {
        var principal = await EntraSignInFlow.PrincipalAsync(_server.RootUrl, "acme.com", "alice@acme.com", mfa: true);
        Assert.Contains("mfa", principal.FindAll("amr").Select(c => c.Value));
    }

    [Fact]
    public async Task Authorize_ShowsAccountPickerGivenNoLoginHint()
    {
        using var res = await _http.GetAsync($"{_server.Tenant.TenantId}/oauth2/v2.0/authorize?client_id=c&response_type=code&scope=openid&redirect_uri=http%3A%2F%2Fdex.test%2Fcb&state=s");
        var html = await res.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Contains("alice@acme.com", html, StringComparison.Ordinal);
        Assert.Contains("login_hint=alice%40acme.com", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_RefusesGivenUnknownOrDisabledUser()
    {
        var disabled = _server.Tenant.Users.First(u => !u.AccountEnabled).UserPrincipalName;
        foreach (var hint in new[] { "nobody@acme.com", disabled })
        {
            using var res = await _http.GetAsync($"{_server.Tenant.TenantId}/oauth2/v2.0/authorize?client_id=c&response_type=code&scope=openid&redirect_uri=http%3A%2F%2Fdex.test%2Fcb&login_hint={Uri.EscapeDataString(hint)}");
            Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        }
    }

    [Fact]
    public async Task Token_RefusesGivenReusedCodeOrWrongVerifier()
    {
        const string redirect = "http://dex.test/cb";
        async Task<string> CodeAsync()
        {
            using var res = await _http.GetAsync($"{_server.Tenant.TenantId}/oauth2/v2.0/authorize?client_id=c&response_type=code&scope=openid&redirect_uri={Uri.EscapeDataString(redirect)}&login_hint=alice%40acme.com&code_challenge=abc&code_challenge_method=plain");
            Assert.Equal(HttpStatusCode.Found, res.StatusCode);
            return EntraSignInFlow.Query(res.Headers.Location!, "code")!;
        }

        Task<HttpResponseMessage> RedeemAsync(string code, string verifier) => _http.PostAsync($"{_server.Tenant.TenantId}/oauth2/v2.0/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = "c", ["code"] = code, ["redirect_uri"] = redirect, ["code_verifier"] = verifier,
        }));

        var code = await CodeAsync();
        using (var ok = await RedeemAsync(code, "abc"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var reused = await RedeemAsync(code, "abc"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
            Assert.Contains("invalid_grant", await reused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var wrong = await RedeemAsync(await CodeAsync(), "not-abc");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
    }
}
