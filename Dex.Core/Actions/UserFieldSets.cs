namespace Dex.Core.Actions;

/// <summary>The Graph user properties actions may carry (shared vocabulary of several actions).</summary>
public static class UserFieldSets
{
    /// <summary>Fields an update_user_profile may change (self-service or on behalf).</summary>
    public static readonly IReadOnlySet<string> Profile = new HashSet<string>(StringComparer.Ordinal)
    {
        "mobilePhone", "businessPhones", "officeLocation", "jobTitle", "department",
    };

    /// <summary>User properties an admin update_user / create_user may set. Never credentials or roles.</summary>
    public static readonly IReadOnlySet<string> User = new HashSet<string>(StringComparer.Ordinal)
    {
        "displayName", "givenName", "surname", "jobTitle", "department", "officeLocation", "mobilePhone",
        "businessPhones", "usageLocation", "accountEnabled", "userPrincipalName", "mail", "mailNickname",
        "passwordPolicies", "employeeId", "employeeType", "companyName", "city", "state", "country",
        "streetAddress", "postalCode", "preferredLanguage", "faxNumber", "otherMails",
    };

    /// <summary>Criteria search_users understands.</summary>
    public static readonly IReadOnlySet<string> Search = new HashSet<string>(StringComparer.Ordinal)
    {
        "displayName", "userPrincipalName", "mail", "department", "jobTitle", "accountEnabled",
    };

    /// <summary>The group parameter of group-taking actions.</summary>
    public static readonly ActionParameter RequiredGroup = new("group", "Group name as written.", Required: true);
}
