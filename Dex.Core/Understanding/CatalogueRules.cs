using System.Text.RegularExpressions;
using Dex.Core.Requests;

namespace Dex.Core.Understanding;

/// <summary>
/// What each catalogue action may carry (DESIGN §4), shared by the rule parser and the validation of
/// model proposals, so neither path can express anything the catalogue does not.
/// </summary>
public static partial class CatalogueRules
{
    /// <summary>Fields an update_user_profile may change (self-service or on behalf).</summary>
    public static readonly IReadOnlySet<string> ProfileFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "mobilePhone", "businessPhones", "officeLocation", "jobTitle", "department",
    };

    /// <summary>User properties an admin update_user / create_user may set. Never credentials or roles.</summary>
    public static readonly IReadOnlySet<string> UserFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "displayName", "givenName", "surname", "jobTitle", "department", "officeLocation", "mobilePhone",
        "businessPhones", "usageLocation", "accountEnabled", "userPrincipalName", "mail", "mailNickname",
        "passwordPolicies", "employeeId", "employeeType", "companyName", "city", "state", "country",
        "streetAddress", "postalCode", "preferredLanguage", "faxNumber", "otherMails",
    };

    /// <summary>Criteria search_users understands.</summary>
    public static readonly IReadOnlySet<string> SearchFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "displayName", "userPrincipalName", "mail", "department", "jobTitle", "accountEnabled",
    };

    /// <summary>Parameter keys each action may carry.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> ParameterKeys = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        [DexActions.CreateUser] = Set("manager", "sendCredentialsTo"),
        [DexActions.SearchUsers] = Set(),
        [DexActions.ListLockedUsers] = Set("department"),
        [DexActions.UnlockUser] = Set(),
        [DexActions.UpdateUser] = Set(),
        [DexActions.UpdateUserProfile] = Set(),
        [DexActions.UpdatePhoto] = Set("attachment"),
        [DexActions.PasswordReset] = Set("sendTo"),
        [DexActions.MfaReset] = Set(),
        [DexActions.UnblockSignIn] = Set(),
        [DexActions.GrantAccess] = Set("group", "app"),
        [DexActions.RevokeAccess] = Set("group"),
        [DexActions.CheckMembership] = Set("group"),
        [DexActions.ListGroupMembers] = Set("group"),
        [DexActions.ListUserGroups] = Set(),
        [DexActions.ViewProfile] = Set(),
        [DexActions.Discover] = Set(),
    };

    /// <summary>Actions that act on no particular person.</summary>
    public static readonly IReadOnlySet<string> Untargeted = Set(
        DexActions.ListLockedUsers, DexActions.ListGroupMembers, DexActions.SearchUsers, DexActions.Discover);

    /// <summary>Fields allowed for an action, or an empty set when the action carries none.</summary>
    public static IReadOnlySet<string> FieldsFor(string action) => action switch
    {
        DexActions.UpdateUserProfile => ProfileFields,
        DexActions.UpdateUser or DexActions.CreateUser => UserFields,
        DexActions.SearchUsers => SearchFields,
        _ => Set(),
    };

    /// <summary>True when the name is a directory role (or admin rights) rather than a group: roles are never granted by Dex.</summary>
    public static bool LooksLikeDirectoryRole(string name) => DirectoryRole().IsMatch(name);

    /// <summary>
    /// Checks a proposed step against the catalogue. Returns null when it is acceptable, otherwise why it
    /// is not. Used for model output; the rule parser only ever builds valid steps.
    /// </summary>
    public static string? Validate(IntendedStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (!DexActions.IsKnown(step.Action))
        {
            return $"'{step.Action}' is not in the action catalogue";
        }

        var keys = ParameterKeys[step.Action];
        foreach (var (key, value) in step.Parameters)
        {
            if (!keys.Contains(key))
            {
                return $"{step.Action} has no parameter '{key}'";
            }

            if (!IsPlainValue(value))
            {
                return $"{step.Action}.{key} is not a plain value";
            }
        }

        var fields = FieldsFor(step.Action);
        foreach (var (key, value) in step.Fields)
        {
            if (!fields.Contains(key))
            {
                return $"{step.Action} cannot set '{key}'";
            }

            if (!IsPlainValue(value))
            {
                return $"{step.Action}.{key} is not a plain value";
            }
        }

        var targeted = !Untargeted.Contains(step.Action);
        if (targeted && step.Target is null && step.Targets.Count == 0)
        {
            return $"{step.Action} needs a target";
        }

        if (!targeted && (step.Target is not null || step.Targets.Count > 0))
        {
            return $"{step.Action} takes no target";
        }

        if (step.Targets.Count > 0 && step.Action != DexActions.UnlockUser)
        {
            return $"{step.Action} takes a single target";
        }

        foreach (var t in step.Targets.Append(step.Target ?? "me"))
        {
            if (!IsPlainValue(t))
            {
                return $"{step.Action} target is not a plain value";
            }
        }

        return step.Action switch
        {
            DexActions.GrantAccess when !step.Parameters.ContainsKey("group") && !step.Parameters.ContainsKey("app") => "grant_access needs a group or an app",
            DexActions.RevokeAccess or DexActions.CheckMembership or DexActions.ListGroupMembers when !step.Parameters.ContainsKey("group") => $"{step.Action} needs a group",
            DexActions.GrantAccess or DexActions.RevokeAccess or DexActions.CheckMembership or DexActions.ListGroupMembers
                when step.Parameters.Where(p => p.Key is "group" or "app").Any(p => LooksLikeDirectoryRole(p.Value)) => "a directory role is not a group; Dex never assigns roles",
            DexActions.UpdateUser or DexActions.UpdateUserProfile when step.Fields.Count == 0 => $"{step.Action} needs at least one field",
            DexActions.CreateUser when !step.Fields.ContainsKey("userPrincipalName") && !step.Fields.ContainsKey("displayName") => "create_user needs a name or a UPN",
            _ => null,
        };
    }

    // Short, single-line text only: anything else is not something a person typed as a value.
    private static bool IsPlainValue(string value) =>
        value.Length is > 0 and <= 256 && !value.Any(char.IsControl);

    private static HashSet<string> Set(params string[] items) => new(items, StringComparer.Ordinal);

    [GeneratedRegex(@"\b(?:(?:global|privileged\s+role|privileged\s+authentication|user|users|helpdesk|help\s*desk|authentication|security|exchange|sharepoint|teams|billing|application|cloud\s+application|intune|compliance|conditional\s+access|license|licence|groups|password|directory|tenant|domain|company|it|azure\s+ad|entra(?:\s+id)?)\s+admin(?:istrator)?s?|admin(?:istrator)?\s+(?:role|rights|privileges|permissions|access)|(?:directory|admin|administrator|azure\s+ad|entra|privileged)\s+roles?|super\s*users?|root\s+access|god\s+mode)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DirectoryRole();
}
