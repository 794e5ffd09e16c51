namespace Dex.GraphEmulator.Http;

internal sealed partial class GraphApi
{
    // First match wins: literal segments ($count, $ref, dismiss, methods) are registered before placeholders.
    private void RegisterRoutes()
    {
        Map("POST", "/$batch", Batch);
        Map("GET", "/me", Me);

        // users
        Map("GET", "/users", ListUsers);
        Map("POST", "/users", CreateUser);
        Map("GET", "/users/$count", CountUsers);
        Map("GET", "/users/{id}", GetUser);
        Map("PATCH", "/users/{id}", PatchUser);
        Map("DELETE", "/users/{id}", DeleteUser);
        Map("GET", "/users/{id}/manager", GetManager);
        Map("GET", "/users/{id}/manager/$ref", GetManagerRef);
        Map("PUT", "/users/{id}/manager/$ref", PutManagerRef);
        Map("DELETE", "/users/{id}/manager/$ref", DeleteManagerRef);
        Map("GET", "/users/{id}/directReports", DirectReports);
        Map("GET", "/users/{id}/memberOf", r => MemberOf(r, false, null));
        Map("GET", "/users/{id}/memberOf/{cast}", r => MemberOf(r, false, r.RouteValues[1]));
        Map("GET", "/users/{id}/transitiveMemberOf", r => MemberOf(r, true, null));
        Map("GET", "/users/{id}/transitiveMemberOf/{cast}", r => MemberOf(r, true, r.RouteValues[1]));
        Map("POST", "/users/{id}/checkMemberGroups", CheckMemberGroups);
        Map("POST", "/users/{id}/revokeSignInSessions", RevokeSignInSessions);
        Map("GET", "/users/{id}/authentication/methods", ListMethods);
        Map("GET", "/users/{id}/authentication/methods/{methodId}", GetMethod);
        Map("POST", "/users/{id}/authentication/methods/{methodId}/resetPassword", ResetPassword);
        Map("POST", "/users/{id}/authentication/passwordMethods/{methodId}/resetPassword", ResetPassword);
        Map("GET", "/users/{id}/authentication/operations/{operationId}", GetOperation);
        Map("GET", "/users/{id}/authentication/{methodType}", ListTypedMethods);
        Map("GET", "/users/{id}/authentication/{methodType}/{methodId}", GetTypedMethod);
        Map("DELETE", "/users/{id}/authentication/{methodType}/{methodId}", DeleteTypedMethod);
        Map("GET", "/users/{id}/appRoleAssignments", ListUserAppRoleAssignments);
        Map("POST", "/users/{id}/appRoleAssignments", r => CreateAppRoleAssignment(r, true));
        Map("DELETE", "/users/{id}/appRoleAssignments/{assignmentId}", r => DeleteAppRoleAssignment(r, true));
        Map("GET", "/users/{id}/photo", GetPhoto);
        Map("DELETE", "/users/{id}/photo", DeletePhoto);
        Map("GET", "/users/{id}/photo/$value", GetPhotoValue);
        Map("PUT", "/users/{id}/photo/$value", PutPhoto);
        Map("PATCH", "/users/{id}/photo/$value", PutPhoto);

        // groups
        Map("GET", "/groups", ListGroups);
        Map("POST", "/groups", CreateGroup);
        Map("GET", "/groups/$count", CountGroups);
        Map("GET", "/groups/{id}", GetGroup);
        Map("PATCH", "/groups/{id}", PatchGroup);
        Map("DELETE", "/groups/{id}", DeleteGroup);
        Map("GET", "/groups/{id}/members", r => GroupMembers(r, false));
        Map("GET", "/groups/{id}/members/$count", CountGroupMembers);
        Map("POST", "/groups/{id}/members/$ref", r => AddGroupRef(r, false));
        Map("DELETE", "/groups/{id}/members/$ref", r => RemoveGroupRef(r, false));
        Map("GET", "/groups/{id}/members/{cast}", r => GroupMembers(r, false, false, r.RouteValues[1]));
        Map("DELETE", "/groups/{id}/members/{memberId}/$ref", r => RemoveGroupRef(r, false));
        Map("GET", "/groups/{id}/transitiveMembers", r => GroupMembers(r, false, true));
        Map("GET", "/groups/{id}/owners", r => GroupMembers(r, true));
        Map("POST", "/groups/{id}/owners/$ref", r => AddGroupRef(r, true));
        Map("DELETE", "/groups/{id}/owners/$ref", r => RemoveGroupRef(r, true));
        Map("DELETE", "/groups/{id}/owners/{ownerId}/$ref", r => RemoveGroupRef(r, true));

        // directory roles
        Map("GET", "/directoryRoles", ListRoles);
        Map("GET", "/directoryRoles/{id}", r => GetRole(r, false));
        Map("GET", "/directoryRoles/{id}/members", r => RoleMembers(r, false));
        Map("POST", "/directoryRoles/{id}/members/$ref", AddRoleMember);
        Map("DELETE", "/directoryRoles/{id}/members/{memberId}/$ref", RemoveRoleMember);
        Map("GET", "/directoryRoles(roleTemplateId)/{roleTemplateId}", r => GetRole(r, true));
        Map("GET", "/directoryRoles(roleTemplateId)/{roleTemplateId}/members", r => RoleMembers(r, true));
        Map("GET", "/directoryRoleTemplates", ListRoleTemplates);
        Map("GET", "/roleManagement/directory/roleAssignments", ListRoleAssignments);

        // apps, licences, tenant
        Map("GET", "/servicePrincipals", ListServicePrincipals);
        Map("GET", "/servicePrincipals/{id}", GetServicePrincipal);
        Map("GET", "/servicePrincipals/{id}/appRoleAssignedTo", ListAppRoleAssignedTo);
        Map("POST", "/servicePrincipals/{id}/appRoleAssignedTo", r => CreateAppRoleAssignment(r, false));
        Map("DELETE", "/servicePrincipals/{id}/appRoleAssignedTo/{assignmentId}", r => DeleteAppRoleAssignment(r, false));
        Map("GET", "/subscribedSkus", ListSkus);
        Map("GET", "/organization", ListOrganization);
        Map("GET", "/organization/{id}", GetOrganization);
        Map("GET", "/directoryObjects/{id}", GetDirectoryObject);

        // Identity Protection
        Map("GET", "/identityProtection/riskyUsers", ListRiskyUsers);
        Map("POST", "/identityProtection/riskyUsers/dismiss", r => ChangeRisk(r, false));
        Map("POST", "/identityProtection/riskyUsers/confirmCompromised", r => ChangeRisk(r, true));
        Map("GET", "/identityProtection/riskyUsers/{id}", GetRiskyUser);
    }
}
