using Dex.Core.Understanding;

namespace Dex.Core.Grants;

/// <summary>Reading the people and group of grant requests ("my", "tom@acme.com's", "VPN Users").</summary>
internal static class GrantPhrases
{
    public static List<string> Whom(string who, ClauseContext clause)
    {
        var w = who.Trim();
        if (w.Length == 0 || w is "my" or "me" or "i" or "I")
        {
            return ["me"];
        }

        if (w.EndsWith("'s", StringComparison.Ordinal))
        {
            w = w[..^2];
        }

        var people = RuleTargets.People(w, clause);
        return people.Count > 0 ? people : ["me"];
    }

    /// <summary>The group as written, quotes and a trailing "group" removed; null when none.</summary>
    public static string? Group(string raw)
    {
        var g = raw.Trim().Trim('"', '\'', '“', '”').Trim();
        if (g.EndsWith(" group", StringComparison.OrdinalIgnoreCase))
        {
            g = g[..^" group".Length].Trim().Trim('"');
        }

        if (g.StartsWith("the ", StringComparison.OrdinalIgnoreCase))
        {
            g = g[4..].Trim('"');
        }

        return g.Length == 0 || g is "it" or "that" or "this" ? null : g;
    }
}
