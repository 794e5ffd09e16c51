using System.Buffers;
using System.Text.RegularExpressions;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Understanding;

/// <summary>A field change read from a clause: the fields, the person it names ("my", "tom's"), and the clause without them.</summary>
internal sealed record FieldChange(Dictionary<string, string> Fields, string? ExplicitTarget, string Rest);

/// <summary>Profile and property changes: "set X to Y", "my office is Y", "moved to the NYC office", "promoted to Z".</summary>
internal static partial class RuleFields
{
    public static readonly SearchValues<string> FieldGate = Gate("mobile", "cell", "phone", "office", "location", "title", "position", "department", "dept", "division", "name", "upn", "mail", "employee", "company", "city", "country", "state", "address", "postal", "zip", "language", "polic", "enabled", "fax", "landline", "desk", "mov", "relocat", "transfer", "promot", "surname");
    private static readonly SearchValues<string> FieldToGate = Gate(" to ", ":", "=", " as ", "->");
    private static readonly SearchValues<string> FieldIsGate = Gate(" is ", " be ", "changed to");
    private static readonly SearchValues<string> MovedGate = Gate("mov", "relocat", "transfer");
    private static readonly SearchValues<string> PromotedGate = Gate("promot");

    // FieldIs only after "my/his/her/their" or a possessive: the person stays in the text for the target finder.
    private static readonly SearchValues<string> OwnerGate = Gate("my ", "his ", "her ", "their ", "'s ");

    /// <summary>The field change a clause asks for, or null when it names none.</summary>
    public static FieldChange? Read(string c)
    {
        if (!Has(c, FieldGate))
        {
            return null;
        }

        var work = c;
        var fields = TakeFields(ref work);
        string? explicitTarget = null;
        foreach (var (prop, value, who) in ReverseAndMoves(ref work))
        {
            fields.TryAdd(prop, value);
            explicitTarget ??= who;
        }

        return fields.Count == 0 ? null : new FieldChange(fields, explicitTarget, work);
    }

    /// <summary>Takes every "field to value" out of the text.</summary>
    public static Dictionary<string, string> TakeFields(ref string work)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var matches = Has(work, FieldToGate) ? FieldTo().Matches(work) : null;
        if (matches is null || matches.Count == 0)
        {
            return fields;
        }

        foreach (Match m in matches)
        {
            var prop = FieldProperty(m.Groups["f"].Value);
            var value = Clean(m.Groups["v"].Value);
            if (prop is null || value.Length == 0 || !Plausible(prop, value))
            {
                continue;
            }

            fields.TryAdd(prop, prop == "accountEnabled" ? Bool(value) : value);
        }

        if (fields.Count > 0)
        {
            work = FieldTo().Replace(work, m => m.Groups["t"].Success ? " for " + m.Groups["t"].Value + " " : " ");
        }

