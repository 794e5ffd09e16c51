using System.Text.Json;
using Dex.GraphEmulator.OData;

namespace Dex.GraphEmulator.Model;

// Mutable in-memory state. Only touched while holding EmulatedTenant's lock.

internal sealed class UserEntity : IExtraProperties
{
    public Dictionary<string, JsonElement> Extra { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The tenant holding the user (licence states and other computed properties read it).</summary>
    public TenantState? Owner { get; set; }

    public List<LicenseGrant> DirectLicenses { get; } = [];
    public DateTimeOffset? LastSignInDateTime { get; set; }
    public DateTimeOffset? LastNonInteractiveSignInDateTime { get; set; }
    public DateTimeOffset? LastSuccessfulSignInDateTime { get; set; }
    public string? TimeZone { get; set; } = "UTC";
    public string? MailboxLocale { get; set; }
    public DateTimeOffset? DeletedDateTime { get; set; }
    public string? ExternalUserState { get; set; }

    /// <summary>Group ids the user was a direct member of when soft-deleted (restored with the user).</summary>
    public List<string> MembershipsAtDeletion { get; } = [];

    public required string Id { get; init; }
    public required string UserPrincipalName { get; set; }
    public required string DisplayName { get; set; }
    public string? GivenName { get; set; }
    public string? Surname { get; set; }
    public string? Mail { get; set; }
    public string? MailNickname { get; set; }
    public string? Department { get; set; }
    public string? JobTitle { get; set; }
    public string? CompanyName { get; set; }
    public string? EmployeeId { get; set; }
    public string? OfficeLocation { get; set; }
    public string? City { get; set; }
    public string? Country { get; set; }
    public string? MobilePhone { get; set; }
    public List<string> BusinessPhones { get; set; } = [];
    public List<string> OtherMails { get; set; } = [];
    public string? UsageLocation { get; set; }

    /// <summary>assignLicense calls still refused for a just-set usage location (see GraphEmulatorOptions.UsageLocationLag).</summary>
    public int PendingLocationRefusals { get; set; }
    public string? PreferredLanguage { get; set; }
    public string UserType { get; set; } = "Member";
    public bool AccountEnabled { get; set; } = true;
    public string? ManagerId { get; set; }
    public string? PasswordPolicies { get; set; }
    public string? Password { get; set; }
    public bool ForceChangePasswordNextSignIn { get; set; }
    public DateTimeOffset CreatedDateTime { get; set; }
    public DateTimeOffset? SignInSessionsValidFromDateTime { get; set; }
    public DateTimeOffset? SignInSessionsRevokedAt { get; set; }
    public List<AuthMethodEntity> AuthMethods { get; } = [];
    public RiskEntity? Risk { get; set; }
    public byte[]? Photo { get; set; }
    public string? PhotoContentType { get; set; }
    public List<AppRoleAssignmentEntity> AppRoleAssignments { get; } = [];
}

internal sealed class AuthMethodEntity
{
    public required string Id { get; init; }

    /// <summary>Short kind: password, microsoftAuthenticator, phone, softwareOath, fido2, email, temporaryAccessPass, windowsHelloForBusiness.</summary>
    public required string Kind { get; init; }

    public DateTimeOffset CreatedDateTime { get; init; }
    public string? DisplayName { get; init; }
    public string? PhoneNumber { get; init; }
    public string? PhoneType { get; init; }
    public string? EmailAddress { get; init; }
    public DateTimeOffset? StartDateTime { get; init; }
    public int? LifetimeInMinutes { get; init; }
    public bool? IsUsableOnce { get; init; }
}

internal sealed class RiskEntity
{
    public string RiskLevel { get; set; } = "none";
    public string RiskState { get; set; } = "none";
    public string RiskDetail { get; set; } = "none";
    public DateTimeOffset RiskLastUpdatedDateTime { get; set; }
    public List<RiskHistoryEntry> History { get; } = [];
}

internal sealed class GroupEntity : IExtraProperties
{
    public Dictionary<string, JsonElement> Extra { get; } = new(StringComparer.OrdinalIgnoreCase);

