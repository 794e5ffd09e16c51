using System.Text;
using System.Text.RegularExpressions;

namespace Dex.Core.Understanding;

/// <summary>
/// Text preparation for the rule parser: normalises Unicode (NFKC), quotes and dashes, repairs light typos in
/// keywords, folds pasted lists into one line and cuts a message into clauses (one request each).
/// </summary>
internal static partial class RequestText
{
    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u00AB' or '\u00BB':
                    sb.Append('"');
                    break;
                case '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u00B4':
                    sb.Append('\'');
                    break;
                case '\u2013' or '\u2014' or '\u2015':
                    sb.Append('\u2014');
                    break;
                case '\r':
                    break;
                case '\t' or '\u00A0' or '\u2007' or '\u202F':
                    sb.Append(' ');
                    break;
                case var c when (char.IsControl(c) && c != '\n') || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format:
                    break; // NULs, bidi overrides, zero-width joiners: never part of what Dex should act on
                default:
                    sb.Append(ch);
                    break;
            }
        }

        // NFKC: a full-width '＠' or 'ｔｏｍ' is the '@' and 'tom' a reader sees (and a homoglyph cannot hide an address).
        var s = sb.ToString();
        if (!s.IsNormalized(NormalizationForm.FormKC))
        {
            s = s.Normalize(NormalizationForm.FormKC);
        }
        if (s.Contains('\'', StringComparison.Ordinal))
        {
            // 'Finance-Admins' is a quoted name; O'Brien and can't are not.
            s = SingleQuoted().Replace(s, "\"$1\"");
        }

        s = FoldLists(s);
        return Spaces().Replace(s, " ").Trim();
    }

    /// <summary>Cuts a normalised message into clauses, never inside double quotes.</summary>
    public static List<string> SplitClauses(string text)
    {
        var sentences = new List<string>();
        var inQuote = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch == '"')
            {
                inQuote = !inQuote;
                continue;
            }

            if (inQuote && ch != '\n')
            {
                continue;
            }

            inQuote = false; // a quote never spans lines: an unclosed one ends with its line

            var boundary = ch is '?' or '!' or '\n' or '\u2014' || (ch == ';' && !NextIsAddress(text, i))
                || (ch == '.' && (i + 1 == text.Length || text[i + 1] == ' ') && !IsInitial(text, i));
            if (boundary)
            {
                Add(sentences, text[start..i]);
                start = i + 1;
            }
        }

        Add(sentences, text[start..]);

        var clauses = new List<string>(sentences.Count + 2);
        foreach (var sentence in sentences)
        {
            var from = 0;
            foreach (Match m in sentence.AsSpan().ContainsAny(JoinGate) ? ClauseJoin().Matches(sentence) : Enumerable.Empty<Match>())
            {
                if (InsideQuotes(sentence, m.Index))
                {
                    continue;
                }

                Add(clauses, sentence[from..m.Index]);
                from = m.Index + m.Length;
            }

            Add(clauses, sentence[from..]);
        }

        return clauses;

        static void Add(List<string> list, string part)
        {
            var t = part.Trim(' ', ',', '.', ':', '\n');
            if (t.Length > 0)
            {
                list.Add(t);
            }
        }
    }

    // "a@x.com; b@x.com" is a list, not two sentences.
    private static bool NextIsAddress(string text, int i)
    {
        var rest = text.AsSpan(i + 1).TrimStart();
        var end = rest.IndexOfAny(' ', ',', ';');
        return (end < 0 ? rest : rest[..end]).Contains('@');
    }

    // "Ada L. Admin": a single capital before the dot is an initial, not the end of a sentence.
    private static bool IsInitial(string text, int dot) =>
        dot >= 1 && char.IsUpper(text[dot - 1]) && (dot == 1 || text[dot - 2] == ' ') && dot + 2 < text.Length && char.IsUpper(text[dot + 2]);

    private static readonly System.Buffers.SearchValues<string> JoinGate = System.Buffers.SearchValues.Create([",", " and ", " then ", " also ", " plus ", "&"], StringComparison.OrdinalIgnoreCase);

    public static bool InsideQuotes(string s, int index)
    {
        var count = 0;
        for (var i = 0; i < index; i++)
        {
            if (s[i] == '"')
            {
                count++;
            }
        }

        return count % 2 == 1;
    }

    /// <summary>Repairs light typos in keywords (never in quotes, e-mails or capitalised names mid-sentence).</summary>
    public static string FixTypos(string text)
    {
        StringBuilder? sb = null;
        var last = 0;
        var inQuote = false;
        var i = 0;
        Span<char> lower = stackalloc char[64];
        while (i < text.Length)
        {
            var ch = text[i];
            if (ch == '"')
            {
                inQuote = !inQuote;
                i++;
                continue;
            }

            if (!char.IsAsciiLetter(ch))
            {
                i++;
                continue;
            }

            // A word: letters with inner hyphens, as the keyword lists spell them.
            var start = i;
            while (i < text.Length && (char.IsAsciiLetter(text[i]) || (text[i] == '-' && i + 1 < text.Length && char.IsAsciiLetter(text[i + 1]))))
            {
                i++;
            }

            var length = i - start;
            if (inQuote || length < 2 || length > lower.Length || IsPartOfAddress(text, start, length) || (start > 0 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] == '\'')))
            {
                continue;
            }

            var word = text.AsSpan(start, length);
            var lw = lower[..length];
            word.ToLowerInvariant(lw);
            string? fix = null;
            if (TypoLookup.TryGetValue(lw, out var mapped))
            {
                fix = mapped;
            }
            else if (length >= 5 && !KnownLookup.Contains(lw) && !KeywordLookup.Contains(lw) && !(char.IsUpper(word[0]) && MidSentence(text, start)))
            {
                fix = Closest(lw.ToString());
            }

            if (fix is null || lw.SequenceEqual(fix))
            {
                continue;
            }

            sb ??= new StringBuilder(text.Length + 16);
            sb.Append(text, last, start - last).Append(fix);
            last = i;
        }

        return sb is null ? text : sb.Append(text, last, text.Length - last).ToString();
    }

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> TypoLookup = RuleLexicon.TypoMap.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> KnownLookup = RuleLexicon.Known.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> KeywordLookup = RuleLexicon.KeywordSet.GetAlternateLookup<ReadOnlySpan<char>>();

    // Memo of repaired words (bounded): the same words come back request after request.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Repairs = new(StringComparer.Ordinal);

    private static string? Closest(string word)
    {
        if (Repairs.TryGetValue(word, out var known))
        {
            return known.Length == 0 ? null : known;
        }

        var found = ClosestUncached(word);
        if (Repairs.Count < 50_000)
        {
            Repairs[word] = found ?? "";
        }

        return found;
    }

    private static string? ClosestUncached(string word)
    {
        var max = word.Length >= 8 ? 2 : 1;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in RuleLexicon.Keywords)
        {
            if (Math.Abs(candidate.Length - word.Length) > max || candidate[0] != word[0] && max == 1)
            {
                continue;
            }

            var d = Distance(word, candidate, max);
            if (d <= max && d < bestDistance)
            {
                best = candidate;
                bestDistance = d;
            }
        }

        return best;
    }

    // Optimal string alignment distance (adjacent transpositions count once), cut off above max.
    private static int Distance(string a, string b, int max)
    {
        Span<int> prev2 = stackalloc int[b.Length + 1];
        Span<int> prev = stackalloc int[b.Length + 1];
        Span<int> cur = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            var rowMin = cur[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    v = Math.Min(v, prev2[j - 2] + 1);
                }

                cur[j] = v;
                rowMin = Math.Min(rowMin, v);
            }

            if (rowMin > max)
            {
                return rowMin;
            }

            var t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }

        return prev[b.Length];
    }

    private static bool MidSentence(string text, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            var c = text[i];
            if (c == ' ')
            {
                continue;
            }

            return c is not ('.' or '?' or '!' or '\n' or ':' or '\u2014' or ',');
        }

        return false;
    }

    private static bool IsPartOfAddress(string text, int index, int length)
    {
        var before = index > 0 ? text[index - 1] : ' ';
        var after = index + length < text.Length ? text[index + length] : ' ';
        return before is '@' or '.' or '_' or '/' || after is '@' or '_' or '/' || (after == '.' && index + length + 1 < text.Length && char.IsLetterOrDigit(text[index + length + 1]));
    }

    // A pasted list ("unlock these:\n- a@x\n- b@x") becomes "unlock these: a@x, b@x" so it stays one clause.
    private static string FoldLists(string s)
    {
        if (!s.Contains('\n', StringComparison.Ordinal))
        {
            return s;
        }

        var lines = s.Split('\n');
        var sb = new StringBuilder(s.Length);
        var listOpen = false;
        var items = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var item = ListItem().Match(line);
            if (sb.Length > 0 && item.Success && (listOpen || IsListItemAhead(lines, i)))
            {
                sb.Append(items == 0 ? " " : ", ").Append(item.Groups["v"].Value.Trim());
                listOpen = true;
                items++;
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            sb.Append(line);
            listOpen = line.EndsWith(':');
            items = 0;
        }

        return sb.ToString();

        static bool IsListItemAhead(string[] lines, int i) =>
            i + 1 < lines.Length && ListItem().IsMatch(lines[i + 1].Trim()) && EmailOnly().IsMatch(lines[i].Trim());
    }

    [GeneratedRegex(@"(?<=^|[\s(:,])'([^'\n]{2,60}?)'(?=$|[\s.,;:!?)])", RegexOptions.None, RulePatterns.MatchTimeoutMs)]
    private static partial Regex SingleQuoted();

    [GeneratedRegex(@"[ ]{2,}", RegexOptions.None, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^(?:[-*\u2022]|\d{1,3}[.)])?\s*(?<v>[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}|[A-Z][A-Za-z'-]+(?:\s+[A-Z][A-Za-z'-]+){0,2})\s*[,;]?$", RegexOptions.None, RulePatterns.MatchTimeoutMs)]
    private static partial Regex ListItem();

    [GeneratedRegex(@"^(?:[-*\u2022]|\d{1,3}[.)])?\s*[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\s*[,;]?$", RegexOptions.None, RulePatterns.MatchTimeoutMs)]
    private static partial Regex EmailOnly();

    // "..., and reset", "then unlock", "also add": a new request starts at an action verb.
    [GeneratedRegex(@"\s*,\s*(?=i'm\s|i\s+am\s|i\s+can't\s|i\s+cannot\s|i\s+forgot\s)|(?:\s*,\s*(?:(?:and|then|also|plus)\s+)*|\s+(?:and|then|also|plus|&)\s+(?:(?:also|then)\s+)?)(?:(?:please|pls|kindly|can\s+you|could\s+you|would\s+you|you\s+should)\s+)?(?=(?:reset|unlock|unblock|re-?enable|reactivate|enable|disable|deactivate|add|remove|kick|put|grant|give|request|create|onboard|provision|show|list|who|which|what|check|find|search|look\s+up|update|change|set|view|display|run|discover|revoke|tell\s+me|make|take)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, RulePatterns.MatchTimeoutMs)]
    private static partial Regex ClauseJoin();
}
