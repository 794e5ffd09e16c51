using System.Text.Json;
using Dex.GraphEmulator.Model;
using Dex.GraphEmulator.OData;

namespace Dex.GraphEmulator.Http;

/// <summary>Property tables of the emulated entity types.</summary>
internal static class Resources
{
    // Graph's default user set: accountEnabled, department, … come back only when $select asks for them.
    public static readonly Resource<UserEntity> User = new("user", "#microsoft.graph.user",
    [
        new("businessPhones", true, u => u.BusinessPhones),
        new("displayName", true, u => u.DisplayName),
        new("givenName", true, u => u.GivenName),
        new("jobTitle", true, u => u.JobTitle),
        new("mail", true, u => u.Mail),
        new("mobilePhone", true, u => u.MobilePhone),
        new("officeLocation", true, u => u.OfficeLocation),
        new("preferredLanguage", true, u => u.PreferredLanguage),
        new("surname", true, u => u.Surname),
        new("userPrincipalName", true, u => u.UserPrincipalName),
        new("id", true, u => u.Id),
        new("accountEnabled", false, u => u.AccountEnabled),
        new("department", false, u => u.Department),
        new("companyName", false, u => u.CompanyName),
        new("employeeId", false, u => u.EmployeeId),
        new("city", false, u => u.City),
        new("country", false, u => u.Country),
        new("usageLocation", false, u => u.UsageLocation),
        new("userType", false, u => u.UserType),
        new("mailNickname", false, u => u.MailNickname),
        new("otherMails", false, u => u.OtherMails),
        new("proxyAddresses", false, u => u.Mail is null ? Array.Empty<string>() : ["SMTP:" + u.Mail]),
        new("createdDateTime", false, u => u.CreatedDateTime),
        new("passwordPolicies", false, u => u.PasswordPolicies),
        new("signInSessionsValidFromDateTime", false, u => u.SignInSessionsValidFromDateTime),
        new("passwordProfile", false, _ => null), // write-only: never returned
        new("identities", false, u => new List<IReadOnlyDictionary<string, object?>>
        {
            Complex(("signInType", "userPrincipalName"), ("issuer", u.UserPrincipalName[(u.UserPrincipalName.IndexOf('@', StringComparison.Ordinal) + 1)..]), ("issuerAssignedId", u.UserPrincipalName)),
        }),
        new("deletedDateTime", false, u => u.DeletedDateTime),
        new("externalUserState", false, u => u.ExternalUserState),
        new("assignedLicenses", false, u => Licensing.Assigned(u.Owner!, u).Select(g => Complex(("disabledPlans", g.DisabledPlans), ("skuId", g.SkuId))).ToList()),
        new("licenseAssignmentStates", false, u => Licensing.StatesOf(u.Owner!, u).Select(x => Complex(("assignedByGroup", x.AssignedByGroup), ("disabledPlans", x.DisabledPlans),
            ("error", x.Error), ("lastUpdatedDateTime", TenantLoader.BaseCreated.AddDays(300)), ("skuId", x.SkuId), ("state", x.State))).ToList()),
        new("signInActivity", false, u => u.LastSignInDateTime is null && u.LastNonInteractiveSignInDateTime is null ? null : Complex(
            ("lastSignInDateTime", u.LastSignInDateTime), ("lastSignInRequestId", u.LastSignInDateTime is null ? null : Ids.For("signInRequest", u.Id)),
            ("lastNonInteractiveSignInDateTime", u.LastNonInteractiveSignInDateTime), ("lastNonInteractiveSignInRequestId", u.LastNonInteractiveSignInDateTime is null ? null : Ids.For("nonInteractiveRequest", u.Id)),
            ("lastSuccessfulSignInDateTime", u.LastSuccessfulSignInDateTime), ("lastSuccessfulSignInRequestId", u.LastSuccessfulSignInDateTime is null ? null : Ids.For("signInRequest", u.Id)))),
        new("signInActivity/lastSignInDateTime", false, u => u.LastSignInDateTime),
        new("signInActivity/lastNonInteractiveSignInDateTime", false, u => u.LastNonInteractiveSignInDateTime),
        new("signInActivity/lastSuccessfulSignInDateTime", false, u => u.LastSuccessfulSignInDateTime),
        new("mailboxSettings", false, u => u.Mail is null ? null : MailboxSettings(u)),
    ], advancedProps: ["officeLocation", "mobilePhone"]);

