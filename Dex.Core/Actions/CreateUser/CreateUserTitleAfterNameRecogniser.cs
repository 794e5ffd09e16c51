using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;

namespace Dex.Core.Actions.CreateUser;

/// <summary>
/// A new starter written as a line of a list: "Emily Stone, Data Analyst in Finance, manager sarah@acme.com" or
/// "Emily Stone - Data Analyst, Finance, manager sarah@" (optionally after "new user:" or "create"), with or without an address. Read as the create-user sentence it stands for, so the main recogniser does the rest.
/// </summary>
public sealed partial class CreateUserTitleAfterNameRecogniser : IStepRecogniser
{
    private static readonly CreateUserRecogniser Sentence = new();

    public string Action => DexActions.CreateUser;

    public int Order => 9;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        if (Line().Match(clause.Text.Trim()) is not { Success: true } m)
        {
            return Recognition.None;
        }

        // "named" keeps the display name whether or not an address follows; without one, planning derives it from the name.
        var who = m.Groups["upn"].Success ? $"named {m.Groups["name"].Value} ({m.Groups["upn"].Value})" : $"named {m.Groups["name"].Value}";
        var text = $"create a user {who} as {m.Groups["title"].Value.Trim()} in {m.Groups["dept"].Value.Trim()}, manager is {m.Groups["mgr"].Value.Trim().TrimEnd('@')}";
        var recognition = Sentence.Recognise(clause with { Text = text });
        return recognition.Claimed ? recognition : Recognition.None;
    }

    [GeneratedRegex(@"^(?:(?:please\s+)?(?:create|add|onboard|set\s+up)(?:\s+(?:a\s+)?(?:new\s+)?(?:user|account|starter|hire))?(?:\s+for)?\s*:?\s+|new\s+(?:user|starter|hire|joiner|employee)\s*:?\s+)?(?<name>(?-i:[A-Z])[\p{L}'-]+(?:\s+(?-i:[A-Z])[\p{L}'-]+){1,2})(?:\s*\(?(?<upn>" + EmailP + @")\)?)?\s*(?:,|\s[-–—])\s*(?:an?\s+|the\s+)?(?<title>(?-i:[A-Z])[\p{L}&/' -]{1,60}?)(?:\s+(?:in|at|for)\s+(?:the\s+)?|\s*,\s*)(?<dept>[\p{L}&' -]{1,40}?)(?:\s+(?:department|dept|team))?\s*,\s*(?:(?:their|her|his)\s+)?(?:manager|reports\s+to|line\s+manager)(?:\s+is)?\s*:?\s+(?<mgr>" + EmailP + @"|[\w.'-]+@|[\w'-]+(?:\s+[\w'-]+)?)\s*\.?$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Line();
}
