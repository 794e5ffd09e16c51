using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;

namespace Dex.Core.Actions.UpdateUserProfile;

/// <summary>
/// Department, office and title moves said as moves ("move ben to the Marketing department", "ben now works in Sales",
/// "tom moved to the London office", "promote ben to Sales Director"). Runs before the group recognisers: a move to a
/// department is a profile change, not a group membership ("move tom to the Sales Team" still is one).
/// </summary>
public sealed partial class ProfileMoveRecogniser : IStepRecogniser
{
    public string Action => DexActions.UpdateUserProfile;

    public int Order => 7;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text.Trim().TrimEnd('.', '!');
        var (who, field, value) = MoveTo().Match(c) is { Success: true } m
            ? (m.Groups["who"].Value, m.Groups["office"].Success ? "officeLocation" : "department", m.Groups["v"].Value)
            : WorksIn().Match(c) is { Success: true } w
                ? (w.Groups["who"].Value, w.Groups["office"].Success ? "officeLocation" : "department", w.Groups["v"].Value)
                : Promote().Match(c) is { Success: true } p
                    ? (p.Groups["who"].Value, "jobTitle", p.Groups["v"].Value)
                    : (string.Empty, string.Empty, string.Empty);
        value = value.Trim().Trim('"', '\'');
        if (who.Length == 0 || value.Length is 0 or > 64 || GroupWord().IsMatch(value))
        {
            return Recognition.None;
        }

        var people = RuleTargets.People(who, clause);
        if (people.Count == 0)
        {
            return Recognition.None;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal) { [field] = value };
        return Recognition.Of(people.Select(t => new IntendedStep { Action = DexActions.UpdateUserProfile, Target = t, Fields = fields }));
    }

    [GeneratedRegex(@"^\s*(?:please\s+)?(?:move|transfer|switch|reassign)\s+(?<who>" + EmailP + @"|me|myself|[\w'-]+(?:\s+[\w'-]+)?)\s+(?:to|into|over\s+to)\s+(?:the\s+)?(?<v>[\p{L}\p{N}&'\- ]+?)\s+(?:(?<dept>department|dept)|(?<office>office))\s*$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex MoveTo();

    [GeneratedRegex(@"^\s*(?<who>" + EmailP + @"|i|[\w'-]+(?:\s+[\w'-]+)?)\s+(?:now\s+works|works\s+now|is\s+now\s+working|has\s+(?:moved|transferred)|moved|transferred|(?:is|am)\s+moving|(?:is|am)\s+now(?=\s+(?:in|with)\s))\s+(?:in|to|into|for|with|at)?\s*(?:the\s+)?(?<v>[\p{L}\p{N}&'\- ]+?)(?:\s+(?:(?<dept>department|dept)|(?<office>office)))?(?:\s+now)?\s*$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex WorksIn();

    /// <summary>"tom is now in the Sales Team group" is a membership, not a department.</summary>
    [GeneratedRegex(@"\b(?:group|channel|distribution\s+list|dl)$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex GroupWord();

    [GeneratedRegex(@"^\s*(?:please\s+)?promote\s+(?<who>" + EmailP + @"|[\w'-]+(?:\s+[\w'-]+)?)\s+to\s+(?:an?\s+|the\s+)?(?<v>[\p{L}\p{N}&'\- ]+?)\s*$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Promote();
}