    public static readonly string[] UserSearchDefaults = ["displayName", "mail", "userPrincipalName", "givenName", "surname"];

    public static readonly Resource<GroupEntity> Group = new("group", "#microsoft.graph.group",
    [
        new("id", true, g => g.Id),
        new("createdDateTime", true, g => g.CreatedDateTime),
        new("description", true, g => g.Description),
        new("displayName", true, g => g.DisplayName),
        new("groupTypes", true, g => g.GroupTypes),
        new("isAssignableToRole", true, g => g.IsAssignableToRole),
        new("mail", true, g => g.Mail),
        new("mailEnabled", true, g => g.MailEnabled),
        new("mailNickname", true, g => g.MailNickname),
        new("securityEnabled", true, g => g.SecurityEnabled),
        new("visibility", true, g => g.Visibility),
        new("proxyAddresses", true, g => g.Mail is null ? Array.Empty<string>() : ["SMTP:" + g.Mail]),
        new("deletedDateTime", true, g => g.DeletedDateTime),
        new("membershipRule", true, g => g.MembershipRule),
        new("membershipRuleProcessingState", true, g => g.MembershipRuleProcessingState),
        new("assignedLicenses", false, g => g.Licenses.Select(l => Complex(("disabledPlans", l.DisabledPlans), ("skuId", l.SkuId))).ToList()),
        new("hasMembersWithLicenseErrors", false, g => g.LicenseResults.Any(kv => g.Members.Contains(kv.Key) && kv.Value.Values.Any(e => e != "None"))),
        new("licenseProcessingState", false, g => g.Licenses.Count == 0 ? null : Complex(("state", "ProcessingComplete"))),
        new("securityIdentifier", true, g => "S-1-12-1-" + string.Join('-', Guid.Parse(g.Id).ToByteArray().Chunk(4).Select(c => BitConverter.ToUInt32(c).ToString(System.Globalization.CultureInfo.InvariantCulture)))),
        new("renewedDateTime", true, g => g.CreatedDateTime),
        new("resourceBehaviorOptions", true, _ => Array.Empty<string>()),
        new("resourceProvisioningOptions", true, g => g.GroupTypes.Contains("Unified", StringComparer.OrdinalIgnoreCase) ? ["Team"] : Array.Empty<string>()),
    ]);

    public static IReadOnlyDictionary<string, object?> Complex(params (string Name, object? Value)[] values)
    {
        var d = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (n, v) in values)
        {
            d[n] = v;
        }

