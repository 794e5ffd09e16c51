using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dex.GraphEmulator.Model;

// The on-disk shape of a simulated tenant (DESIGN §7). Everything but names is optional.

internal sealed record TenantFile
{
    public string? Domain { get; init; }
    public string? DisplayName { get; init; }
    public string? TenantId { get; init; }
    public List<string>? VerifiedDomains { get; init; }
    public List<UserFile>? Users { get; init; }
    public List<GroupFile>? Groups { get; init; }
    public List<RoleFile>? DirectoryRoles { get; init; }
    public List<ServicePrincipalFile>? ServicePrincipals { get; init; }
    public List<SkuFile>? SubscribedSkus { get; init; }

    /// <summary>Two-letter country of the organization (group licences fall back to it). Default "US".</summary>
    public string? CountryLetterCode { get; init; }

    public List<AdministrativeUnitFile>? AdministrativeUnits { get; init; }

    /// <summary>PIM: eligible and time-bound active role assignments.</summary>
    public List<RoleScheduleFile>? RoleSchedules { get; init; }

    /// <summary>Soft-deleted users (in /directory/deletedItems, restorable).</summary>
    public List<UserFile>? DeletedUsers { get; init; }
}

internal sealed record UserFile
{
    public string? Id { get; init; }
    public string? UserPrincipalName { get; init; }
    public string? DisplayName { get; init; }
    public string? GivenName { get; init; }
    public string? Surname { get; init; }
    public string? Mail { get; init; }
    public string? MailNickname { get; init; }
    public string? Department { get; init; }
    public string? JobTitle { get; init; }
    public string? CompanyName { get; init; }
    public string? EmployeeId { get; init; }
    public string? OfficeLocation { get; init; }
    public string? City { get; init; }
    public string? Country { get; init; }
    public string? MobilePhone { get; init; }
    public List<string>? BusinessPhones { get; init; }
    public string? UsageLocation { get; init; }
    public string? PreferredLanguage { get; init; }
    public string? UserType { get; init; }
    public bool? AccountEnabled { get; init; }
    public string? Manager { get; init; }
    public List<string>? AuthenticationMethods { get; init; }
    public RiskFile? Risk { get; init; }

    /// <summary>Licences by part number ("SPE_E5") or {"skuPartNumber":"SPE_E5","disabledPlans":["TEAMS1"]}.</summary>
    public List<JsonElement>? AssignedLicenses { get; init; }

    public DateTimeOffset? LastSignInDateTime { get; init; }
    public DateTimeOffset? LastNonInteractiveSignInDateTime { get; init; }

    /// <summary>mailboxSettings.timeZone (Windows or IANA name). Default "UTC".</summary>
    public string? TimeZone { get; init; }

    /// <summary>Entries of auditLogs/signIns for this user.</summary>
    public List<SignInFile>? SignIns { get; init; }

    /// <summary>Only in deletedUsers: when the user was deleted (default: 3 days before the tenant's base date + 300).</summary>
    public DateTimeOffset? DeletedDateTime { get; init; }
}

internal sealed record SignInFile
{
    public DateTimeOffset? CreatedDateTime { get; init; }
    public string? AppDisplayName { get; init; }
    public string? IpAddress { get; init; }
    public string? City { get; init; }
    public string? CountryOrRegion { get; init; }
    public int? ErrorCode { get; init; }
    public string? FailureReason { get; init; }
    public string? RiskLevel { get; init; }
    public bool? IsInteractive { get; init; }
    public string? ClientAppUsed { get; init; }
}

internal sealed record RiskDetectionFile
{
    public string? RiskEventType { get; init; }
    public string? RiskLevel { get; init; }
    public DateTimeOffset? DetectedDateTime { get; init; }
    public string? IpAddress { get; init; }
    public string? City { get; init; }
    public string? CountryOrRegion { get; init; }
}

internal sealed record AdministrativeUnitFile
{
    public string? Id { get; init; }
    public string? DisplayName { get; init; }
    public string? Description { get; init; }
    public string? Visibility { get; init; }
    public bool? IsMemberManagementRestricted { get; init; }
    public List<string>? Members { get; init; }
}

internal sealed record RoleScheduleFile
{
    /// <summary>User UPN or group name.</summary>
    public string? Principal { get; init; }

    /// <summary>Role display name (built-in) or template id.</summary>
    public string? Role { get; init; }

    /// <summary>eligible | active.</summary>
    public string? Type { get; init; }

    public DateTimeOffset? Start { get; init; }
    public DateTimeOffset? End { get; init; }
}

internal sealed record RiskFile
{
    public string? RiskLevel { get; init; }
    public string? RiskState { get; init; }
    public string? RiskDetail { get; init; }
    public List<RiskDetectionFile>? Detections { get; init; }
}

internal sealed record GroupFile
{
    public string? Id { get; init; }
    public string? DisplayName { get; init; }
    public string? Description { get; init; }
    public string? MailNickname { get; init; }

    /// <summary>security | m365 | distribution | mailEnabledSecurity.</summary>
    public string? Kind { get; init; }

    public bool? IsAssignableToRole { get; init; }
    public string? Visibility { get; init; }
    public List<string>? Members { get; init; }
    public List<string>? Owners { get; init; }

    /// <summary>Group-based licences; members inherit them.</summary>
    public List<JsonElement>? AssignedLicenses { get; init; }

    /// <summary>Makes the group dynamic (groupTypes DynamicMembership); members are still the listed ones.</summary>
    public string? MembershipRule { get; init; }
}

internal sealed record RoleFile
{
    public string? DisplayName { get; init; }
    public string? RoleTemplateId { get; init; }
    public string? Description { get; init; }
    public List<string>? Members { get; init; }

    /// <summary>PIM-eligible principals (UPN or group name), permanently eligible.</summary>
    public List<string>? EligibleMembers { get; init; }
}

internal sealed record ServicePrincipalFile
{
    public string? Id { get; init; }
    public string? AppId { get; init; }
    public string? DisplayName { get; init; }
    public List<string>? AppRoles { get; init; }
    public List<string>? Tags { get; init; }

    /// <summary>Users or groups assigned to the app: "upn" or "upn:Role".</summary>
    public List<string>? Assignments { get; init; }
}

internal sealed record SkuFile
{
    public string? SkuPartNumber { get; init; }
    public string? SkuId { get; init; }
    public int? Enabled { get; init; }
    public int? Consumed { get; init; }
    public int? Suspended { get; init; }
    public int? Warning { get; init; }
    public int? LockedOut { get; init; }
    public string? AppliesTo { get; init; }
    public List<ServicePlanFile>? ServicePlans { get; init; }
    public List<string>? MutuallyExclusiveWith { get; init; }
    public List<string>? Requires { get; init; }
}

internal sealed record ServicePlanFile
{
    public string? ServicePlanName { get; init; }
    public string? ServicePlanId { get; init; }

    /// <summary>Usage locations (two-letter) where the plan cannot be assigned.</summary>
    public List<string>? UnavailableIn { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(TenantFile))]
internal sealed partial class TenantFileJsonContext : JsonSerializerContext;
