using System.Globalization;
using PhoneNumbers;

namespace Dex.Core.Directory;

/// <summary>Validates and normalises user property values before they reach Graph.</summary>
public static class FieldValidation
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    private static readonly HashSet<string> Regions = new(
        CultureInfo.GetCultures(CultureTypes.SpecificCultures)
            .Select(c => { try { return new RegionInfo(c.Name).TwoLetterISORegionName; } catch (ArgumentException) { return null; } })
            .Where(r => r is { Length: 2 })
            .Select(r => r!),
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Phone number to E.164 ("+14155550123"), reading local forms in <paramref name="defaultRegion"/>.</summary>
    public static bool TryNormalisePhone(string raw, string? defaultRegion, out string e164, out string? problem)
    {
        e164 = string.Empty;
        problem = null;
        try
        {
            var number = Phones.Parse(raw, string.IsNullOrWhiteSpace(defaultRegion) ? "US" : defaultRegion.ToUpperInvariant());
            // Possible, not "valid": a real number in a range libphonenumber's metadata does not know yet is still accepted
            // (normalised to E.164); only a number that cannot exist (wrong length for its country) is refused.
            if (!Phones.IsPossibleNumber(number))
            {
                problem = $"'{raw}' cannot be a phone number (wrong length for its country code); include the country code, e.g. +1 415 555 0123.";
                return false;
            }

            e164 = Phones.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            problem = $"'{raw}' is not a phone number I can read; include the country code, e.g. +1 415 555 0123.";
            return false;
        }
    }

    public static bool IsUsageLocation(string value) => value.Length == 2 && Regions.Contains(value);

    /// <summary>Validates and normalises a set of fields; returns the problems in words.</summary>
    public static (Dictionary<string, string> Fields, List<string> Problems) Normalise(IReadOnlyDictionary<string, string> fields, string? region)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (rawKey, rawValue) in fields)
        {
            var key = UserPatch.Writable.FirstOrDefault(w => string.Equals(w, rawKey, StringComparison.OrdinalIgnoreCase)) ?? rawKey;
            var value = rawValue.Trim();
            if (!UserPatch.Writable.Contains(key))
            {
                problems.Add($"'{rawKey}' is not a user property Dex can change.");
                continue;
            }

            if (value.Length > 256)
            {
                problems.Add($"The value for {key} is too long.");
                continue;
            }

            switch (key)
            {
                case "mobilePhone":
                case "businessPhones":
                    if (TryNormalisePhone(value, region, out var e164, out var problem))
                    {
                        result[key] = e164;
                    }
                    else
                    {
                        problems.Add(problem!);
                    }

                    break;
                case "usageLocation":
                    if (IsUsageLocation(value))
                    {
                        result[key] = value.ToUpperInvariant();
                    }
                    else
                    {
                        problems.Add($"'{value}' is not an ISO 3166 two-letter country code (e.g. US, IL, GB).");
                    }

                    break;
                case "accountEnabled":
                    if (bool.TryParse(value, out var b))
                    {
                        result[key] = b ? "true" : "false";
                    }
                    else
                    {
                        problems.Add($"accountEnabled must be true or false, not '{value}'.");
                    }

                    break;
                default:
                    if (value.Length == 0)
                    {
                        problems.Add($"{key} cannot be empty.");
                    }
                    else
                    {
                        result[key] = value;
                    }

                    break;
            }
        }

        return (result, problems);
    }

    public static string Label(string field) => field switch
    {
        "mobilePhone" => "mobile phone",
        "businessPhones" => "business phone",
        "officeLocation" => "office location",
        "jobTitle" => "job title",
        "department" => "department",
        "usageLocation" => "usage location",
        "accountEnabled" => "account enabled",
        "displayName" => "display name",
        _ => field,
    };
}
