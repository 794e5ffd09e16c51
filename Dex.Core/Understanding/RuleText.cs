using System.Buffers;
using System.Text.RegularExpressions;
using static Dex.Core.Understanding.RulePatterns;

namespace Dex.Core.Understanding;

/// <summary>Small text helpers of the recognisers: keyword gates, value cleaning, departments.</summary>
internal static partial class RuleText
{
    /// <summary>A cheap keyword gate (multi-string search): a clause only meets the patterns it could match.</summary>
    public static bool Has(string c, SearchValues<string> gate) => c.AsSpan().ContainsAny(gate);

    public static SearchValues<string> Gate(params string[] words) => SearchValues.Create(words, StringComparison.OrdinalIgnoreCase);

    public static Dictionary<string, string> Group(string g) => new(StringComparer.Ordinal) { ["group"] = g };

    /// <summary>Removes the first match of a pattern and returns its "v" group (or "t\u0001d" for title+department).</summary>
    public static string? Take(ref string work, Regex regex)
    {
        var m = regex.Match(work);
        if (!m.Success)
        {
            return null;
        }

        work = work[..m.Index] + " " + work[(m.Index + m.Length)..];
        return m.Groups["t"].Success && m.Groups["d"].Success ? m.Groups["t"].Value + "\u0001" + m.Groups["d"].Value : m.Groups["v"].Value;
    }

    public static string Clean(string v)
    {
        var t = v.Trim().Trim(',', ';', ':', '.', '!', '?').Trim();
        if (t.Length >= 2 && t[0] == '"' && t[^1] == '"')
        {
            t = t[1..^1].Trim();
        }

        t = t.Trim('"').Trim();
        return t.Contains('\n', StringComparison.Ordinal) ? Spaces().Replace(t, " ") : t;
    }

    /// <summary>The department a clause names ("in the Sales department", "dept: R&amp;D", "...from Finance"), or null.</summary>
    public static string? Department(string c)
    {
        foreach (var regex in DepartmentPatterns)
        {
            var m = regex.Match(c);
            if (m.Success)
            {
                var d = Clean(m.Groups["d"].Value);
                if (d.Length > 0 && !NotDepartment.Contains(d))
                {
                    return d;
                }
            }
        }

        return null;
    }

    private static readonly Regex[] DepartmentPatterns = [DeptIn(), DeptNamed(), DeptInEnd()];

    private static readonly HashSet<string> NotDepartment = new(StringComparer.OrdinalIgnoreCase)
    {
        "entra", "entra id", "azure", "azure ad", "ad", "the", "my", "our", "this", "that", "total", "the tenant", "tenant",
        "directory", "the directory", "microsoft 365", "m365", "it all", "all", "a", "an", "this list", "the list", "it", "them",
    };

    [GeneratedRegex(@"\b(?:in|from|of|for|within)\s+(?:the\s+)?(?<d>""[^""]+""|[\w&-]+(?:\s+(?!department|dept|division)[\w&-]+)?)\s+(?:department|dept|division|org|organization)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex DeptIn();

    [GeneratedRegex(@"\b(?:department|dept|division)\s*(?:is|=|:|of|named|called)?\s+(?<d>""[^""]+""|(?!is\b|of\b|and\b)[\w&-]+)", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex DeptNamed();

    [GeneratedRegex(@"\b(?:in|from)\s+(?:the\s+)?(?<d>(?-i:[A-Z])[\w&-]*|r&d|hr|it|sales|finance|marketing|engineering|legal|support|operations|ops)\s*[?.!]?$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex DeptInEnd();
}
