namespace Dex.GraphEmulator.Model;

// Mutable in-memory state. Only touched while holding EmulatedTenant's lock.

internal sealed class UserEntity
{
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
}

internal sealed class RiskEntity
{
    public string RiskLevel { get; set; } = "none";
    public string RiskState { get; set; } = "none";
    public string RiskDetail { get; set; } = "none";
    public DateTimeOffset RiskLastUpdatedDateTime { get; set; }
}

internal sealed class GroupEntity
{
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

    // Ordered lists keep listings stable; the sets make membership checks O(1).
    public List<string> Members { get; } = [];
    public HashSet<string> MemberSet { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<string> Owners { get; } = [];
    public HashSet<string> OwnerSet { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool AddMember(string id)
    {
        if (!MemberSet.Add(id))
        {
            return false;
        }

        Members.Add(id);
        return true;
    }

    public bool RemoveMember(string id)
    {
        if (!MemberSet.Remove(id))
        {
            return false;
        }

        Members.RemoveAt(Members.FindIndex(m => string.Equals(m, id, StringComparison.OrdinalIgnoreCase)));
        return true;
    }

    public bool AddOwner(string id)
    {
        if (!OwnerSet.Add(id))
        {
            return false;
        }

        Owners.Add(id);
        return true;
    }

    public bool RemoveOwner(string id)
    {
        if (!OwnerSet.Remove(id))
        {
            return false;
        }

        Owners.RemoveAt(Owners.FindIndex(m => string.Equals(m, id, StringComparison.OrdinalIgnoreCase)));
        return true;
    }
}

internal sealed class RoleEntity
{
    public required string Id { get; init; }
    public required string DisplayName { get; init; }
    public required string RoleTemplateId { get; init; }
    public string? Description { get; init; }
    public List<string> Members { get; } = [];
    public HashSet<string> MemberSet { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool AddMember(string id)
    {
        if (!MemberSet.Add(id))
        {
            return false;
        }

        Members.Add(id);
        return true;
    }

    public bool RemoveMember(string id)
    {
        if (!MemberSet.Remove(id))
        {
            return false;
        }

        Members.RemoveAt(Members.FindIndex(m => string.Equals(m, id, StringComparison.OrdinalIgnoreCase)));
        return true;
    }
}

internal sealed class ServicePrincipalEntity
{
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
    public int Consumed { get; set; }
}
