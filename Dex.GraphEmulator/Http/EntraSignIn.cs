using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Dex.GraphEmulator.Http;

/// <summary>
/// An Entra-shaped OpenID Connect sign-in for the emulated tenant (DESIGN §9), so the standard ASP.NET Core
/// OpenID Connect handler signs real people in against the emulator: discovery, JWKS (an RSA key made at start),
/// authorize (a user picker, or <c>login_hint</c> signs that user in at once), and the authorization-code
/// exchange returning an RS256 <c>id_token</c>. <c>amr=mfa</c> on authorize is the emulator's way to say "this
/// sign-in did MFA". Codes are single-use, bound to client, redirect URI and PKCE challenge, and live 5 minutes.
/// </summary>
internal sealed class EntraSignIn(EmulatedTenant tenant, Func<string> rootUrl) : IDisposable
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);
    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, IssuedCode> _codes = new(StringComparer.Ordinal);
    private string? _kid;

    private sealed record IssuedCode(
        string ClientId, string RedirectUri, string ObjectId, string Upn, string Name, string[] Amr, string? Nonce,
        string? CodeChallenge, string? CodeChallengeMethod, DateTimeOffset ExpiresAt);

    private string Kid => _kid ??= B64(SHA256.HashData(_key.ExportSubjectPublicKeyInfo()))[..16];

    private string Issuer => $"{rootUrl()}/{tenant.TenantId}/v2.0";

    public void Dispose() => _key.Dispose();

    /// <summary>Serves the sign-in routes; false for every other path (the caller carries on).</summary>
    public async Task<bool> TryHandleAsync(HttpContext ctx)
    {
        var path = (ctx.Request.Path.Value ?? "/").TrimEnd('/');
        var method = ctx.Request.Method;
        if (HttpMethods.IsGet(method) && string.Equals(path, "/discovery/v2.0/keys", StringComparison.OrdinalIgnoreCase))
        {
            await WriteAsync(ctx, Keys());
            return true;
        }

        if (HttpMethods.IsGet(method) && string.Equals(path, "/favicon.ico", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Response.StatusCode = StatusCodes.Status404NotFound; // browsers ask for it on the sign-in pages
            return true;
        }

        var parts = path.Trim('/').Split('/');
        if (parts.Length < 3)
        {
            return false;
        }

        var tail = string.Join('/', parts[1..]).ToLowerInvariant();
        switch (method.ToUpperInvariant(), tail)
        {
            case ("GET", "v2.0/.well-known/openid-configuration"):
                await WriteAsync(ctx, KnownTenant(parts[0]) ? Discovery(parts[0]) : TenantNotFound(parts[0]));
                return true;
            case ("GET", "oauth2/v2.0/authorize"):
                await WriteAsync(ctx, KnownTenant(parts[0]) ? Authorize(ctx.Request.Query) : TenantNotFound(parts[0]));
                return true;
            case ("POST", "oauth2/v2.0/token") when ctx.Request.HasFormContentType:
                var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
                if (form["grant_type"] != "authorization_code")
                {
                    return false; // client credentials: the token endpoint of TokenEndpoint (https) answers
                }

                await WriteAsync(ctx, KnownTenant(parts[0]) ? Redeem(form) : TenantNotFound(parts[0]));
                return true;
            default:
                return false;
        }
    }

    /// <summary>The tenant id, a verified domain, or <c>organizations</c>, as Entra accepts them.</summary>
    private bool KnownTenant(string segment)
    {
        if (string.Equals(segment, "organizations", StringComparison.OrdinalIgnoreCase) || string.Equals(segment, tenant.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        lock (tenant.Sync)
        {
            return tenant.State.VerifiedDomains.Any(d => string.Equals(d, segment, StringComparison.OrdinalIgnoreCase));
        }
    }

    private EmuResponse Discovery(string segment)
    {
        var root = rootUrl();
        return EmuResponse.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("issuer", Issuer);
            w.WriteString("authorization_endpoint", $"{root}/{segment}/oauth2/v2.0/authorize");
            w.WriteString("token_endpoint", $"{root}/{segment}/oauth2/v2.0/token");
            w.WriteString("jwks_uri", $"{root}/discovery/v2.0/keys");
            w.WriteString("end_session_endpoint", $"{root}/{segment}/oauth2/v2.0/logout");
            Array(w, "response_types_supported", "code");
            Array(w, "response_modes_supported", "query", "form_post");
            Array(w, "subject_types_supported", "pairwise");
            Array(w, "id_token_signing_alg_values_supported", "RS256");
            Array(w, "scopes_supported", "openid", "profile", "email", "offline_access");
            Array(w, "token_endpoint_auth_methods_supported", "client_secret_post", "private_key_jwt");
            Array(w, "code_challenge_methods_supported", "S256", "plain");
            Array(w, "claims_supported", "sub", "iss", "aud", "exp", "iat", "nbf", "nonce", "oid", "tid", "preferred_username", "name", "amr", "ver");
            w.WriteString("tenant_region_scope", "EU");
            w.WriteEndObject();
        });
    }

    private EmuResponse Keys()
    {
        var p = _key.ExportParameters(false);
        return EmuResponse.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("keys");
            w.WriteStartObject();
            w.WriteString("kty", "RSA");
            w.WriteString("use", "sig");
            w.WriteString("alg", "RS256");
            w.WriteString("kid", Kid);
            w.WriteString("n", B64(p.Modulus!));
            w.WriteString("e", B64(p.Exponent!));
            w.WriteString("issuer", Issuer);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private EmuResponse Authorize(IQueryCollection q)
    {
        var clientId = q["client_id"].ToString();
        var redirectUri = q["redirect_uri"].ToString();
        if (string.IsNullOrWhiteSpace(clientId))
        {
            return ErrorPage(400, "AADSTS900144: The request body must contain the following parameter: 'client_id'.");
        }

        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var redirect) || (redirect.Scheme != Uri.UriSchemeHttps && redirect.Scheme != Uri.UriSchemeHttp) || redirect.Fragment.Length > 0)
        {
            return ErrorPage(400, "AADSTS50011: The redirect URI specified in the request is not a valid absolute http(s) URI.");
        }

        var responseMode = q["response_mode"].ToString() is { Length: > 0 } m ? m : "query";
        if (responseMode is not ("query" or "form_post"))
        {
            return ErrorPage(400, $"AADSTS900144: response_mode '{responseMode}' is not supported; use query or form_post.");
        }

        var state = q["state"].ToString();
        if (q["response_type"] != "code")
        {
            return Reply(redirectUri, responseMode, [new("error", "unsupported_response_type"), new("error_description", "AADSTS70005: Only response_type=code is supported."), new("state", state)]);
        }

        var scopes = q["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!scopes.Contains("openid", StringComparer.Ordinal))
        {
            return Reply(redirectUri, responseMode, [new("error", "invalid_scope"), new("error_description", "AADSTS650053: The scope must include 'openid'."), new("state", state)]);
        }

        var challengeMethod = q["code_challenge_method"].ToString() is { Length: > 0 } cm ? cm : (q["code_challenge"].Count > 0 ? "plain" : null);
        if (challengeMethod is not (null or "S256" or "plain"))
        {
            return Reply(redirectUri, responseMode, [new("error", "invalid_request"), new("error_description", "AADSTS501491: code_challenge_method must be S256 or plain."), new("state", state)]);
        }

        var hint = q["login_hint"].ToString().Trim();
        if (hint.Length == 0)
        {
            return Picker(q);
        }

        var user = tenant.FindUser(hint);
        if (user is null)
        {
            return ErrorPage(400, $"AADSTS50034: The user account {hint} does not exist in the {tenant.Domain} directory.");
        }

        if (!user.AccountEnabled)
        {
            return ErrorPage(400, "AADSTS50057: The user account is disabled.");
        }

        var amr = string.Equals(q["amr"].ToString(), "mfa", StringComparison.OrdinalIgnoreCase) ? new[] { "pwd", "mfa" } : ["pwd"];
        var code = B64(RandomNumberGenerator.GetBytes(32));
        _codes[code] = new IssuedCode(clientId, redirectUri, user.Id, user.UserPrincipalName, user.DisplayName, amr, NullIfEmpty(q["nonce"]),
            NullIfEmpty(q["code_challenge"]), challengeMethod, DateTimeOffset.UtcNow + CodeLifetime);
        Sweep();
        return Reply(redirectUri, responseMode, [new("code", code), new("state", state), new("session_state", Guid.NewGuid().ToString())]);
    }

    private EmuResponse Redeem(IFormCollection form)
    {
        var code = form["code"].ToString();
        if (code.Length == 0 || !_codes.TryRemove(code, out var issued) || issued.ExpiresAt <= DateTimeOffset.UtcNow)
        {
            return TokenError(400, "invalid_grant", "AADSTS70008: The provided authorization code is invalid, used or expired.");
        }

        if (form["client_id"] != issued.ClientId)
        {
            return TokenError(400, "invalid_grant", "AADSTS70000: The code was issued to a different client.");
        }

        if (form["redirect_uri"] != issued.RedirectUri)
        {
            return TokenError(400, "invalid_grant", "AADSTS70000: redirect_uri does not match the one the code was issued for.");
        }

        if (issued.CodeChallenge is { } challenge)
        {
            var verifier = form["code_verifier"].ToString();
            var expected = issued.CodeChallengeMethod == "S256" ? B64(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) : verifier;
            if (verifier.Length == 0 || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(challenge)))
            {
                return TokenError(400, "invalid_grant", "AADSTS501481: The code_verifier does not match the code_challenge.");
            }
        }
        else if (string.IsNullOrEmpty(form["client_secret"]) && string.IsNullOrEmpty(form["client_assertion"]))
        {
            return TokenError(401, "invalid_client", "AADSTS7000218: The request body must contain 'client_secret', 'client_assertion' or a PKCE code_verifier.");
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object?>
        {
            ["aud"] = issued.ClientId,
            ["iss"] = Issuer,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + (long)TokenLifetime.TotalSeconds,
            ["sub"] = Model.Ids.For("pairwiseSub", issued.ClientId + "|" + issued.ObjectId),
            ["oid"] = issued.ObjectId,
            ["tid"] = tenant.TenantId,
            ["preferred_username"] = issued.Upn,
            ["name"] = issued.Name,
            ["amr"] = issued.Amr,
            ["ver"] = "2.0",
        };
        if (issued.Nonce is { } nonce)
        {
            claims["nonce"] = nonce;
        }

        var idToken = Sign(claims);
        var accessToken = Sign(new Dictionary<string, object?>(claims) { ["aud"] = "00000003-0000-0000-c000-000000000000", ["scp"] = "openid profile email" });
        return EmuResponse.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("token_type", "Bearer");
            w.WriteString("scope", "openid profile email");
            w.WriteNumber("expires_in", (long)TokenLifetime.TotalSeconds);
            w.WriteString("access_token", accessToken);
            w.WriteString("id_token", idToken);
            w.WriteEndObject();
        });
    }

    private string Sign(Dictionary<string, object?> claims)
    {
        var header = B64(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["typ"] = "JWT", ["alg"] = "RS256", ["kid"] = Kid }));
        var body = B64(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(header + "." + body), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{body}.{B64(signature)}";
    }

    /// <summary>The picker shown without <c>login_hint</c>: each person links back to authorize with their UPN.</summary>
    private EmuResponse Picker(IQueryCollection q)
    {
        // A step-up request (amr=mfa) makes every choice an MFA sign-in, as Entra would prompt for the second factor.
        var askedMfa = string.Equals(q["amr"].ToString(), "mfa", StringComparison.OrdinalIgnoreCase);
        string Link(string upn, bool mfa)
        {
            mfa |= askedMfa;
            var pairs = q.Where(kv => kv.Key is not ("login_hint" or "amr")).Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value.ToString())}").ToList();
            pairs.Add("login_hint=" + Uri.EscapeDataString(upn));
            if (mfa)
            {
                pairs.Add("amr=mfa");
            }

            return WebUtility.HtmlEncode("?" + string.Join("&", pairs));
        }

        var sb = new StringBuilder();
        sb.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in · emulated Entra ID</title></head><body><main>");
        sb.Append($"<h1>Pick an account</h1><p>Emulated Microsoft Entra sign-in for <strong>{WebUtility.HtmlEncode(tenant.Domain)}</strong>. Nothing here asks for a password.</p><ul id=\"accounts\">");
        foreach (var u in tenant.Users.Where(u => u.AccountEnabled).Take(200))
        {
            sb.Append($"<li><a class=\"account\" href=\"{Link(u.UserPrincipalName, false)}\">{WebUtility.HtmlEncode(u.DisplayName)} ({WebUtility.HtmlEncode(u.UserPrincipalName)})</a>");
            sb.Append($" · <a class=\"account-mfa\" href=\"{Link(u.UserPrincipalName, true)}\">with MFA</a></li>");
        }

        sb.Append("</ul></main></body></html>");
        return Html(200, sb.ToString());
    }

    private static EmuResponse Reply(string redirectUri, string responseMode, List<KeyValuePair<string, string>> fields)
    {
        fields = [.. fields.Where(f => f.Value.Length > 0)];
        if (responseMode == "form_post")
        {
            var inputs = string.Concat(fields.Select(f => $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(f.Key)}\" value=\"{WebUtility.HtmlEncode(f.Value)}\">"));
            return Html(200, $"<!doctype html><html><head><title>Working...</title></head><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"{WebUtility.HtmlEncode(redirectUri)}\">{inputs}<noscript><button>Continue</button></noscript></form></body></html>");
        }

        var query = string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
        var location = redirectUri + (redirectUri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
        return new EmuResponse { Status = 302 }.WithHeader("Location", location).WithHeader("Cache-Control", "no-store");
    }

    private static EmuResponse ErrorPage(int status, string message) =>
        Html(status, $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign-in error</title></head><body><main><h1>Sign-in failed</h1><p id=\"error\">{WebUtility.HtmlEncode(message)}</p></main></body></html>");

    private EmuResponse TenantNotFound(string segment) =>
        TokenError(400, "invalid_tenant", $"AADSTS90002: Tenant '{segment}' not found. This emulator serves {tenant.Domain} ({tenant.TenantId}).");

    private static EmuResponse TokenError(int status, string error, string description) => EmuResponse.Json(status, w =>
    {
        w.WriteStartObject();
        w.WriteString("error", error);
        w.WriteString("error_description", description);
        w.WriteEndObject();
    });

    private static EmuResponse Html(int status, string html) =>
        EmuResponse.Text(status, html, "text/html; charset=utf-8").WithHeader("Cache-Control", "no-store").WithHeader("X-Frame-Options", "DENY");

    private void Sweep()
    {
        if (_codes.Count < 1000)
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        foreach (var (k, v) in _codes)
        {
            if (v.ExpiresAt <= now)
            {
                _codes.TryRemove(k, out _);
            }
        }
    }

    private static void Array(Utf8JsonWriter w, string name, params string[] values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues v) => string.IsNullOrWhiteSpace(v) ? null : v.ToString();

    private static async Task WriteAsync(HttpContext ctx, EmuResponse response)
    {
        ctx.Response.StatusCode = response.Status;
        foreach (var (k, v) in response.Headers)
        {
            ctx.Response.Headers.Append(k, v);
        }

        if (response.ContentType is not null)
        {
            ctx.Response.ContentType = response.ContentType;
        }

        if (response.Body is { Length: > 0 } bytes)
        {
            await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
        }
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
