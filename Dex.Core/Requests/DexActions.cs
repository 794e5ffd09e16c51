namespace Dex.Core.Requests;

/// <summary>The canonical action names (DESIGN §4); the catalogue is <see cref="Actions.ActionCatalogue"/>.</summary>
public static class DexActions
{
    public const string CreateUser = "create_user";
    public const string SearchUsers = "search_users";
    public const string ListLockedUsers = "list_locked_users";
    public const string UnlockUser = "unlock_user";
    public const string UpdateUser = "update_user";
    public const string UpdateUserProfile = "update_user_profile";
    public const string UpdatePhoto = "update_photo";
    public const string PasswordReset = "password_reset";
    public const string MfaReset = "mfa_reset";
    public const string UnblockSignIn = "unblock_signin";
    public const string GrantAccess = "grant_access";
    public const string RevokeAccess = "revoke_access";
    public const string CheckMembership = "check_membership";
    public const string ListGroupMembers = "list_group_members";
    public const string ListUserGroups = "list_user_groups";
    public const string ViewProfile = "view_profile";
    public const string Discover = "discover";
    public const string ListLicenses = "list_licenses";
    public const string AssignLicense = "assign_license";
    public const string RemoveLicense = "remove_license";
    public const string SwapLicense = "swap_license";
    public const string ReclaimLicenses = "reclaim_licenses";
    public const string ExtendAccess = "extend_access";
    public const string EndAccess = "end_access";
    public const string ListGrants = "list_grants";
    public const string OffboardUser = "offboard_user";
    public const string CancelDeletion = "cancel_deletion";

    /// <summary>The names of the built-in actions, in catalogue order (what each does lives in its folder under Dex.Core/Actions).</summary>
    public static IReadOnlyList<string> All => Actions.ActionCatalogue.BuiltIn.Names;

    /// <summary>True when a built-in action has this name.</summary>
    public static bool IsKnown(string action) => Actions.ActionCatalogue.BuiltIn.IsKnown(action);
}
