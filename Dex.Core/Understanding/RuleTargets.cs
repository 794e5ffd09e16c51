using System.Buffers;
using System.Text.RegularExpressions;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Understanding;

/// <summary>
/// Who a clause is about: e-mails, "named X", X's, "for X", "unlock X", "X is locked out"; then the
/// requester ("me") or the previous clause's people for pronouns (<see cref="Default"/>).
/// </summary>
internal static partial class RuleTargets
{
    /// <summary>The person (or people) a clause is about.</summary>
    public static List<string> Find(string c, ClauseContext clause)
    {
        var emails = Emails(c);
        if (emails.Count > 0)
        {
            return emails;
        }

        if (Has(c, NamedGate) && NamedOrCalled().Match(c) is { Success: true } named)
        {
            return [Clean(named.Groups["v"].Value)];
        }

        if (PossessiveName(c) is { } owner)
        {
            return [owner];
        }

        foreach (Match m in ForWhomAnywhere().Matches(c))
        {
            var names = NameList(Window(c, m.Index + m.Length), clause);
            if (names.Count > 0)
            {
                return names;
            }
        }

        foreach (Match m in VerbObject().Matches(c))
        {
            var names = NameList(Window(c, m.Index + m.Length), clause);
            if (names.Count > 0)
            {
                return names;
            }
        }

        if (Subject().Match(c) is { Success: true } subject && NameRun(subject.Groups["who"].Value, out _) is { } subjectName)
        {
            return [subjectName];
        }

        return Default(c, clause);
    }

    // The names after "for"/"unlock" are read from a bounded window: a list of people fits, and a long clause
    // full of "for" is not read once per "for" to its end.
    private static string Window(string c, int from) => c.Substring(from, Math.Min(NameWindow, c.Length - from));

    private const int NameWindow = 300;

    /// <summary>No one named: "me" for self-references and by default, the previous clause's people for a pronoun.</summary>
    public static List<string> Default(string c, ClauseContext clause)
    {
        if (Self().IsMatch(c))
        {
            return ["me"];
        }

        if (Pronoun().IsMatch(c) && clause.PreviousTargets.Count > 0)
        {
            return [.. clause.PreviousTargets];
        }

        // Someone is named but could not be read: never fall back to the requester (issue 13).
        return NamesUnreadablePerson(c) ? [] : ["me"];
    }