        return d;
    }

    private static readonly string[] WorkDays = ["monday", "tuesday", "wednesday", "thursday", "friday"];

    public static IReadOnlyDictionary<string, object?> MailboxSettings(UserEntity u) => Complex(
        ("archiveFolder", Ids.For("archiveFolder", u.Id)),
        ("timeZone", u.TimeZone),
        ("automaticRepliesSetting", Complex(("status", "disabled"), ("externalAudience", "all"), ("internalReplyMessage", ""), ("externalReplyMessage", ""),
            ("scheduledStartDateTime", Complex(("dateTime", "2024-01-01T00:00:00.0000000"), ("timeZone", "UTC"))),
            ("scheduledEndDateTime", Complex(("dateTime", "2024-01-02T00:00:00.0000000"), ("timeZone", "UTC"))))),
        ("language", Complex(("locale", u.MailboxLocale ?? u.PreferredLanguage ?? "en-US"), ("displayName", "English (United States)"))),
        ("dateFormat", "M/d/yyyy"),
        ("timeFormat", "h:mm tt"),
        ("userPurpose", "user"),
        ("delegateMeetingMessageDeliveryOptions", "sendToDelegateOnly"),
        ("workingHours", Complex(("daysOfWeek", WorkDays), ("startTime", "08:00:00.0000000"),
            ("endTime", "17:00:00.0000000"), ("timeZone", Complex(("name", u.TimeZone))))));

    public static readonly string[] GroupSearchDefaults = ["displayName", "description", "mail"];

    public static readonly Resource<RoleEntity> Role = new("directoryRole", "#microsoft.graph.directoryRole",
    [
        new("id", true, r => r.Id),
        new("deletedDateTime", true, _ => null),
        new("description", true, r => r.Description),
        new("displayName", true, r => r.DisplayName),
        new("roleTemplateId", true, r => r.RoleTemplateId),
    ]);

    public static readonly Resource<ServicePrincipalEntity> ServicePrincipal = new("servicePrincipal", "#microsoft.graph.servicePrincipal",
    [
        new("id", true, s => s.Id),
        new("accountEnabled", true, _ => true),
        new("appId", true, s => s.AppId),
        new("appDisplayName", true, s => s.DisplayName),
        new("displayName", true, s => s.DisplayName),
        new("appRoleAssignmentRequired", true, s => s.AppRoles.Count > 0),
        new("createdDateTime", true, s => s.CreatedDateTime),
        new("servicePrincipalNames", true, s => new[] { s.AppId }),
        new("signInAudience", true, _ => "AzureADMyOrg"),
        new("appOwnerOrganizationId", true, s => s.Owner?.TenantId),
        new("servicePrincipalType", true, _ => "Application"),
        new("tags", true, s => s.Tags),
        new("appRoles", true, s => (Action<Utf8JsonWriter>)(w =>
        {
            w.WriteStartArray();
            foreach (var r in s.AppRoles)
            {
                w.WriteStartObject();
                w.WriteStartArray("allowedMemberTypes");
                w.WriteStringValue("User");
                w.WriteEndArray();
                w.WriteString("description", r.DisplayName);
                w.WriteString("displayName", r.DisplayName);
                w.WriteString("id", r.Id);
                w.WriteBoolean("isEnabled", true);
                w.WriteString("origin", "Application");
                w.WriteString("value", r.Value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        })),
    ]);

    public static readonly Resource<RiskyUserRow> RiskyUser = new("riskyUser", "#microsoft.graph.riskyUser",
    [
        new("id", true, r => r.User.Id),
        new("isDeleted", true, _ => false),
        new("isProcessing", true, _ => false),
        new("riskLastUpdatedDateTime", true, r => r.Risk.RiskLastUpdatedDateTime),
        new("riskLevel", true, r => r.Risk.RiskLevel),
        new("riskState", true, r => r.Risk.RiskState),
        new("riskDetail", true, r => r.Risk.RiskDetail),
        new("userDisplayName", true, r => r.User.DisplayName),
        new("userPrincipalName", true, r => r.User.UserPrincipalName),
    ]);

    public static readonly Resource<AdministrativeUnitEntity> AdministrativeUnit = new("administrativeUnit", "#microsoft.graph.administrativeUnit",
    [
        new("id", true, a => a.Id),
        new("deletedDateTime", true, _ => null),
        new("description", true, a => a.Description),
        new("displayName", true, a => a.DisplayName),
        new("isMemberManagementRestricted", true, a => a.IsMemberManagementRestricted),
        new("membershipRule", true, _ => null),
        new("membershipRuleProcessingState", true, _ => null),
        new("membershipType", true, _ => "Assigned"),
        new("visibility", true, a => a.Visibility),
    ]);

    public static readonly Resource<AppRoleAssignmentEntity> AppRoleAssignment = new("appRoleAssignment", "#microsoft.graph.appRoleAssignment",
    [
        new("id", true, a => a.Id),
        new("deletedDateTime", true, _ => null),
        new("appRoleId", true, a => a.AppRoleId),
        new("createdDateTime", true, a => a.CreatedDateTime),
        new("principalDisplayName", true, a => a.PrincipalDisplayName),
        new("principalId", true, a => a.PrincipalId),
        new("principalType", true, a => a.PrincipalType),
        new("resourceDisplayName", true, a => a.ResourceDisplayName),
        new("resourceId", true, a => a.ResourceId),
    ]);

    /// <summary>Writes any directory object with its @odata.type (members, memberOf, owners, manager).</summary>
    public static void WriteDirectoryObject(Utf8JsonWriter w, object o)
    {
        switch (o)
        {
            case UserEntity u: User.Write(w, u, null, true); break;
            case GroupEntity g: Group.Write(w, g, null, true); break;
            case RoleEntity r: Role.Write(w, r, null, true); break;
            case ServicePrincipalEntity s: ServicePrincipal.Write(w, s, null, true); break;
            case AdministrativeUnitEntity a: AdministrativeUnit.Write(w, a, null, true); break;
        }
    }

    public static string TypeSegment(object o) => o switch
    {
        UserEntity => "user",
        GroupEntity => "group",
        RoleEntity => "directoryRole",
        ServicePrincipalEntity => "servicePrincipal",
        AdministrativeUnitEntity => "administrativeUnit",
        _ => "directoryObject",
    };

    public static string Id(object o) => o switch
    {
        UserEntity u => u.Id,
        GroupEntity g => g.Id,
        RoleEntity r => r.Id,
        ServicePrincipalEntity s => s.Id,
        AdministrativeUnitEntity a => a.Id,
        _ => "",
    };

    // ---- authentication methods ----

    /// <summary>URL segment of each typed method collection → kind.</summary>
    public static readonly IReadOnlyDictionary<string, string> MethodSegments = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["passwordMethods"] = "password",
        ["microsoftAuthenticatorMethods"] = "microsoftAuthenticator",
        ["phoneMethods"] = "phone",
        ["softwareOathMethods"] = "softwareOath",
        ["fido2Methods"] = "fido2",
        ["emailMethods"] = "email",
        ["temporaryAccessPassMethods"] = "temporaryAccessPass",
        ["windowsHelloForBusinessMethods"] = "windowsHelloForBusiness",
    };

    public static void WriteMethod(Utf8JsonWriter w, AuthMethodEntity m)
    {
        w.WriteStartObject();
        WriteMethodProps(w, m, null);
        w.WriteEndObject();
    }

    /// <summary>A method's properties; <paramref name="temporaryAccessPass"/> is the pass itself, shown only when it is created.</summary>
    public static void WriteMethodProps(Utf8JsonWriter w, AuthMethodEntity m, string? temporaryAccessPass)
    {
        w.WriteString("@odata.type", $"#microsoft.graph.{m.Kind}AuthenticationMethod");
        w.WriteString("id", m.Id);
        switch (m.Kind)
        {
            case "password":
                w.WriteNull("password");
                w.WriteString("createdDateTime", Resource<object>.FormatDate(m.CreatedDateTime));
                break;
            case "phone":
                w.WriteString("phoneNumber", m.PhoneNumber);
                w.WriteString("phoneType", m.PhoneType);
                w.WriteString("smsSignInState", "notSupported");
                w.WriteString("createdDateTime", Resource<object>.FormatDate(m.CreatedDateTime));
                break;
            case "email":
                w.WriteString("emailAddress", m.EmailAddress);
                w.WriteString("createdDateTime", Resource<object>.FormatDate(m.CreatedDateTime));
                break;
            case "microsoftAuthenticator":
                w.WriteString("displayName", m.DisplayName);
                w.WriteString("deviceTag", "SoftwareTokenActivated");
                w.WriteString("phoneAppVersion", "6.2401.0119");
                w.WriteString("createdDateTime", Resource<object>.FormatDate(m.CreatedDateTime));
                break;
            case "fido2":
                w.WriteString("displayName", m.DisplayName);
                w.WriteString("model", "YubiKey 5 NFC");
                w.WriteString("aaGuid", "cb69481e-8ff7-4039-93ec-0a2729a154a8");
                w.WriteString("attestationLevel", "attested");
                w.WriteString("createdDateTime", Resource<object>.FormatDate(m.CreatedDateTime));
                break;
            case "softwareOath":
                w.WriteNull("secretKey");
                break;
            case "temporaryAccessPass":
            {
                var start = m.StartDateTime ?? m.CreatedDateTime;
                var lifetime = m.LifetimeInMinutes ?? 60;
                var now = DateTimeOffset.UtcNow;
                var usable = now >= start && now < start.AddMinutes(lifetime);
                w.WriteString("createdDateTime", Resource<object>.FormatDate(m.CreatedDateTime));
                w.WriteString("startDateTime", Resource<object>.FormatDate(start));
                w.WriteNumber("lifetimeInMinutes", lifetime);
                w.WriteBoolean("isUsableOnce", m.IsUsableOnce ?? true);
                w.WriteBoolean("isUsable", usable);
                w.WriteString("methodUsabilityReason", usable ? "EnabledByPolicy" : now < start ? "NotYetValid" : "Expired");
                if (temporaryAccessPass is null)
                {
                    w.WriteNull("temporaryAccessPass");
                }
                else
                {
                    w.WriteString("temporaryAccessPass", temporaryAccessPass);
                }

                break;
            }
            case "windowsHelloForBusiness":
                w.WriteString("displayName", m.DisplayName);
                w.WriteString("keyStrength", "normal");
                w.WriteString("createdDateTime", Resource<object>.FormatDate(m.CreatedDateTime));
                break;
        }
    }
}

/// <summary>A user with Identity Protection risk, as /identityProtection/riskyUsers lists it.</summary>
internal sealed record RiskyUserRow(UserEntity User, RiskEntity Risk);
