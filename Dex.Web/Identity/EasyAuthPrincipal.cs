using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dex.Web.Identity;

/// <summary>
/// App Service Authentication ("Easy Auth") hands the signed-in user to the app in the <c>X-MS-CLIENT-PRINCIPAL</c>
/// header: base64 JSON <c>{"auth_typ","claims":[{"typ","val"}],"name_typ","role_typ"}</c>. The platform strips that
/// header from incoming requests only while authentication is on, so the header is believed only when the platform
/// says it is on (<c>WEBSITE_AUTH_ENABLED=True</c>); otherwise anyone could send one.
/// </summary>
public static class EasyAuthPrincipal
{
    public const string Header = "X-MS-CLIENT-PRINCIPAL";
    public const string EnabledSetting = "WEBSITE_AUTH_ENABLED";

    public static bool IsPlatformAuthenticationOn(string? websiteAuthEnabled) =>
        string.Equals(websiteAuthEnabled?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The principal in the header, or null when it is absent or not the platform's shape.</summary>
    public static ClaimsPrincipal? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > 64 * 1024)
        {
            return null;
        }

        try
        {
            var json = Convert.FromBase64String(header.Trim());
            var data = JsonSerializer.Deserialize<ClientPrincipal>(json);
            if (data?.Claims is not { Count: > 0 } claims || string.IsNullOrWhiteSpace(data.AuthenticationType))
            {
                return null;
            }

            var identity = new ClaimsIdentity(
                claims.Where(c => !string.IsNullOrEmpty(c.Type) && c.Value is not null).Select(c => new Claim(c.Type!, c.Value!)),
                data.AuthenticationType,
                data.NameType ?? ClaimTypes.Name,
                data.RoleType ?? ClaimTypes.Role);
            return new ClaimsPrincipal(identity);
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

    private sealed record ClientPrincipal(
        [property: JsonPropertyName("auth_typ")] string? AuthenticationType,
        [property: JsonPropertyName("claims")] IReadOnlyList<ClientClaim>? Claims,
        [property: JsonPropertyName("name_typ")] string? NameType,
        [property: JsonPropertyName("role_typ")] string? RoleType);

    private sealed record ClientClaim(
        [property: JsonPropertyName("typ")] string? Type,
        [property: JsonPropertyName("val")] string? Value);
}