    /// <summary>
    /// The clause names a person that no rule could read: an address-like token left over ("tom@acme", "@tom"),
    /// "for #1234", or "his"/"her" with no one before it. Such a clause proposes no step rather than act on "me".
    /// </summary>
    public static bool NamesUnreadablePerson(string c)
    {
        if (c.Contains('@', StringComparison.Ordinal) || Pronoun().IsMatch(c))
        {
            return true;
        }

        foreach (Match m in ForWhomAnywhere().Matches(c))
        {
            var at = m.Index + m.Length;
            if (at < c.Length && !char.IsLetter(c[at]) && c[at] != '"')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>People named in a short span ("tom and priya", "me", "sarah@acme.com", "him").</summary>
    public static List<string> People(string span, ClauseContext clause)
    {
        var emails = Emails(span);
        if (emails.Count > 0)
        {
            return emails;
        }

        if (NamedOrCalled().Match(span) is { Success: true } named)
        {
            return [Clean(named.Groups["v"].Value)];
        }

        var quoted = Quoted().Matches(span);
        if (quoted.Count > 0)
        {
            return [.. quoted.Select(q => q.Groups[1].Value.Trim())];
        }

        var names = NameList(span, clause);
        if (names.Count > 0)
        {
            return names;
        }

        if (Self().IsMatch(span))
        {
            return ["me"];
        }

        return Pronoun().IsMatch(span) && clause.PreviousTargets.Count > 0 ? [.. clause.PreviousTargets] : [];
    }

    private static List<string> NameList(string rest, ClauseContext clause)
    {
        var result = new List<string>();
        foreach (var piece in ListSplit().Split(rest))
        {
            var p = piece.Trim();
            if (p.Length == 0)
            {
                continue;
            }

            if (SelfOnly().IsMatch(p))
            {
                result.Add("me");
                continue;
            }

            if (PronounOnly().IsMatch(p) && clause.PreviousTargets.Count > 0)
            {
                result.AddRange(clause.PreviousTargets);
                continue;
            }

            var name = NameRun(p, out var whole);
            if (name is null)
            {
                break;
            }

            result.Add(name);
            if (!whole)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>The items of a pasted list (e-mails lower-cased, or names), without repeats.</summary>
    public static List<string> ListItems(string list)
    {
        var result = new List<string>();
        foreach (var piece in ListSplit().Split(list))
        {
            var p = piece.Trim(' ', '-', '*', '.', '\u2022');
            var email = Email().Match(p);
            var item = email.Success ? email.Value.ToLowerInvariant() : NameRun(p, out _);
            if (item is not null && !result.Contains(item))
            {
                result.Add(item);
            }
        }

        return result;
    }

    /// <summary>Up to three name-like words at the start of a piece, after "the user" and similar; null when none.</summary>
    private static string? NameRun(string piece, out bool whole)
    {
        whole = false;
        var tokens = piece.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var i = 0;
        while (i < tokens.Length && LeadWords.Contains(tokens[i]))
        {
            i++;
        }

        var taken = new List<string>(3);
        var stopped = false;
        for (; i < tokens.Length && taken.Count < 3; i++)
        {
            var token = tokens[i].TrimEnd('?', '!', ',', '.', ':', ';', ')');
            var possessive = token.EndsWith("'s", StringComparison.OrdinalIgnoreCase) && token.Length > 2;
            if (possessive)
            {
                token = token[..^2];
            }

            if (!NameToken().IsMatch(token) || RuleLexicon.NotName.Contains(token))
            {
                stopped = true;
                break;
            }

            taken.Add(token);
            if (possessive || tokens[i].Length != token.Length)
            {
                stopped = i + 1 < tokens.Length || possessive;
                i++;
                break;
            }
        }

        if (taken.Count == 0)
        {
            return null;
        }

        whole = !stopped && i >= tokens.Length;
        return string.Join(' ', taken);
    }

    // "Kevin O'Brien's password" → "Kevin O'Brien": the name words right before the first usable 's.
    private static string? PossessiveName(string c)
    {
        for (var at = c.IndexOf("'s", StringComparison.OrdinalIgnoreCase); at > 0; at = c.IndexOf("'s", at + 2, StringComparison.OrdinalIgnoreCase))
        {
            if (at + 2 < c.Length && char.IsLetterOrDigit(c[at + 2]))
            {
                continue;
            }

            var from = Math.Max(0, at - 80);
            if (NameFromEnd(c[from..at]) is { } name)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>Up to three name-like words at the end of a text; null when none.</summary>
    public static string? NameFromEnd(string text)
    {
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var taken = new List<string>(3);
        for (var i = tokens.Length - 1; i >= 0 && taken.Count < 3; i--)
        {
            var token = tokens[i].Trim('"');
            if (!NameToken().IsMatch(token) || RuleLexicon.NotName.Contains(token))
            {
                break;
            }

            taken.Insert(0, token);
        }

        return taken.Count == 0 ? null : string.Join(' ', taken);
    }

    private static readonly HashSet<string> LeadWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "user", "users", "account", "accounts", "employee", "colleague", "person", "mr", "mr.", "ms",
        "ms.", "mrs", "mrs.", "dr", "dr.", "our", "new", "named", "called", "member", "of", "for",
    };

    /// <summary>A person value (manager, send to): e-mail lower-cased, "me", or a name as written.</summary>
    public static string? Person(string raw)
    {
        var v = Clean(raw);
        if (v.Length == 0)
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

        return RuleLexicon.NotName.Contains(v) ? null : v;
    }

    /// <summary>The e-mail addresses in a text, lower-cased, in order, without repeats.</summary>
    public static List<string> Emails(string text)
    {
        var list = new List<string>();
        foreach (Match m in Email().Matches(text))
        {
            var e = m.Value.TrimEnd('.').ToLowerInvariant();
            if (!list.Contains(e))
            {
                list.Add(e);
            }
        }

        return list;
    }

    private static readonly SearchValues<string> NamedGate = Gate("named", "called", "name is", "by the name");

    [GeneratedRegex(@"\b(?:for|of|about|on\s+behalf\s+of|regarding)\s+", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex ForWhomAnywhere();

    [GeneratedRegex(@"\b(?:unlock|unblock|re-?enable|reactivate|enable|reset|view|show|check|look\s+up|find|help|fix|restore|disable|deactivate|block|suspend|promote|move|update|change|set|edit)\s+", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex VerbObject();

    [GeneratedRegex(@"^(?<who>(?:[A-Za-z][\w.'-]*\s+){0,4}[A-Za-z][\w.'-]*)\s+(?:is|was|has|got|gets|can't|cannot|can\s+not|couldn't|needs|lost|forgot|keeps)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Subject();

    [GeneratedRegex(@"^\p{L}[\p{L}'.\-]*$", RegexOptions.None, RulePatterns.MatchTimeoutMs)]
    private static partial Regex NameToken();
}
