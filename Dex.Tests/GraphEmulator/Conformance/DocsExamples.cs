namespace Dex.Tests.GraphEmulator.Conformance;

/// <summary>
/// Per endpoint the emulator serves, the example request of Microsoft's Graph v1.0 reference page and the shape of
/// its documented response (our own data, not their text). Placeholders: {user:tom} (tom@acme.com's id),
/// {upn:tom}, {group:IT Support}, {role:Global Administrator} (directoryRole id), {tpl:…} (role template id),
/// {sp:Salesforce}, {appRole:Salesforce/User}, {sku:SPE_E5}, {skuRow:SPE_E5} (subscribedSku id), {tenant}.
/// </summary>
public static class DocsExamples
{
    private const string UserDefault = "businessPhones,displayName,givenName,jobTitle,mail,mobilePhone,officeLocation,preferredLanguage,surname,userPrincipalName,id";
    private const string GroupDefault = "id,deletedDateTime,classification,createdDateTime,description,displayName,expirationDateTime,groupTypes,isAssignableToRole,mail,mailEnabled,mailNickname,membershipRule,membershipRuleProcessingState,onPremisesDomainName,onPremisesLastSyncDateTime,onPremisesNetBiosName,onPremisesSamAccountName,onPremisesSecurityIdentifier,onPremisesSyncEnabled,preferredDataLocation,preferredLanguage,proxyAddresses,renewedDateTime,resourceBehaviorOptions,resourceProvisioningOptions,securityEnabled,securityIdentifier,theme,visibility,onPremisesProvisioningErrors,serviceProvisioningErrors";
    private const string RoleProps = "id,deletedDateTime,description,displayName,roleTemplateId";
    private const string SpProps = "id,deletedDateTime,accountEnabled,alternativeNames,appDisplayName,appDescription,appId,applicationTemplateId,appOwnerOrganizationId,appRoleAssignmentRequired,description,displayName,homepage,loginUrl,logoutUrl,notes,notificationEmailAddresses,preferredSingleSignOnMode,preferredTokenSigningKeyThumbprint,replyUrls,servicePrincipalNames,servicePrincipalType,signInAudience,tags,tokenEncryptionKeyId,addIns,appRoles,info,keyCredentials,oauth2PermissionScopes,passwordCredentials,verifiedPublisher";
    private const string AssignmentProps = "id,deletedDateTime,appRoleId,createdDateTime,principalDisplayName,principalId,principalType,resourceDisplayName,resourceId";
    private const string SkuProps = "accountName,accountId,appliesTo,capabilityStatus,consumedUnits,id,prepaidUnits,servicePlans,skuId,skuPartNumber,subscriptionIds";
    private const string OrgProps = "id,deletedDateTime,businessPhones,city,country,countryLetterCode,createdDateTime,defaultUsageLocation,displayName,marketingNotificationEmails,onPremisesLastSyncDateTime,onPremisesSyncEnabled,postalCode,preferredLanguage,securityComplianceNotificationMails,securityComplianceNotificationPhones,state,street,technicalNotificationMails,tenantType,assignedPlans,privacyProfile,provisionedPlans,verifiedDomains";
    private const string RiskyProps = "id,isDeleted,isProcessing,riskLastUpdatedDateTime,riskLevel,riskState,riskDetail,userDisplayName,userPrincipalName";
    private const string UnifiedAssignment = "id,principalId,roleDefinitionId,directoryScopeId";
    private const string EligibilityInstance = "id,principalId,roleDefinitionId,directoryScopeId,appScopeId,startDateTime,endDateTime,memberType,roleEligibilityScheduleId";
    private const string AssignmentInstance = "id,principalId,roleDefinitionId,directoryScopeId,appScopeId,startDateTime,endDateTime,assignmentType,memberType,roleAssignmentOriginId,roleAssignmentScheduleId";
    private const string ScheduleRequest = "id,status,createdDateTime,completedDateTime,approvalId,customData,action,principalId,roleDefinitionId,directoryScopeId,appScopeId,isValidationOnly,targetScheduleId,justification,createdBy,scheduleInfo,ticketInfo";
    private const string AuProps = "id,deletedDateTime,displayName,description,isMemberManagementRestricted,membershipRule,membershipRuleProcessingState,membershipType,visibility";
    private const string DetectionProps = "id,requestId,correlationId,riskEventType,riskState,riskLevel,riskDetail,source,detectionTimingType,activity,tokenIssuerType,ipAddress,activityDateTime,detectedDateTime,lastUpdatedDateTime,userId,userDisplayName,userPrincipalName,additionalInfo,location";
    private const string SignInProps = "id,createdDateTime,userDisplayName,userPrincipalName,userId,appId,appDisplayName,ipAddress,clientAppUsed,correlationId,conditionalAccessStatus,isInteractive,riskDetail,riskLevelAggregated,riskLevelDuringSignIn,riskState,riskEventTypes_v2,resourceDisplayName,resourceId,status,deviceDetail,location,appliedConditionalAccessPolicies";
    private const string AuditProps = "id,category,correlationId,result,resultReason,activityDisplayName,activityDateTime,loggedByService,operationType,initiatedBy,targetResources,additionalDetails";
    private const string MailboxProps = "archiveFolder,timeZone,automaticRepliesSetting,language,workingHours,dateFormat,timeFormat,userPurpose,delegateMeetingMessageDeliveryOptions";
    private const string LicenseDetailsProps = "id,skuId,skuPartNumber,servicePlans";
    private const string PhotoMeta = "@odata.context,@odata.mediaContentType,id,height,width";
    private const string Png = "image/png";
    private static readonly byte[] PngBytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

