using System.Security.Claims;

namespace Dex.Web.Identity;

/// <summary>
/// The person an Entra sign-in vouches for: object id, UPN, tenant and how they authenticated (<c>amr</c>).
/// Read from the principal that the host's authentication built (OpenID Connect cookie in Dex.Local, the App
/// Service client principal in Azure); never from a form field or a name.
/// </summary>
public sealed record SignedInUser(string ObjectId, string UserPrincipalName, string? Name, string? TenantId, IReadOnlyList<string> AuthenticationMethods)
{
    public const string ObjectIdClaim = "oid";
    public const string ObjectIdClaimLong = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    public const string TenantIdClaim = "tid";
    public const string TenantIdClaimLong = "http://schemas.microsoft.com/identity/claims/tenantid";
    public const string UpnClaim = "preferred_username";
    public const string AmrClaim = "amr";
    public const string AmrClaimLong = "http://schemas.microsoft.com/claims/authnmethodsreferences";

    /// <summary>True when the sign-in carried multi-factor authentication (<c>amr</c> contains <c>mfa</c>).</summary>
    public bool HasMfa => AuthenticationMethods.Contains("mfa", StringComparer.OrdinalIgnoreCase);

    /// <summary>The signed-in user, or null when the principal is anonymous or lacks an object id or UPN.</summary>
    public static SignedInUser? From(ClaimsPrincipal? principal)
    {
        if (principal?.Identity is not { IsAuthenticated: true })
        {
            return null;
        }

        var oid = First(principal, ObjectIdClaim, ObjectIdClaimLong);
        var upn = First(principal, UpnClaim, ClaimTypes.Upn, "upn");
        if (string.IsNullOrWhiteSpace(oid) || string.IsNullOrWhiteSpace(upn) || !upn.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }

        var amr = principal.FindAll(c => c.Type is AmrClaim or AmrClaimLong).Select(c => c.Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return new SignedInUser(oid, upn, First(principal, "name", ClaimTypes.GivenName), First(principal, TenantIdClaim, TenantIdClaimLong), amr);
    }

    /// <summary>Whether this is the person a token names (by UPN or object id, case-insensitively).</summary>
    public bool Is(string upnOrObjectId) =>
        string.Equals(UserPrincipalName, upnOrObjectId, StringComparison.OrdinalIgnoreCase) || string.Equals(ObjectId, upnOrObjectId, StringComparison.OrdinalIgnoreCase);

    private static string? First(ClaimsPrincipal p, params string[] types)
    {
        foreach (var t in types)
        {
            if (p.FindFirst(t)?.Value is { Length: > 0 } v)
            {
                return v;
            }
        }

        return null;
    }
}