        return fields;
    }

    private static List<(string Property, string Value, string? Who)> ReverseAndMoves(ref string work)
    {
        var found = new List<(string, string, string?)>();
        foreach (Match m in Has(work, FieldIsGate) && Has(work, OwnerGate) ? FieldIs().Matches(work) : Enumerable.Empty<Match>())
        {
            var prop = FieldProperty(m.Groups["f"].Value);
            var value = Clean(m.Groups["v"].Value);
            if (prop is not null && value.Length > 0 && Plausible(prop, value))
            {
                found.Add((prop, value, WhoOf(m.Groups["who"].Value)));
            }
        }

        foreach (Match m in Has(work, MovedGate) ? FieldMoved().Matches(work) : Enumerable.Empty<Match>())
        {
            if (FieldProperty(m.Groups["f"].Value) is { } prop)
            {
                found.Add((prop, Clean(m.Groups["v"].Value), WhoOf(m.Groups["who"].Value)));
            }
        }

        if (found.Count > 0)
        {
            work = FieldMoved().Replace(work, " ");
        }

        foreach (Match m in Has(work, MovedGate) ? MovedTo().Matches(work) : Enumerable.Empty<Match>())
        {
            var prop = m.Groups["kind"].Value.StartsWith("off", StringComparison.OrdinalIgnoreCase) ? "officeLocation" : "department";
            found.Add((prop, Clean(m.Groups["v"].Value), WhoOf(m.Groups["who"].Value)));
        }

        foreach (Match m in Has(work, PromotedGate) ? Promoted().Matches(work) : Enumerable.Empty<Match>())
        {
            found.Add(("jobTitle", Clean(m.Groups["v"].Value), WhoOf(m.Groups["who"].Value)));
        }

        // The value first: "put +61 412 345 678 as my mobile", "use 020 7946 0958 for my work phone".
        foreach (Match m in PutAs().Matches(work))
        {
            if (FieldProperty(m.Groups["f"].Value) is { } prop)
            {
                found.Add((prop, Clean(m.Groups["v"].Value), WhoOf(m.Groups["who"].Value)));
            }
        }

        if (found.Count > 0)
        {
            work = PutAs().Replace(Promoted().Replace(MovedTo().Replace(FieldIs().Replace(work, " "), " "), " "), " ");
        }

        return found;
    }

    // "my" → me, "tom's" / "tom" → tom, pronouns → null (the target finder handles them).
    private static string? WhoOf(string raw)
    {
        var v = Clean(raw);
        if (v.Length == 0 || Pronoun().IsMatch(v))
        {
            return null;
        }

        if (Email().Match(v) is { Success: true } e)
        {
            return e.Value.ToLowerInvariant();
        }

        if (SelfOnly().IsMatch(v))
        {
            return "me";
        }

        return RuleTargets.NameFromEnd(v.EndsWith("'s", StringComparison.OrdinalIgnoreCase) ? v[..^2] : v);
    }

    private static bool Plausible(string prop, string value) => prop switch
    {
        "mobilePhone" or "businessPhones" or "faxNumber" => value.Count(char.IsDigit) >= 5,
        "mail" or "userPrincipalName" => value.Contains('@', StringComparison.Ordinal),
        "accountEnabled" => BoolWord().IsMatch(value),
        "usageLocation" => value.Length is >= 2 and <= 40,
        _ => value.Length <= 128 && !value.Equals("it", StringComparison.OrdinalIgnoreCase),
    };

    private static string Bool(string value) =>
        value.Trim().ToLowerInvariant() is "true" or "yes" or "on" or "enabled" or "enable" or "1" ? "true" : "false";

    /// <summary>The Graph property a field word names ("cell" → mobilePhone), or null.</summary>
    public static string? FieldProperty(string f)
    {
        var k = Spaces().Replace(f.Trim().ToLowerInvariant(), " ");
        return k switch
        {
            "mobile phone" or "mobile number" or "cellphone" or "cell phone" or "cell number" or "mobile" or "cell" or "phone number" or "phone" or "mobile phone number" => "mobilePhone",
            "business phone" or "business phones" or "work phone" or "office phone" or "desk phone" or "work number" or "office number" or "landline" or "business number" or "work phone number" or "office phone number" or "business phone number" => "businessPhones",
            "office location" or "office" or "desk location" or "location" or "desk" => "officeLocation",
            "usage location" => "usageLocation",
            "job title" or "title" or "position" or "jobtitle" => "jobTitle",
            "department" or "dept" or "division" => "department",
            "display name" or "full name" or "name" or "displayname" => "displayName",
            "first name" or "given name" or "givenname" => "givenName",
            "last name" or "surname" or "family name" => "surname",
            "upn" or "user principal name" or "userprincipalname" => "userPrincipalName",
            "email" or "e-mail" or "email address" or "e-mail address" or "mail" => "mail",
            "employee id" or "employeeid" => "employeeId",
            "employee type" => "employeeType",
            "company" or "company name" => "companyName",
            "city" => "city",
            "country" => "country",
            "state" => "state",
            "street address" or "address" => "streetAddress",
            "postal code" or "zip" or "zip code" => "postalCode",
            "preferred language" or "language" => "preferredLanguage",
            "password policy" or "password policies" or "passwordpolicies" => "passwordPolicies",
            "account enabled" or "accountenabled" => "accountEnabled",
            "fax" or "fax number" => "faxNumber",
            _ => null,
        };
    }

    [GeneratedRegex(@"\b(?<f>" + FieldsP + @")\b(?:\s+(?:number|no\.?))?(?:\s+(?:of|for)\s+(?<t>" + EmailP + @"|""[^""]+""|me|(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+)?|[a-z][\w'-]+))?\s*(?:to|=|:|->|as)\s+" + ValueP, I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex FieldTo();

    [GeneratedRegex(@"(?<=\b(?:my|his|her|their)\s+|'s\s+)(?:new\s+|current\s+|updated\s+)?(?<f>" + FieldsP + @")\b(?:\s+(?:number|no\.?))?\s+(?:is\s+now|is|will\s+be|should\s+be|has\s+changed\s+to|changed\s+to|now\s+is)\s+(?:in\s+|at\s+)?" + ValueP, I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex FieldIs();

    [GeneratedRegex(@"\b(?<who>my|his|her|their)\s+(?<f>office|desk|department|title|job\s+title)\s+(?:has\s+)?(?:moved|changed)\b.*?\b(?:it'?s|it\s+is|is)\s+now\s+" + ValueP, I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex FieldMoved();

    [GeneratedRegex(@"\b(?:moved|moving|move|relocated|relocating|relocate|transferred|transferring|transfer)\b(?=[^,;]{0,240}?\s(?:office|department|dept)\b)(?:\s+(?<who>[^,;]{1,120}?))?\s+to\s+(?:the\s+)?(?<v>[^,;]{1,120}?)\s+(?<kind>office|department|dept)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex MovedTo();

    [GeneratedRegex(@"\bpromote\s+(?<who>[^,;]+?)\s+to\s+(?:an?\s+)?(?<v>[^,;]+?)(?=\s*(?:[,;]|$|\.(?:\s|$)|\s+(?:please|so|and)\b))|\b(?:been\s+)?promoted\s+to\s+(?:an?\s+)?(?<v>[^,;]+?)(?=\s*(?:[,;]|$|\.(?:\s|$)|\s+(?:please|so|and)\b))", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Promoted();

    [GeneratedRegex(@"\b(?:put|set|use|save|make)\s+(?<v>\+?\(?\d[\d\s().-]{5,}\d)\s+(?:as|for)\s+(?<who>my|his|her|their|[\w'-]+'s)\s+(?:new\s+)?(?<f>" + FieldsP + @")\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex PutAs();

    [GeneratedRegex(@"^(?:true|false|yes|no|on|off|enabled|disabled|enable|disable|1|0)$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex BoolWord();
}
