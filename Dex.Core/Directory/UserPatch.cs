using Microsoft.Graph.Models;

namespace Dex.Core.Directory;

/// <summary>Builds a PATCH body that carries only the properties being changed.</summary>
public static class UserPatch
{
    /// <summary>The user properties Dex may write, by Graph name (case-insensitive).</summary>
    public static readonly IReadOnlySet<string> Writable = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "displayName", "givenName", "surname", "jobTitle", "department", "officeLocation", "mobilePhone",
        "businessPhones", "usageLocation", "accountEnabled", "companyName", "employeeId", "city", "country",
        "state", "streetAddress", "postalCode", "preferredLanguage", "passwordPolicies", "employeeType",
    };

    /// <summary>The profile fields employees may change about themselves (update_user_profile).</summary>
    public static readonly IReadOnlySet<string> ProfileFields = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "mobilePhone", "businessPhones", "officeLocation", "jobTitle", "department",
    };

    public static User Build(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var u = new User();
        foreach (var (key, value) in fields)
        {
            switch (key.ToLowerInvariant())
            {
                case "displayname": u.DisplayName = value; break;
                case "givenname": u.GivenName = value; break;
                case "surname": u.Surname = value; break;
                case "jobtitle": u.JobTitle = value; break;
                case "department": u.Department = value; break;
                case "officelocation": u.OfficeLocation = value; break;
                case "mobilephone": u.MobilePhone = value; break;
                case "businessphones": u.BusinessPhones = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]; break;
                case "usagelocation": u.UsageLocation = value; break;
                case "accountenabled": u.AccountEnabled = bool.Parse(value); break;
                case "companyname": u.CompanyName = value; break;
                case "employeeid": u.EmployeeId = value; break;
                case "city": u.City = value; break;
                case "country": u.Country = value; break;
                case "state": u.State = value; break;
                case "streetaddress": u.StreetAddress = value; break;
                case "postalcode": u.PostalCode = value; break;
                case "preferredlanguage": u.PreferredLanguage = value; break;
                case "passwordpolicies": u.PasswordPolicies = value; break;
                case "employeetype": u.EmployeeType = value; break;
                default: throw new DirectoryException($"'{key}' is not a user property Dex can change.", 400);
            }
        }

        return u;
    }
}