    public TenantState? Owner { get; set; }

    /// <summary>Group-based licences: members inherit them.</summary>
    public List<LicenseGrant> Licenses { get; } = [];

    /// <summary>userId → skuId → error ("None" when active), as licence processing left it.</summary>
    public Dictionary<string, Dictionary<string, string>> LicenseResults { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string? MembershipRule { get; set; }
    public string? MembershipRuleProcessingState { get; set; }
    public DateTimeOffset? DeletedDateTime { get; set; }
    public bool IsDynamic => GroupTypes.Contains("DynamicMembership", StringComparer.OrdinalIgnoreCase);

    public required string Id { get; init; }
    public required string DisplayName { get; set; }
    public string? Description { get; set; }
    public string? MailNickname { get; set; }
    public string? Mail { get; set; }
    public List<string> GroupTypes { get; set; } = [];
    public bool SecurityEnabled { get; set; }
    public bool MailEnabled { get; set; }
    public bool IsAssignableToRole { get; set; }
    public string? Visibility { get; set; }
    public DateTimeOffset CreatedDateTime { get; set; }

    public OrderedIdSet Members { get; } = new();
    public OrderedIdSet Owners { get; } = new();

    public bool AddMember(string id) => Members.Add(id);

    public bool RemoveMember(string id) => Members.Remove(id);

    public bool AddOwner(string id) => Owners.Add(id);

    public bool RemoveOwner(string id) => Owners.Remove(id);
}

internal sealed class RoleEntity
{
    public required string Id { get; init; }
    public required string DisplayName { get; init; }
    public required string RoleTemplateId { get; init; }
    public string? Description { get; init; }
    public OrderedIdSet Members { get; } = new();

    public bool AddMember(string id) => Members.Add(id);

    public bool RemoveMember(string id) => Members.Remove(id);
}

internal sealed class ServicePrincipalEntity
{
    public TenantState? Owner { get; set; }
    public required string Id { get; init; }
    public required string AppId { get; init; }
    public required string DisplayName { get; set; }
    public List<string> Tags { get; set; } = [];
    public List<AppRoleEntity> AppRoles { get; } = [];
    public List<AppRoleAssignmentEntity> AppRoleAssignedTo { get; } = [];
    public DateTimeOffset CreatedDateTime { get; init; }
}

internal sealed record AppRoleEntity(string Id, string Value, string DisplayName);

internal sealed class AppRoleAssignmentEntity
{
    public required string Id { get; init; }
    public required string PrincipalId { get; init; }
    public required string PrincipalType { get; init; }
    public required string PrincipalDisplayName { get; init; }
    public required string ResourceId { get; init; }
    public required string ResourceDisplayName { get; init; }
    public required string AppRoleId { get; init; }
    public DateTimeOffset CreatedDateTime { get; init; }
}

internal sealed class SkuEntity
{
    public required string SkuId { get; init; }
    public required string SkuPartNumber { get; init; }
    public int Enabled { get; set; }

    /// <summary>Seats used by people the tenant file does not list (declared consumed minus listed holders).</summary>
    public int OtherConsumed { get; set; }

    public int Suspended { get; init; }
    public int Warning { get; init; }
    public int LockedOut { get; init; }
    public string AppliesTo { get; init; } = "User";
    public string CapabilityStatus { get; init; } = "Enabled";
    public List<ServicePlanEntity> ServicePlans { get; } = [];

    /// <summary>Part numbers that cannot be held together with this SKU.</summary>
    public List<string> MutuallyExclusiveWith { get; } = [];

    /// <summary>Part numbers this add-on needs (one of them) before it can be assigned.</summary>
    public List<string> Requires { get; } = [];
}

internal sealed record ServicePlanEntity(string Id, string Name, string AppliesTo, IReadOnlyList<string> UnavailableIn);

/// <summary>One licence on a user or group: the SKU and the service plans turned off.</summary>
internal sealed record LicenseGrant(string SkuId, IReadOnlyList<string> DisabledPlans);

/// <summary>A PIM schedule: eligible (roleEligibilitySchedule) or active (roleAssignmentSchedule).</summary>
internal sealed class RoleScheduleEntity
{
    public required string Id { get; init; }
    public required string PrincipalId { get; init; }
    public required string RoleDefinitionId { get; init; }
    public string DirectoryScopeId { get; init; } = "/";
    public required bool Eligible { get; init; }

