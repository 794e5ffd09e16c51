using Dex.Core.Requests;

namespace Dex.Core.Directory;

/// <summary>The user properties Dex reads (Graph returns them only when selected).</summary>
public sealed record DirectoryUser(
    string Id,
    string UserPrincipalName,
    string DisplayName,
    string? Mail,
    string? Department,
    string? JobTitle,
    string? OfficeLocation,
    string? MobilePhone,
    IReadOnlyList<string> BusinessPhones,
    string? UsageLocation,
    bool AccountEnabled)
{
    public TargetRef ToRef() => new(Id, UserPrincipalName, DisplayName);
}

public sealed record DirectoryGroup(string Id, string DisplayName, bool IsSecurity, bool IsMicrosoft365, bool IsAssignableToRole, string? Description)
{
    public string KindLabel => IsMicrosoft365 ? "Microsoft 365 group" : "security group";
}

/// <summary>Outcome of resolving a name: exactly one, several (ask), or none (say so).</summary>
public sealed record Lookup<T>(T? Match, IReadOnlyList<T> Candidates)
    where T : class
{
    public bool Found => Match is not null;
    public bool Ambiguous => Match is null && Candidates.Count > 1;
    public bool NotFound => Match is null && Candidates.Count == 0;

    public static Lookup<T> One(T match) => new(match, [match]);
    public static Lookup<T> None() => new(null, []);
    public static Lookup<T> Many(IReadOnlyList<T> candidates) => candidates.Count == 1 ? One(candidates[0]) : new(null, candidates);
}

/// <summary>What the directory says about a user's roles and groups.</summary>
public sealed record Membership(IReadOnlyList<string> DirectoryRoles, IReadOnlyList<DirectoryGroup> Groups);

/// <summary>The result of an MFA reset: which methods were removed.</summary>
public sealed record MfaResetResult(IReadOnlyList<string> RemovedMethods, bool SessionsRevoked);

/// <summary>A Graph failure translated into words an admin can act on.</summary>
public sealed class DirectoryException(string message, int? statusCode = null, string? graphCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    public int? StatusCode { get; } = statusCode;
    public string? GraphCode { get; } = graphCode;

    /// <summary>Worth retrying: throttling and transient server errors.</summary>
    public bool IsTransient => StatusCode is 429 or 500 or 502 or 503 or 504 or null;
}

/// <summary>Directory roles that make an account privileged (MFA/password changes need more care).</summary>
public static class PrivilegedRoles
{
    public const string GlobalAdministrator = "Global Administrator";
    public const string PrivilegedRoleAdministrator = "Privileged Role Administrator";
    public const string PrivilegedAuthenticationAdministrator = "Privileged Authentication Administrator";
    public const string AuthenticationAdministrator = "Authentication Administrator";
    public const string UserAdministrator = "User Administrator";
    public const string HelpdeskAdministrator = "Helpdesk Administrator";
    public const string SecurityAdministrator = "Security Administrator";
    public const string PasswordAdministrator = "Password Administrator";

    /// <summary>The default roles whose holders count as privileged admins (policy <c>guardrails.privilegedRoles</c> replaces it).</summary>
    public static readonly IReadOnlyList<string> All =
    [
        GlobalAdministrator, PrivilegedRoleAdministrator, PrivilegedAuthenticationAdministrator, AuthenticationAdministrator,
        UserAdministrator, HelpdeskAdministrator, SecurityAdministrator, PasswordAdministrator,
        "Exchange Administrator", "SharePoint Administrator", "Application Administrator", "Cloud Application Administrator",
        "Conditional Access Administrator", "Intune Administrator", "Billing Administrator",
        "Hybrid Identity Administrator", "Identity Governance Administrator", "Groups Administrator", "Partner Tier2 Support",
    ];

    public static bool IsPrivileged(IEnumerable<string> roles) => roles.Any(r => All.Contains(r, StringComparer.OrdinalIgnoreCase));
}
