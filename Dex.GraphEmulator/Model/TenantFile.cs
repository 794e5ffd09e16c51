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
}

internal sealed record RiskFile
{
    public string? RiskLevel { get; init; }
    public string? RiskState { get; init; }
    public string? RiskDetail { get; init; }
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
}

internal sealed record RoleFile
{
    public string? DisplayName { get; init; }
    public string? RoleTemplateId { get; init; }
    public string? Description { get; init; }
    public List<string>? Members { get; init; }
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
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(TenantFile))]
internal sealed partial class TenantFileJsonContext : JsonSerializerContext;