    /// <summary>Active schedules only: "Assigned" (permanent or time-bound) or "Activated" (from an eligibility).</summary>
    public string AssignmentType { get; init; } = "Assigned";

    public DateTimeOffset StartDateTime { get; init; }
    public DateTimeOffset? EndDateTime { get; init; }
}

internal sealed class ScheduleRequestEntity
{
    public required string Id { get; init; }
    public required bool Eligibility { get; init; }
    public required string Action { get; init; }
    public required string PrincipalId { get; init; }
    public required string RoleDefinitionId { get; init; }
    public string DirectoryScopeId { get; init; } = "/";
    public string? Justification { get; init; }
    public required string Status { get; init; }
    public DateTimeOffset CreatedDateTime { get; init; }
    public string? TargetScheduleId { get; init; }
    public DateTimeOffset StartDateTime { get; init; }
    public DateTimeOffset? EndDateTime { get; init; }
    public string ExpirationType { get; init; } = "noExpiration";
    public string? Duration { get; init; }
}

internal sealed class AdministrativeUnitEntity
{
    public required string Id { get; init; }
    public required string DisplayName { get; set; }
    public string? Description { get; set; }
    public string? Visibility { get; set; }
    public bool IsMemberManagementRestricted { get; init; }
    public OrderedIdSet Members { get; } = new();

    public bool AddMember(string id) => Members.Add(id);

    public bool RemoveMember(string id) => Members.Remove(id);
}

internal sealed class RiskDetectionEntity
{
    public TenantState? Owner { get; set; }
    public required string Id { get; init; }
    public required string UserId { get; init; }
    public required string RiskEventType { get; init; }
    public string RiskLevel { get; set; } = "medium";
    public string RiskState { get; set; } = "atRisk";
    public string RiskDetail { get; set; } = "none";
    public DateTimeOffset DetectedDateTime { get; init; }
    public string? IpAddress { get; init; }
    public string? City { get; init; }
    public string? CountryOrRegion { get; init; }
    public string Source { get; init; } = "IdentityProtection";
    public string DetectionTimingType { get; init; } = "realtime";
    public string Activity { get; init; } = "signin";
}

internal sealed record RiskHistoryEntry(string Id, DateTimeOffset At, string RiskLevel, string RiskState, string RiskDetail, string? InitiatedBy, IReadOnlyList<string> EventTypes);

internal sealed class SignInEntity
{
    public required string Id { get; init; }
    public DateTimeOffset CreatedDateTime { get; init; }
    public required string UserId { get; init; }
    public required string UserPrincipalName { get; init; }
    public required string UserDisplayName { get; init; }
    public string AppId { get; init; } = "00000002-0000-0ff1-ce00-000000000000";
    public string AppDisplayName { get; init; } = "Office 365 Exchange Online";
    public string? IpAddress { get; init; }
    public string ClientAppUsed { get; init; } = "Browser";
    public int ErrorCode { get; init; }
    public string? FailureReason { get; init; }
    public bool IsInteractive { get; init; } = true;
    public string? City { get; init; }
    public string? CountryOrRegion { get; init; }
    public string RiskLevelDuringSignIn { get; init; } = "none";
    public string ConditionalAccessStatus { get; init; } = "notApplied";
}

internal sealed class DirectoryAuditEntity
{
    public required string Id { get; init; }
    public DateTimeOffset ActivityDateTime { get; init; }
    public required string ActivityDisplayName { get; init; }
    public required string Category { get; init; }
    public required string OperationType { get; init; }
    public string Result { get; init; } = "success";
    public string? InitiatedByAppId { get; init; }
    public string? InitiatedByUpn { get; init; }
    public string? TargetId { get; init; }
    public string? TargetDisplayName { get; init; }
    public string? TargetType { get; init; }
    public string LoggedByService { get; init; } = "Core Directory";
}