    private static DocsCase Get(string name, string url, int status = 200) => new(name, "GET", url, status);
    private static DocsCase Post(string name, string url, string body, int status) => new(name, "POST", url, status) { Body = body };
    private static DocsCase Patch(string name, string url, string body, int status = 204) => new(name, "PATCH", url, status) { Body = body };
    private static DocsCase Delete(string name, string url, int status = 204) => new(name, "DELETE", url, status);
    private static string[] P(string csv) => csv.Split(',');

    private static readonly DocsCase PutPhoto = new("upload photo", "PUT", "/users/{user:tom}/photo/$value", 200) { Bytes = PngBytes, ContentType = Png };
    private static readonly DocsCase AddPhone = Post("add phone method", "/users/{user:kevin}/authentication/phoneMethods", """{"phoneNumber":"+1 2065555555","phoneType":"mobile"}""", 201);

    public static readonly IReadOnlyList<DocsCase> All =
    [
        // ---- users ----
        Get("List users", "/users") with { Collection = true, Props = P(UserDefault) },
        Get("List users $select signInActivity", "/users?$select=displayName,signInActivity") with { Collection = true, Props = P("displayName,signInActivity") },
        Get("List users $filter signInActivity/lastSignInDateTime", "/users?$filter=signInActivity/lastSignInDateTime le 2026-06-01T00:00:00Z&$select=displayName,signInActivity") with { Collection = true, Props = P("displayName,signInActivity") },
        Get("List users $filter assignedLicenses/any", "/users?$filter=assignedLicenses/any(x:x/skuId eq {sku:SPE_E5})&$select=displayName,assignedLicenses") with { Collection = true, Props = P("displayName,assignedLicenses") },
        Get("List users $filter identities/any", "/users?$filter=identities/any(c:c/issuerAssignedId eq '{upn:tom}' and c/issuer eq 'acme.com')&$select=displayName,identities") with { Collection = true, Props = P("displayName,identities") },
        Get("List users $select postalCode", "/users?$select=displayName,postalCode,employeeType") with { Collection = true, Props = P("displayName,postalCode,employeeType") },
        Get("List users $filter postalCode (advanced)", "/users?$filter=postalCode eq '98052'&$count=true") with { Eventual = true, Collection = true },
        Get("List users $search", "/users?$search=\"displayName:tom\"") with { Eventual = true, Collection = true, Props = P(UserDefault) },
        Get("List users unknown property", "/users?$select=notAProperty", 400) with { ErrorCode = "Request_BadRequest" },
        Get("User delta (initial round, $select)", "/users/delta?$select=displayName,jobTitle,mobilePhone") with { Collection = true, Props = P("id,displayName,jobTitle,mobilePhone") },
        Get("User delta() (SDK spelling)", "/users/delta()") with { Collection = true, Props = P("id,displayName,userPrincipalName") },
        Get("User delta invalid token", "/users/delta?$deltatoken=not-a-token", 400) with { ErrorCode = "Request_BadRequest" },
        Get("Count users", "/users/$count") with { Eventual = true },
        Get("Get user", "/users/{user:tom}") with { Props = P("@odata.context," + UserDefault) },
        Get("Get user by UPN $select", "/users/{upn:tom}?$select=displayName,givenName,postalCode,identities") with { Props = P("@odata.context,displayName,givenName,postalCode,identities") },
        Get("Get user licenseAssignmentStates", "/users/{user:tom}?$select=licenseAssignmentStates,assignedLicenses") with { Props = P("licenseAssignmentStates,assignedLicenses") },
        Get("Get user not found", "/users/00000000-0000-0000-0000-000000000001", 404) with { ErrorCode = "Request_ResourceNotFound" },
        Post("Create user", "/users", """{"accountEnabled":true,"displayName":"Adele Vance","mailNickname":"AdeleV","userPrincipalName":"AdeleV@acme.com","passwordProfile":{"forceChangePasswordNextSignIn":true,"password":"xWwvJ]6NMw+bWH-d"}}""", 201) with { Props = P("@odata.context," + UserDefault) },
        Patch("Update user", "/users/{user:tom}", """{"businessPhones":["+1 425-555-0109"],"officeLocation":"18/2111","postalCode":"98052"}"""),
        Delete("Delete user", "/users/{user:eve}"),
        Get("Get manager", "/users/{user:tom}/manager") with { Props = P("@odata.context,@odata.type,id,displayName"), ODataType = "#microsoft.graph.user" },
        Get("Get manager $ref", "/users/{user:tom}/manager/$ref") with { Props = P("@odata.context,@odata.id") },
        new DocsCase("Assign manager", "PUT", "/users/{user:eve}/manager/$ref", 204) { Body = """{"@odata.id":"https://graph.microsoft.com/v1.0/users/{user:ben}"}""" },
        Delete("Remove manager", "/users/{user:tom}/manager/$ref"),
        Get("List directReports", "/users/{user:ben}/directReports") with { Collection = true, ODataType = "#microsoft.graph.user", Props = P("@odata.type,id,displayName") },
        Get("List memberOf", "/users/{user:sarah}/memberOf") with { Collection = true, Props = P("@odata.type,id,displayName") },
        Get("Count memberOf", "/users/{user:sarah}/memberOf/$count") with { Eventual = true },
        Get("List memberOf cast to group", "/users/{user:sarah}/memberOf/microsoft.graph.group?$count=true&$orderby=displayName&$search=\"displayName:finance\"") with { Eventual = true, Collection = true, ODataType = "#microsoft.graph.group" },
        Get("Count memberOf cast", "/users/{user:sarah}/memberOf/microsoft.graph.group/$count") with { Eventual = true },
        Get("List transitiveMemberOf", "/users/{user:admin}/transitiveMemberOf") with { Collection = true, Props = P("@odata.type,id") },
        Get("Count transitiveMemberOf", "/users/{user:admin}/transitiveMemberOf/$count") with { Eventual = true },
        Get("List transitiveMemberOf cast", "/users/{user:admin}/transitiveMemberOf/microsoft.graph.directoryRole?$count=true") with { Eventual = true, Collection = true, ODataType = "#microsoft.graph.directoryRole" },
        Get("Count transitiveMemberOf cast", "/users/{user:admin}/transitiveMemberOf/microsoft.graph.group/$count") with { Eventual = true },
        Post("checkMemberGroups (user)", "/users/{user:sarah}/checkMemberGroups", """{"groupIds":["{group:Finance-M365}","{group:IT Support}"]}""", 200) with { Props = P("@odata.context,value") },
        Post("checkMemberObjects (user)", "/users/{user:admin}/checkMemberObjects", """{"ids":["{group:IT Security}","{role:Global Administrator}"]}""", 200) with { Props = P("@odata.context,value") },
        Post("getMemberGroups (user)", "/users/{user:sarah}/getMemberGroups", """{"securityEnabledOnly":false}""", 200) with { Props = P("@odata.context,value") },
        Post("getMemberObjects (user)", "/users/{user:sarah}/getMemberObjects", """{"securityEnabledOnly":true}""", 200) with { Props = P("@odata.context,value") },
        Post("revokeSignInSessions", "/users/{user:tom}/revokeSignInSessions", "", 200) with { Props = P("@odata.context,value") },
        Get("Get me (app-only)", "/me", 400),

        // ---- licences ----
        Post("assignLicense add with disabledPlans", "/users/{user:sarah}/assignLicense", """{"addLicenses":[{"disabledPlans":["c1ec4a95-1f05-45b3-a911-aa3fa01094f5"],"skuId":"{sku:EMS}"}],"removeLicenses":[]}""", 200) with { Props = P("@odata.context," + UserDefault) },
        Post("assignLicense remove", "/users/{user:tom}/assignLicense", """{"addLicenses":[],"removeLicenses":["{sku:SPE_E5}"]}""", 200) with { Props = P("@odata.context,id") },
        Post("assignLicense no usage location", "/users/{user:AdeleV}/assignLicense", """{"addLicenses":[{"skuId":"{sku:EMS}","disabledPlans":[]}],"removeLicenses":[]}""", 400) with { ErrorCode = "Request_BadRequest", Setup = [Post("create", "/users", """{"accountEnabled":true,"displayName":"Adele Vance","mailNickname":"AdeleV","userPrincipalName":"AdeleV@acme.com","passwordProfile":{"password":"xWwvJ]6NMw+bWH-d"}}""", 201)] },
        Post("assignLicense invalid sku", "/users/{user:tom}/assignLicense", """{"addLicenses":[{"skuId":"11111111-1111-1111-1111-111111111111"}],"removeLicenses":[]}""", 400) with { ErrorCode = "Request_BadRequest" },
        Post("reprocessLicenseAssignment (user)", "/users/{user:tom}/reprocessLicenseAssignment", "", 200) with { Props = P("@odata.context,id") },
        Get("List licenseDetails", "/users/{user:tom}/licenseDetails") with { Collection = true, Props = P(LicenseDetailsProps) },
        Get("Get licenseDetails", "/users/{user:tom}/licenseDetails/{licenseDetails:tom/SPE_E5}") with { Props = P("@odata.context," + LicenseDetailsProps) },
        Post("assignLicense (group)", "/groups/{group:IT Support}/assignLicense", """{"addLicenses":[{"disabledPlans":[],"skuId":"{sku:EMS}"}],"removeLicenses":[]}""", 202) with { Props = P("@odata.context,id,displayName") },
        Post("reprocessLicenseAssignment (group)", "/groups/{group:IT Support}/reprocessLicenseAssignment", "", 202) with { Props = P("@odata.context,id") },
        Get("List subscribedSkus", "/subscribedSkus") with { Collection = true, Props = P(SkuProps) },
        Get("Get subscribedSku", "/subscribedSkus/{skuRow:SPE_E5}") with { Props = P("@odata.context," + SkuProps) },

        // ---- mailbox settings ----
        Get("Get mailboxSettings", "/users/{user:david}/mailboxSettings") with { Props = P("@odata.context," + MailboxProps) },
        Get("Get mailboxSettings timeZone", "/users/{user:david}/mailboxSettings/timeZone") with { Props = P("@odata.context,value") },
        Get("Get mailboxSettings language", "/users/{user:david}/mailboxSettings/language") with { Props = P("@odata.context,locale,displayName") },
        Get("Get mailboxSettings workingHours", "/users/{user:david}/mailboxSettings/workingHours") with { Props = P("@odata.context,daysOfWeek,startTime,endTime,timeZone") },
        Get("Get mailboxSettings automaticRepliesSetting", "/users/{user:david}/mailboxSettings/automaticRepliesSetting") with { Props = P("@odata.context,status,externalAudience") },
        Patch("Update mailboxSettings timeZone", "/users/{user:david}/mailboxSettings", """{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#Me/mailboxSettings","timeZone":"Pacific Standard Time"}""", 200) with { Props = P("@odata.context,timeZone") },

        // ---- authentication methods ----
        Get("List methods", "/users/{user:tom}/authentication/methods") with { Collection = true, Props = P("@odata.type,id") },
        Get("Get method", "/users/{user:tom}/authentication/methods/28c10230-6103-485e-b985-444c60001490") with { ODataType = "#microsoft.graph.passwordAuthenticationMethod", Props = P("id") },
        Post("resetPassword", "/users/{user:tom}/authentication/methods/28c10230-6103-485e-b985-444c60001490/resetPassword", """{"newPassword":"Cuyo5459!Zx"}""", 202),
        Post("resetPassword (passwordMethods)", "/users/{user:tom}/authentication/passwordMethods/28c10230-6103-485e-b985-444c60001490/resetPassword", "", 202) with { Props = P("newPassword") },
        Get("Get operation", "/users/{user:tom}/authentication/operations/88e7560c-9ebf-435c-8089-c3998ac1ec51") with { Props = P("id,createdDateTime,lastActionDateTime,status,statusDetail") },
        Get("List phoneMethods", "/users/{user:tom}/authentication/phoneMethods") with { Collection = true, ODataType = "#microsoft.graph.phoneAuthenticationMethod", Props = P("id,phoneNumber,phoneType,smsSignInState") },
        Get("Get phoneMethod", "/users/{user:tom}/authentication/phoneMethods/3179e48a-750b-4051-897c-87b9720928f7") with { ODataType = "#microsoft.graph.phoneAuthenticationMethod", Props = P("id,phoneNumber,phoneType,smsSignInState") },
        Delete("Delete phoneMethod", "/users/{user:tom}/authentication/phoneMethods/3179e48a-750b-4051-897c-87b9720928f7"),
        AddPhone with { Props = P("id,phoneNumber,phoneType,smsSignInState") },
        Patch("Update phoneMethod", "/users/{user:kevin}/authentication/phoneMethods/3179e48a-750b-4051-897c-87b9720928f7", """{"phoneNumber":"+1 2065555554","phoneType":"mobile"}""") with { Setup = [AddPhone] },
        Post("add emailMethod", "/users/{user:kevin}/authentication/emailMethods", """{"emailAddress":"kaitlyn@contoso.com"}""", 201) with { Props = P("id,emailAddress") },
        Post("add temporaryAccessPassMethod", "/users/{user:kevin}/authentication/temporaryAccessPassMethods", """{"startDateTime":"2026-12-01T12:00:00.000Z","lifetimeInMinutes":60,"isUsableOnce":false}""", 201) with { Props = P("id,temporaryAccessPass,createdDateTime,startDateTime,lifetimeInMinutes,isUsableOnce,isUsable,methodUsabilityReason") },

        // ---- app role assignments ----
        Get("List user appRoleAssignments", "/users/{user:tom}/appRoleAssignments") with { Collection = true },
        Post("Grant appRoleAssignment to user", "/users/{user:tom}/appRoleAssignments", """{"principalId":"{user:tom}","resourceId":"{sp:Salesforce}","appRoleId":"{appRole:Salesforce/User}"}""", 201) with { Props = P("@odata.context," + AssignmentProps) },
        Delete("Delete user appRoleAssignment", "/users/{user:tom}/appRoleAssignments/{assignment:Salesforce/tom/User}") with { Setup = [Post("grant", "/users/{user:tom}/appRoleAssignments", """{"principalId":"{user:tom}","resourceId":"{sp:Salesforce}","appRoleId":"{appRole:Salesforce/User}"}""", 201)] },
        Get("List appRoleAssignedTo", "/servicePrincipals/{sp:Salesforce}/appRoleAssignedTo") with { Collection = true },
        Post("Grant appRoleAssignedTo", "/servicePrincipals/{sp:Salesforce}/appRoleAssignedTo", """{"principalId":"{user:sarah}","resourceId":"{sp:Salesforce}","appRoleId":"{appRole:Salesforce/Admin}"}""", 201) with { Props = P("@odata.context," + AssignmentProps) },
        Delete("Delete appRoleAssignedTo", "/servicePrincipals/{sp:Salesforce}/appRoleAssignedTo/{assignment:Salesforce/sarah/Admin}") with { Setup = [Post("grant", "/servicePrincipals/{sp:Salesforce}/appRoleAssignedTo", """{"principalId":"{user:sarah}","resourceId":"{sp:Salesforce}","appRoleId":"{appRole:Salesforce/Admin}"}""", 201)] },

        // ---- photos ----
        PutPhoto,
        new DocsCase("Update photo (PATCH)", "PATCH", "/users/{user:tom}/photo/$value", 200) { Bytes = PngBytes, ContentType = Png },
        Get("Get photo metadata", "/users/{user:tom}/photo") with { Setup = [PutPhoto], Props = P(PhotoMeta) },
        Get("Get photo value", "/users/{user:tom}/photo/$value") with { Setup = [PutPhoto] },
        Get("Get photo, none", "/users/{user:sarah}/photo", 404) with { ErrorCode = "ErrorItemNotFound" },
        Delete("Delete photo", "/users/{user:tom}/photo") with { Setup = [PutPhoto] },
        Delete("Delete photo $value", "/users/{user:tom}/photo/$value") with { Setup = [PutPhoto] },
        Get("List photos", "/users/{user:tom}/photos") with { Setup = [PutPhoto], Collection = true, Props = P("id,height,width") },
        Get("Get photo size", "/users/{user:tom}/photos/48x48") with { Setup = [PutPhoto], Props = P(PhotoMeta) },
        Get("Get photo size value", "/users/{user:tom}/photos/48x48/$value") with { Setup = [PutPhoto] },

        // ---- groups ----
        Get("List groups", "/groups") with { Collection = true, Props = P(GroupDefault) },
        Get("Group delta (members@delta)", "/groups/delta?$select=displayName,description,members") with { Collection = true, Props = P("id,displayName,description,members@delta") },
        Get("Group delta() (SDK spelling)", "/groups/delta()") with { Collection = true, Props = P("id,displayName") },
        Get("List groups $filter hasMembersWithLicenseErrors", "/groups?$filter=hasMembersWithLicenseErrors eq true&$select=id,displayName") with { Collection = true },
        Get("List groups $filter groupTypes/any", "/groups?$filter=groupTypes/any(c:c eq 'Unified')") with { Collection = true, Props = P(GroupDefault) },
        Get("List groups $select membershipRule", "/groups?$select=id,membershipRule,membershipRuleProcessingState,assignedLicenses") with { Collection = true, Props = P("id,membershipRule,membershipRuleProcessingState,assignedLicenses") },
        Get("Count groups", "/groups/$count") with { Eventual = true },
        Post("Create group", "/groups", """{"description":"Self help community for library","displayName":"Library Assist","groupTypes":["Unified"],"mailEnabled":true,"mailNickname":"library","securityEnabled":false}""", 201) with { Props = P("@odata.context," + GroupDefault) },
        Get("Get group", "/groups/{group:IT Support}") with { Props = P("@odata.context," + GroupDefault) },
        Patch("Update group", "/groups/{group:IT Support}", """{"description":"Group with designated owner and members","displayName":"Operations group","groupTypes":[],"mailEnabled":false,"securityEnabled":true}"""),
        Patch("Update group to dynamic", "/groups/{group:IT Support}", """{"groupTypes":["DynamicMembership"],"membershipRule":"user.department -eq \"IT\"","membershipRuleProcessingState":"On"}"""),
        Delete("Delete group", "/groups/{group:All-Engineering}"),
        Get("List members", "/groups/{group:IT Support}/members") with { Collection = true, Props = P("@odata.type,id") },
        Get("Count members", "/groups/{group:IT Support}/members/$count") with { Eventual = true },
        Get("List members cast to user", "/groups/{group:IT Support}/members/microsoft.graph.user?$count=true&$search=\"displayName:alice\"&$select=displayName,id") with { Eventual = true, Collection = true, ODataType = "#microsoft.graph.user" },
        Get("Count members cast", "/groups/{group:IT Support}/members/microsoft.graph.user/$count") with { Eventual = true },
        Post("Add member", "/groups/{group:IT Support}/members/$ref", """{"@odata.id":"https://graph.microsoft.com/v1.0/directoryObjects/{user:tom}"}""", 204),
        Delete("Remove member", "/groups/{group:IT Support}/members/{user:alice}/$ref"),
        new DocsCase("Remove member ($id)", "DELETE", "/groups/{group:IT Support}/members/$ref?$id=https://graph.microsoft.com/v1.0/directoryObjects/{user:alice}", 204),
        Get("List transitiveMembers", "/groups/{group:IT Security}/transitiveMembers") with { Collection = true, Props = P("@odata.type,id") },
        Get("Count transitiveMembers", "/groups/{group:IT Security}/transitiveMembers/$count") with { Eventual = true },
        Get("List transitiveMembers cast", "/groups/{group:IT Security}/transitiveMembers/microsoft.graph.user?$count=true") with { Eventual = true, Collection = true, ODataType = "#microsoft.graph.user" },
        Get("Count transitiveMembers cast", "/groups/{group:IT Security}/transitiveMembers/microsoft.graph.user/$count") with { Eventual = true },
        Get("List group memberOf", "/groups/{group:Privileged Operators}/memberOf") with { Collection = true },
        Get("List group transitiveMemberOf", "/groups/{group:Privileged Operators}/transitiveMemberOf") with { Collection = true },
        Post("checkMemberGroups (group)", "/groups/{group:IT Support}/checkMemberGroups", """{"groupIds":["{group:IT Security}"]}""", 200) with { Props = P("@odata.context,value") },
        Post("getMemberGroups (group)", "/groups/{group:IT Support}/getMemberGroups", """{"securityEnabledOnly":true}""", 200) with { Props = P("@odata.context,value") },
        Get("List owners", "/groups/{group:IT Support}/owners") with { Collection = true, ODataType = "#microsoft.graph.user" },
        Post("Add owner", "/groups/{group:IT Support}/owners/$ref", """{"@odata.id":"https://graph.microsoft.com/v1.0/users/{user:admin}"}""", 204),
        Delete("Remove owner", "/groups/{group:IT Support}/owners/{user:alice}/$ref"),
        new DocsCase("Remove owner ($id)", "DELETE", "/groups/{group:IT Support}/owners/$ref?$id=https://graph.microsoft.com/v1.0/users/{user:alice}", 204),

        // ---- directory roles ----
        Get("List directoryRoles", "/directoryRoles") with { Collection = true, Props = P(RoleProps) },
        Get("Get directoryRole", "/directoryRoles/{role:Global Administrator}") with { Props = P("@odata.context," + RoleProps) },
        Get("Get directoryRole by template", "/directoryRoles(roleTemplateId='{tpl:Global Administrator}')") with { Props = P("@odata.context," + RoleProps) },
        Get("List directoryRole members", "/directoryRoles/{role:Global Administrator}/members") with { Collection = true, ODataType = "#microsoft.graph.user" },
        Get("List directoryRole members by template", "/directoryRoles(roleTemplateId='{tpl:Global Administrator}')/members") with { Collection = true, ODataType = "#microsoft.graph.user" },
        Post("Add directoryRole member", "/directoryRoles/{role:Helpdesk Administrator}/members/$ref", """{"@odata.id":"https://graph.microsoft.com/v1.0/directoryObjects/{user:alice}"}""", 204),
        Post("Add directoryRole member by template", "/directoryRoles(roleTemplateId='{tpl:Helpdesk Administrator}')/members/$ref", """{"@odata.id":"https://graph.microsoft.com/v1.0/directoryObjects/{user:alice}"}""", 204),
        Delete("Remove directoryRole member", "/directoryRoles/{role:Helpdesk Administrator}/members/{user:helpdesk}/$ref"),
        Delete("Remove directoryRole member by template", "/directoryRoles(roleTemplateId='{tpl:Helpdesk Administrator}')/members/{user:helpdesk}/$ref"),
        Get("List directoryRoleTemplates", "/directoryRoleTemplates") with { Collection = true, Props = P("id,deletedDateTime,description,displayName") },

        // ---- roleManagement (RBAC and PIM) ----
        Get("List roleDefinitions", "/roleManagement/directory/roleDefinitions") with { Collection = true, Props = P("id,description,displayName,isBuiltIn,isEnabled,resourceScopes,templateId,version,rolePermissions") },
        Get("Get roleDefinition", "/roleManagement/directory/roleDefinitions/{tpl:User Administrator}") with { Props = P("@odata.context,id,displayName,isBuiltIn,rolePermissions,templateId") },
        Get("List roleAssignments", "/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '{tpl:Global Administrator}'") with { Collection = true, Props = P(UnifiedAssignment) },
        Get("List roleAssignments $expand principal", "/roleManagement/directory/roleAssignments?$filter=principalId eq '{user:admin}'&$expand=principal") with { Collection = true, Props = P(UnifiedAssignment + ",principal") },
        Post("Create roleAssignment", "/roleManagement/directory/roleAssignments", """{"@odata.type":"#microsoft.graph.unifiedRoleAssignment","roleDefinitionId":"{tpl:Security Reader}","principalId":"{user:alice}","directoryScopeId":"/"}""", 201) with { Props = P("@odata.context," + UnifiedAssignment) },
        Get("Get roleAssignment", "/roleManagement/directory/roleAssignments/{assignmentRow:Global Administrator/admin}") with { Props = P("@odata.context," + UnifiedAssignment) },
        Delete("Delete roleAssignment", "/roleManagement/directory/roleAssignments/{assignmentRow:User Administrator/uma}"),
        Get("List roleEligibilityScheduleInstances", "/roleManagement/directory/roleEligibilityScheduleInstances?$filter=principalId eq '{user:alice}'") with { Collection = true, Props = P(EligibilityInstance) },
        Get("List roleAssignmentScheduleInstances", "/roleManagement/directory/roleAssignmentScheduleInstances?$filter=principalId eq '{user:admin}'") with { Collection = true, Props = P(AssignmentInstance) },
        Post("Create roleEligibilityScheduleRequest", "/roleManagement/directory/roleEligibilityScheduleRequests", """{"action":"adminAssign","justification":"Assign Groups Admin eligibility to IT Helpdesk (User) group","roleDefinitionId":"{tpl:Groups Administrator}","directoryScopeId":"/","principalId":"{user:tom}","scheduleInfo":{"startDateTime":"2026-12-01T00:00:00Z","expiration":{"type":"AfterDateTime","endDateTime":"2027-06-30T00:00:00Z"}}}""", 201) with { Props = P("@odata.context," + ScheduleRequest) },
        Post("Create roleEligibilityScheduleRequest (afterDateTime)", "/roleManagement/directory/roleEligibilityScheduleRequests", """{"action":"adminAssign","justification":"Eligible for Groups Administrator","roleDefinitionId":"{tpl:Groups Administrator}","directoryScopeId":"/","principalId":"{user:tom}","scheduleInfo":{"startDateTime":"2026-12-01T00:00:00Z","expiration":{"type":"afterDateTime","endDateTime":"2027-06-30T00:00:00Z"}}}""", 201) with { Props = P("@odata.context," + ScheduleRequest) },
        Get("List roleEligibilityScheduleRequests", "/roleManagement/directory/roleEligibilityScheduleRequests") with { Collection = true },
        Post("Create roleAssignmentScheduleRequest (selfActivate)", "/roleManagement/directory/roleAssignmentScheduleRequests", """{"action":"selfActivate","principalId":"{user:alice}","roleDefinitionId":"{tpl:Global Administrator}","directoryScopeId":"/","justification":"Need to update app roles","scheduleInfo":{"startDateTime":"2026-12-01T09:00:00Z","expiration":{"type":"AfterDuration","duration":"PT5H"}},"ticketInfo":{"ticketNumber":"CONTOSO:Normal-67890","ticketSystem":"MS Project"}}""", 201) with { Props = P("@odata.context," + ScheduleRequest) },
        Post("Create roleAssignmentScheduleRequest (adminAssign)", "/roleManagement/directory/roleAssignmentScheduleRequests", """{"action":"adminAssign","justification":"Assign User Admin to IT Helpdesk","roleDefinitionId":"{tpl:User Administrator}","directoryScopeId":"/","principalId":"{user:tom}","scheduleInfo":{"startDateTime":"2026-12-01T00:00:00Z","expiration":{"type":"afterDuration","duration":"PT8H"}}}""", 201) with { Props = P("@odata.context," + ScheduleRequest) },
        Get("List roleAssignmentScheduleRequests", "/roleManagement/directory/roleAssignmentScheduleRequests") with { Collection = true },

        // ---- administrative units, deleted items, directory objects ----
        Get("List administrativeUnits", "/directory/administrativeUnits") with { Collection = true },
        Get("Get administrativeUnit", "/directory/administrativeUnits/{au:Seattle District Technical Schools}", 404),
        Get("List administrativeUnit members", "/directory/administrativeUnits/{au:Seattle District Technical Schools}/members", 404),
        Post("Add administrativeUnit member", "/directory/administrativeUnits/{au:Seattle District Technical Schools}/members/$ref", """{"@odata.id":"https://graph.microsoft.com/v1.0/users/{user:tom}"}""", 404),
        Delete("Remove administrativeUnit member", "/directory/administrativeUnits/{au:Seattle District Technical Schools}/members/{user:tom}/$ref", 404),
        Get("List deletedItems users", "/directory/deletedItems/microsoft.graph.user") with { Setup = [Delete("delete", "/users/{user:eve}")], Collection = true, Props = P("id,displayName,userPrincipalName,deletedDateTime") },
        Get("List deletedItems groups", "/directory/deletedItems/microsoft.graph.group") with { Setup = [Delete("delete", "/groups/{group:All-Engineering}")], Collection = true, Props = P("id,displayName,deletedDateTime") },
        Get("Count deletedItems", "/directory/deletedItems/microsoft.graph.user/$count") with { Eventual = true },
        Get("Get deletedItem", "/directory/deletedItems/{user:eve}") with { Setup = [Delete("delete", "/users/{user:eve}")], Props = P("@odata.context,@odata.type,id,displayName,deletedDateTime"), ODataType = "#microsoft.graph.user" },
        Post("Restore deletedItem", "/directory/deletedItems/{user:eve}/restore", "", 200) with { Setup = [Delete("delete", "/users/{user:eve}")], Props = P("@odata.context,@odata.type,id,displayName"), ODataType = "#microsoft.graph.user" },
        Delete("Permanently delete deletedItem", "/directory/deletedItems/{user:eve}") with { Setup = [Delete("delete", "/users/{user:eve}")] },
        Get("Get directoryObject", "/directoryObjects/{user:tom}") with { Props = P("@odata.context,@odata.type,id"), ODataType = "#microsoft.graph.user" },
        Post("checkMemberGroups (directoryObject)", "/directoryObjects/{user:sarah}/checkMemberGroups", """{"groupIds":["{group:Finance-M365}"]}""", 200) with { Props = P("@odata.context,value") },
        Post("checkMemberObjects (directoryObject)", "/directoryObjects/{user:sarah}/checkMemberObjects", """{"ids":["{group:Finance-M365}"]}""", 200) with { Props = P("@odata.context,value") },
        Post("getMemberGroups (directoryObject)", "/directoryObjects/{user:sarah}/getMemberGroups", """{"securityEnabledOnly":false}""", 200) with { Props = P("@odata.context,value") },
        Post("getMemberObjects (directoryObject)", "/directoryObjects/{user:sarah}/getMemberObjects", """{"securityEnabledOnly":false}""", 200) with { Props = P("@odata.context,value") },

        // ---- apps, tenant ----
        Get("List servicePrincipals", "/servicePrincipals") with { Collection = true, Props = P(SpProps) },
        Get("Get servicePrincipal $select oauth2PermissionScopes", "/servicePrincipals/{sp:Salesforce}?$select=id,appId,displayName,appRoles,oauth2PermissionScopes") with { Props = P("@odata.context,id,appId,displayName,appRoles,oauth2PermissionScopes") },
        Get("List organization", "/organization") with { Collection = true, Props = P(OrgProps) },
        Get("Get organization", "/organization/{tenant}") with { Props = P("@odata.context," + OrgProps) },
        Post("Create invitation", "/invitations", """{"invitedUserEmailAddress":"admin@fabrikam.com","inviteRedirectUrl":"https://myapp.contoso.com"}""", 201) with { Props = P("@odata.context,id,inviteRedeemUrl,invitedUserDisplayName,invitedUserEmailAddress,invitedUserType,sendInvitationMessage,inviteRedirectUrl,status,invitedUserMessageInfo,invitedUser") },

        // ---- Identity Protection and audit logs ----
        Get("List riskyUsers", "/identityProtection/riskyUsers") with { Collection = true, ODataType = "#microsoft.graph.riskyUser", Props = P(RiskyProps) },
        Get("List riskyUsers $filter riskLevel", "/identityProtection/riskyUsers?$filter=riskLevel eq microsoft.graph.riskLevel'medium'") with { Collection = true, ODataType = "#microsoft.graph.riskyUser" },
        Get("Get riskyUser", "/identityProtection/riskyUsers/{user:liam}") with { ODataType = "#microsoft.graph.riskyUser", Props = P("@odata.context," + RiskyProps) },
        Get("List riskyUser history", "/identityProtection/riskyUsers/{user:liam}/history") with { Collection = true, ODataType = "#microsoft.graph.riskyUserHistoryItem", Props = P("id,isDeleted,isProcessing,riskLastUpdatedDateTime,riskLevel,riskState,riskDetail,userDisplayName,userPrincipalName,userId,initiatedBy,activity") },
        Post("Dismiss riskyUser", "/identityProtection/riskyUsers/dismiss", """{"userIds":["{user:liam}","{user:omar}"]}""", 204),
        Post("confirmCompromised riskyUser", "/identityProtection/riskyUsers/confirmCompromised", """{"userIds":["{user:tom}"]}""", 204),
        Get("List riskDetections", "/identityProtection/riskDetections") with { Collection = true, Props = P(DetectionProps) },
        Get("Get riskDetection", "/identityProtection/riskDetections/{detection:liam}") with { Props = P("@odata.context," + DetectionProps) },
        Get("List signIns", "/auditLogs/signIns?$filter=startsWith(appDisplayName,'Office')&$top=10") with { Collection = true, Props = P(SignInProps) },
        Get("Get signIn", "/auditLogs/signIns/{signIn:tom/0}") with { Props = P("@odata.context," + SignInProps) },
        Get("List directoryAudits", "/auditLogs/directoryAudits") with { Setup = [Patch("change", "/users/{user:tom}", """{"jobTitle":"Senior Account Executive"}""")], Collection = true, Props = P(AuditProps) },
        Get("Get directoryAudit", "/auditLogs/directoryAudits/{audit:first}") with { Setup = [Patch("change", "/users/{user:tom}", """{"jobTitle":"Senior Account Executive"}""")], Props = P("@odata.context," + AuditProps) },

        // ---- batch ----
        Post("JSON batch", "/$batch", """{"requests":[{"id":"1","method":"GET","url":"/users/{user:tom}"},{"id":"2","method":"GET","url":"/groups/{group:IT Support}/members"}]}""", 200) with { Props = P("responses") },
    ];
}
