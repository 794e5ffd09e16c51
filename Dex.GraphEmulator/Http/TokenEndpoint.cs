using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Dex.GraphEmulator.Http;

/// <summary>
/// A stand-in for Entra's token endpoint (client credentials only), so a real <c>ClientSecretCredential</c> can get
/// a token from the emulator when it listens on https. The token is JWT-shaped (header.payload.signature) with
/// Graph-like claims; nothing verifies its signature.
/// </summary>
internal static class TokenEndpoint
{
    public static bool IsTokenPath(string path, out string tenant)
    {
        var parts = path.Trim('/').Split('/');
        tenant = parts.Length > 0 ? parts[0] : "";
        return parts.Length == 4 && parts[1] == "oauth2" && parts[2] == "v2.0" && parts[3] == "token";
    }

    public static bool IsMetadataPath(string path) =>
        path.EndsWith("/v2.0/.well-known/openid-configuration", StringComparison.OrdinalIgnoreCase);

    public static EmuResponse Issue(IReadOnlyDictionary<string, string> form, string tenantId, IReadOnlyList<string> roles)
    {
        static EmuResponse Fail(int status, string error, string description) => EmuResponse.Json(status, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", error);
            w.WriteString("error_description", description);
            w.WriteStartArray("error_codes");
            w.WriteNumberValue(error == "invalid_client" ? 7000215 : 900144);
            w.WriteEndArray();
            w.WriteString("timestamp", DateTime.UtcNow.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("trace_id", Guid.NewGuid().ToString());
            w.WriteString("correlation_id", Guid.NewGuid().ToString());
            w.WriteEndObject();
        });

        if (form.GetValueOrDefault("grant_type") != "client_credentials")
        {
            return Fail(400, "unsupported_grant_type", "AADSTS70003: The emulator supports only the client_credentials grant.");
        }

        var clientId = form.GetValueOrDefault("client_id");
        if (string.IsNullOrWhiteSpace(clientId))
        {
            return Fail(400, "invalid_request", "AADSTS900144: The request body must contain the following parameter: 'client_id'.");
        }

        if (string.IsNullOrWhiteSpace(form.GetValueOrDefault("client_secret")) && string.IsNullOrWhiteSpace(form.GetValueOrDefault("client_assertion")))
        {
            return Fail(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
        }

        var scope = form.GetValueOrDefault("scope") ?? "";
        var resource = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Replace("/.default", "", StringComparison.Ordinal) ?? "https://graph.microsoft.com";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = new Dictionary<string, object>
        {
            ["aud"] = resource,
            ["iss"] = $"https://sts.windows.net/{tenantId}/",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 3599,
            ["appid"] = clientId,
            ["azp"] = clientId,
            ["idtyp"] = "app",
            ["oid"] = Model.Ids.For("servicePrincipalOf", clientId),
            ["roles"] = roles,
            ["sub"] = Model.Ids.For("servicePrincipalOf", clientId),
            ["tid"] = tenantId,
            ["ver"] = "1.0",
        };
        var token = $"{B64(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["typ"] = "JWT", ["alg"] = "RS256", ["kid"] = "dex-emulator" }))}."
                    + $"{B64(JsonSerializer.SerializeToUtf8Bytes(payload))}.{B64(RandomNumberGenerator.GetBytes(64))}";
        return EmuResponse.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("token_type", "Bearer");
            w.WriteNumber("expires_in", 3599);
            w.WriteNumber("ext_expires_in", 3599);
            w.WriteString("access_token", token);
            w.WriteEndObject();
        });
    }

    public static EmuResponse Metadata(string root, string tenant) => EmuResponse.Json(200, w =>
    {
        w.WriteStartObject();
        w.WriteString("token_endpoint", $"{root}/{tenant}/oauth2/v2.0/token");
        w.WriteString("authorization_endpoint", $"{root}/{tenant}/oauth2/v2.0/authorize");
        w.WriteString("issuer", $"{root}/{tenant}/v2.0");
        w.WriteStartArray("token_endpoint_auth_methods_supported");
        w.WriteStringValue("client_secret_post");
        w.WriteStringValue("private_key_jwt");
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>The app id inside a JWT-shaped bearer token, so throttling budgets follow the app, not each token.</summary>
    public static string? AppIdOf(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var padded = parts[1].Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            using var doc = JsonDocument.Parse(Convert.FromBase64String(padded));
            return doc.RootElement.TryGetProperty("appid", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A throwaway certificate for https on loopback (CN=Dex Graph Emulator; SAN localhost, 127.0.0.1, ::1).</summary>
    public static X509Certificate2 CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var req = new CertificateRequest("CN=Dex Graph Emulator", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        san.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
        req.CertificateExtensions.Add(san.Build());
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, false));
        using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        // Round-trip through PKCS#12 so the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
