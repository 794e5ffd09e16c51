namespace Dex.GraphEmulator.Http;

internal sealed partial class GraphApi
{
    // First match wins: literal segments ($count, $ref, dismiss, methods) are registered before placeholders.
    /// <summary>"METHOD /template" of every served route (the conformance suite checks it covers them all).</summary>
    public IEnumerable<string> RouteTemplates => _routes.Select(r => $"{r.Method} {r.Template}");

    private void RegisterRoutes()
    {
        Map("POST", "/$batch", Batch);
        Map("GET", "/me", Me);

        // users
        Map("GET", "/users", ListUsers);
        Map("POST", "/users", CreateUser);
        Map("GET", "/users/$count", CountUsers);
        Map("GET", "/users/delta", UsersDelta);
        Map("GET", "/users/delta()", UsersDelta);
        Map("GET", "/users/{id}", GetUser);
        Map("PATCH", "/users/{id}", PatchUser);
        Map("DELETE", "/users/{id}", DeleteUser);
        Map("GET", "/users/{id}/manager", GetManager);
        Map("GET", "/users/{id}/manager/$ref", GetManagerRef);
        Map("PUT", "/users/{id}/manager/$ref", PutManagerRef);
        Map("DELETE", "/users/{id}/manager/$ref", DeleteManagerRef);
        Map("GET", "/users/{id}/directReports", DirectReports);
        Map("GET", "/users/{id}/memberOf", r => MemberOf(r, false, null));
        Map("GET", "/users/{id}/memberOf/$count", r => MemberOf(r, false, null, count: true));
        Map("GET", "/users/{id}/memberOf/{cast}", r => MemberOf(r, false, r.RouteValues[1]));
        Map("GET", "/users/{id}/memberOf/{cast}/$count", r => MemberOf(r, false, r.RouteValues[1], count: true));
        Map("GET", "/users/{id}/transitiveMemberOf", r => MemberOf(r, true, null));
        Map("GET", "/users/{id}/transitiveMemberOf/$count", r => MemberOf(r, true, null, count: true));
        Map("GET", "/users/{id}/transitiveMemberOf/{cast}", r => MemberOf(r, true, r.RouteValues[1]));
        Map("GET", "/users/{id}/transitiveMemberOf/{cast}/$count", r => MemberOf(r, true, r.RouteValues[1], count: true));
        Map("POST", "/users/{id}/checkMemberGroups", r => MemberCheck(r, true, false));
        Map("POST", "/users/{id}/checkMemberObjects", r => MemberCheck(r, true, true));
        Map("POST", "/users/{id}/getMemberGroups", r => MemberCheck(r, false, false));
        Map("POST", "/users/{id}/getMemberObjects", r => MemberCheck(r, false, true));
        Map("POST", "/users/{id}/assignLicense", AssignUserLicense);
        Map("POST", "/users/{id}/reprocessLicenseAssignment", ReprocessUserLicenses);
        Map("GET", "/users/{id}/licenseDetails", ListLicenseDetails);
        Map("GET", "/users/{id}/licenseDetails/{detailsId}", GetLicenseDetails);
        Map("GET", "/users/{id}/mailboxSettings", GetMailboxSettings);
        Map("PATCH", "/users/{id}/mailboxSettings", PatchMailboxSettings);
        Map("GET", "/users/{id}/mailboxSettings/timeZone", r => GetMailboxSetting(r, "timeZone"));
        Map("GET", "/users/{id}/mailboxSettings/language", r => GetMailboxSetting(r, "language"));
        Map("GET", "/users/{id}/mailboxSettings/workingHours", r => GetMailboxSetting(r, "workingHours"));
        Map("GET", "/users/{id}/mailboxSettings/automaticRepliesSetting", r => GetMailboxSetting(r, "automaticRepliesSetting"));
        Map("POST", "/users/{id}/revokeSignInSessions", RevokeSignInSessions);
        Map("GET", "/users/{id}/authentication/methods", ListMethods);
        Map("GET", "/users/{id}/authentication/methods/{methodId}", GetMethod);
        Map("POST", "/users/{id}/authentication/methods/{methodId}/resetPassword", ResetPassword);
        Map("POST", "/users/{id}/authentication/passwordMethods/{methodId}/resetPassword", ResetPassword);
        Map("GET", "/users/{id}/authentication/operations/{operationId}", GetOperation);
        Map("GET", "/users/{id}/authentication/{methodType}", ListTypedMethods);
        Map("POST", "/users/{id}/authentication/{methodType}", CreateTypedMethod);
        Map("GET", "/users/{id}/authentication/{methodType}/{methodId}", GetTypedMethod);
        Map("PATCH", "/users/{id}/authentication/{methodType}/{methodId}", PatchTypedMethod);
        Map("DELETE", "/users/{id}/authentication/{methodType}/{methodId}", DeleteTypedMethod);
        Map("GET", "/users/{id}/appRoleAssignments", ListUserAppRoleAssignments);
        Map("POST", "/users/{id}/appRoleAssignments", r => CreateAppRoleAssignment(r, true));
        Map("DELETE", "/users/{id}/appRoleAssignments/{assignmentId}", r => DeleteAppRoleAssignment(r, true));
        Map("GET", "/users/{id}/photo", GetPhoto);
        Map("DELETE", "/users/{id}/photo", DeletePhoto);
        Map("GET", "/users/{id}/photo/$value", GetPhotoValue);
        Map("DELETE", "/users/{id}/photo/$value", DeletePhoto);
        Map("GET", "/users/{id}/photos", ListPhotos);
        Map("GET", "/users/{id}/photos/{size}", GetPhotoSize);
        Map("GET", "/users/{id}/photos/{size}/$value", GetPhotoSizeValue);
        Map("PUT", "/users/{id}/photo/$value", PutPhoto);
        Map("PATCH", "/users/{id}/photo/$value", PutPhoto);

        // groups
        Map("GET", "/groups", ListGroups);
        Map("POST", "/groups", CreateGroup);
        Map("GET", "/groups/$count", CountGroups);
        Map("GET", "/groups/delta", GroupsDelta);
        Map("GET", "/groups/delta()", GroupsDelta);
        Map("GET", "/groups/{id}", GetGroup);
        Map("PATCH", "/groups/{id}", PatchGroup);
        Map("DELETE", "/groups/{id}", DeleteGroup);
        Map("GET", "/groups/{id}/members", r => GroupMembers(r, false));
        Map("GET", "/groups/{id}/members/$count", r => GroupMembers(r, false, count: true));
        Map("POST", "/groups/{id}/members/$ref", r => AddGroupRef(r, false));
        Map("DELETE", "/groups/{id}/members/$ref", r => RemoveGroupRef(r, false));
        Map("GET", "/groups/{id}/members/{cast}", r => GroupMembers(r, false, false, r.RouteValues[1]));
        Map("GET", "/groups/{id}/members/{cast}/$count", r => GroupMembers(r, false, false, r.RouteValues[1], count: true));
        Map("DELETE", "/groups/{id}/members/{memberId}/$ref", r => RemoveGroupRef(r, false));
        Map("GET", "/groups/{id}/transitiveMembers", r => GroupMembers(r, false, true));
        Map("GET", "/groups/{id}/transitiveMembers/$count", r => GroupMembers(r, false, true, count: true));
        Map("GET", "/groups/{id}/transitiveMembers/{cast}", r => GroupMembers(r, false, true, r.RouteValues[1]));
        Map("GET", "/groups/{id}/transitiveMembers/{cast}/$count", r => GroupMembers(r, false, true, r.RouteValues[1], count: true));
        Map("GET", "/groups/{id}/memberOf", r => GroupMemberOf(r, false));
        Map("GET", "/groups/{id}/transitiveMemberOf", r => GroupMemberOf(r, true));
        Map("POST", "/groups/{id}/checkMemberGroups", r => MemberCheck(r, true, false));
        Map("POST", "/groups/{id}/getMemberGroups", r => MemberCheck(r, false, false));
        Map("POST", "/groups/{id}/assignLicense", AssignGroupLicense);
        Map("POST", "/groups/{id}/reprocessLicenseAssignment", ReprocessGroupLicenses);
        Map("GET", "/groups/{id}/owners", r => GroupMembers(r, true));
        Map("POST", "/groups/{id}/owners/$ref", r => AddGroupRef(r, true));
        Map("DELETE", "/groups/{id}/owners/$ref", r => RemoveGroupRef(r, true));
        Map("DELETE", "/groups/{id}/owners/{ownerId}/$ref", r => RemoveGroupRef(r, true));

        // directory roles
        Map("GET", "/directoryRoles", ListRoles);
        Map("GET", "/directoryRoles/{id}", r => GetRole(r, false));
        Map("GET", "/directoryRoles/{id}/members", r => RoleMembers(r, false));
        Map("POST", "/directoryRoles/{id}/members/$ref", r => AddRoleMember(r, false));
        Map("DELETE", "/directoryRoles/{id}/members/{memberId}/$ref", r => RemoveRoleMember(r, false));
        Map("GET", "/directoryRoles(roleTemplateId)/{roleTemplateId}", r => GetRole(r, true));
        Map("GET", "/directoryRoles(roleTemplateId)/{roleTemplateId}/members", r => RoleMembers(r, true));
        Map("POST", "/directoryRoles(roleTemplateId)/{roleTemplateId}/members/$ref", r => AddRoleMember(r, true));
        Map("DELETE", "/directoryRoles(roleTemplateId)/{roleTemplateId}/members/{memberId}/$ref", r => RemoveRoleMember(r, true));
        Map("GET", "/directoryRoleTemplates", ListRoleTemplates);
        Map("GET", "/roleManagement/directory/roleDefinitions", ListRoleDefinitions);
        Map("GET", "/roleManagement/directory/roleDefinitions/{id}", GetRoleDefinition);
        Map("GET", "/roleManagement/directory/roleAssignments", ListRoleAssignments);
        Map("POST", "/roleManagement/directory/roleAssignments", CreateRoleAssignment);
        Map("GET", "/roleManagement/directory/roleAssignments/{id}", GetRoleAssignment);
        Map("DELETE", "/roleManagement/directory/roleAssignments/{id}", DeleteRoleAssignment);
        Map("GET", "/roleManagement/directory/roleEligibilityScheduleInstances", r => ListScheduleInstances(r, true));
        Map("GET", "/roleManagement/directory/roleAssignmentScheduleInstances", r => ListScheduleInstances(r, false));
        Map("GET", "/roleManagement/directory/roleEligibilityScheduleRequests", r => ListScheduleRequests(r, true));
        Map("POST", "/roleManagement/directory/roleEligibilityScheduleRequests", r => CreateScheduleRequest(r, true));
        Map("GET", "/roleManagement/directory/roleAssignmentScheduleRequests", r => ListScheduleRequests(r, false));
        Map("POST", "/roleManagement/directory/roleAssignmentScheduleRequests", r => CreateScheduleRequest(r, false));

        // administrative units, deleted items
        Map("GET", "/directory/administrativeUnits", ListUnits);
        Map("GET", "/directory/administrativeUnits/{id}", GetUnit);
        Map("GET", "/directory/administrativeUnits/{id}/members", UnitMembers);
        Map("POST", "/directory/administrativeUnits/{id}/members/$ref", AddUnitMember);
        Map("DELETE", "/directory/administrativeUnits/{id}/members/{memberId}/$ref", RemoveUnitMember);
        Map("GET", "/directory/deletedItems/{cast}/$count", CountDeleted);
        Map("GET", "/directory/deletedItems/{idOrCast}", r => r.RouteValues[0].Contains('.', StringComparison.Ordinal) ? ListDeleted(r) : GetDeleted(r));
        Map("POST", "/directory/deletedItems/{id}/restore", RestoreDeleted);
        Map("DELETE", "/directory/deletedItems/{id}", PurgeDeleted);
        Map("POST", "/directoryObjects/{id}/checkMemberGroups", r => MemberCheck(r, true, false));
        Map("POST", "/directoryObjects/{id}/checkMemberObjects", r => MemberCheck(r, true, true));
        Map("POST", "/directoryObjects/{id}/getMemberGroups", r => MemberCheck(r, false, false));
        Map("POST", "/directoryObjects/{id}/getMemberObjects", r => MemberCheck(r, false, true));

        // apps, licences, tenant
        Map("GET", "/servicePrincipals", ListServicePrincipals);
        Map("GET", "/servicePrincipals/{id}", GetServicePrincipal);
        Map("GET", "/servicePrincipals/{id}/appRoleAssignedTo", ListAppRoleAssignedTo);
        Map("POST", "/servicePrincipals/{id}/appRoleAssignedTo", r => CreateAppRoleAssignment(r, false));
        Map("DELETE", "/servicePrincipals/{id}/appRoleAssignedTo/{assignmentId}", r => DeleteAppRoleAssignment(r, false));
        Map("GET", "/subscribedSkus", ListSkus);
        Map("GET", "/subscribedSkus/{id}", GetSku);
        Map("POST", "/invitations", CreateInvitation);
        Map("GET", "/auditLogs/signIns", ListSignIns);
        Map("GET", "/auditLogs/signIns/{id}", GetSignIn);
        Map("GET", "/auditLogs/directoryAudits", ListDirectoryAudits);
        Map("GET", "/auditLogs/directoryAudits/{id}", GetDirectoryAudit);
        Map("GET", "/organization", ListOrganization);
        Map("GET", "/organization/{id}", GetOrganization);
        Map("GET", "/directoryObjects/{id}", GetDirectoryObject);

        // Identity Protection
        Map("GET", "/identityProtection/riskyUsers", ListRiskyUsers);
        Map("POST", "/identityProtection/riskyUsers/dismiss", r => ChangeRisk(r, false));
        Map("POST", "/identityProtection/riskyUsers/confirmCompromised", r => ChangeRisk(r, true));
        Map("GET", "/identityProtection/riskyUsers/{id}", GetRiskyUser);
        Map("GET", "/identityProtection/riskyUsers/{id}/history", RiskyUserHistory);
        Map("GET", "/identityProtection/riskDetections", ListRiskDetections);
        Map("GET", "/identityProtection/riskDetections/{id}", GetRiskDetection);
    }
}
