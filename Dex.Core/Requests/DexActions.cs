namespace Dex.Core.Requests;

/// <summary>The action catalogue (DESIGN §4). Nothing outside this list can ever be planned.</summary>
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

    public static readonly IReadOnlyList<string> All =
    [
        CreateUser, SearchUsers, ListLockedUsers, UnlockUser, UpdateUser, UpdateUserProfile, UpdatePhoto,
        PasswordReset, MfaReset, UnblockSignIn, GrantAccess, RevokeAccess, CheckMembership,
        ListGroupMembers, ListUserGroups, ViewProfile, Discover,
    ];

    /// <summary>Actions that only read the directory.</summary>
    public static readonly IReadOnlySet<string> ReadOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        SearchUsers, ListLockedUsers, CheckMembership, ListGroupMembers, ListUserGroups, ViewProfile, Discover,
    };

    public static bool IsKnown(string action) => All.Contains(action, StringComparer.Ordinal);
}
