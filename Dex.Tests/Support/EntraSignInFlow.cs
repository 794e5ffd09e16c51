using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Dex.Tests.Support;

/// <summary>
/// Real OpenID Connect round trips against the emulated Entra sign-in (DESIGN §9), so tests sign people in instead
/// of asserting who they are. <see cref="SignInAsync"/> drives a Dex.Local host (cookies, redirects, <c>login_hint</c>);
/// <see cref="PrincipalAsync"/> gets and validates an id_token for tests that call the API in process.
/// </summary>
public static class EntraSignInFlow
{
    /// <summary>
    /// A client whose cookie jar holds a Dex.Local sign-in of <paramref name="upn"/>: Dex's sign-in endpoint, the
    /// emulator's authorize (with <c>login_hint</c>, and <c>amr=mfa</c> when asked), the code callback, back to Dex.
    /// </summary>
    public static async Task<HttpClient> SignInAsync(string dexBaseUrl, string upn, bool mfa = false, string returnUrl = "/")
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(dexBaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        await SignInWithAsync(client, upn, mfa, returnUrl);
        return client;
    }

    /// <summary>Signs <paramref name="upn"/> in on an existing cookie-keeping, non-redirecting client; returns the final Dex URL.</summary>
    public static async Task<Uri> SignInWithAsync(HttpClient client, string upn, bool mfa = false, string returnUrl = "/")
    {
        ArgumentNullException.ThrowIfNull(client);
        var url = new Uri(client.BaseAddress!, $"/api/auth/signin?returnUrl={Uri.EscapeDataString(returnUrl)}" + (mfa ? "&mfa=1" : string.Empty));
        for (var hop = 0; hop < 10; hop++)
        {
            using var response = await client.GetAsync(url);
            if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
            {
                Assert.True(response.IsSuccessStatusCode, $"Sign-in of {upn} stopped at {url} with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                return url;
            }

            var next = new Uri(url, response.Headers.Location!);
            if (next.AbsolutePath.EndsWith("/oauth2/v2.0/authorize", StringComparison.Ordinal))
            {
                next = new Uri(next + "&login_hint=" + Uri.EscapeDataString(upn) + (mfa && !next.Query.Contains("amr=mfa", StringComparison.Ordinal) ? "&amr=mfa" : string.Empty));
            }

            if (next.Authority == client.BaseAddress!.Authority && !next.AbsolutePath.StartsWith("/signin-oidc", StringComparison.Ordinal) && !next.AbsolutePath.StartsWith("/api/auth/", StringComparison.Ordinal))
            {
                return next; // back on Dex with the sign-in cookie
            }

            url = next;
        }

        Assert.Fail($"Sign-in of {upn} did not finish within 10 redirects.");
        return url;
    }

    /// <summary>An id_token for <paramref name="upn"/> from the emulator, validated against its discovery and keys like Dex.Local does.</summary>
    public static async Task<ClaimsPrincipal> PrincipalAsync(string emulatorRootUrl, string tenantId, string upn, bool mfa = false)
    {
        const string clientId = "dex-tests";
        const string redirect = "http://dex.test/signin-oidc";
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var nonce = Guid.NewGuid().ToString("N");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(60) };
        var authority = $"{emulatorRootUrl}/{tenantId}/v2.0";
        var config = await new ConfigurationManager<OpenIdConnectConfiguration>(
            authority + "/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever(http) { RequireHttps = false }).GetConfigurationAsync(CancellationToken.None);

        var authorize = $"{config.AuthorizationEndpoint}?client_id={clientId}&response_type=code&scope=openid%20profile&redirect_uri={Uri.EscapeDataString(redirect)}" +
                        $"&state=s1&nonce={nonce}&code_challenge={challenge}&code_challenge_method=S256&login_hint={Uri.EscapeDataString(upn)}" + (mfa ? "&amr=mfa" : string.Empty);
        using var redirected = await http.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Found, redirected.StatusCode);
        var code = Query(redirected.Headers.Location!, "code");
        using var tokenResponse = await http.PostAsync(config.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = code!, ["redirect_uri"] = redirect, ["code_verifier"] = verifier,
        }));
        Assert.True(tokenResponse.IsSuccessStatusCode, await tokenResponse.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync());
        var idToken = json.RootElement.GetProperty("id_token").GetString();
        var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = config.Issuer,
            ValidAudience = clientId,
            IssuerSigningKeys = config.SigningKeys,
            NameClaimType = "preferred_username",
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal(nonce, result.Claims["nonce"]);
        return new ClaimsPrincipal(result.ClaimsIdentity);
    }

    public static string? Query(Uri url, string name) =>
        (url.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0] == name) is { Length: 2 } kv) ? Uri.UnescapeDataString(kv[1]) : null;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
