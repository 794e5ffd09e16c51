using System.Buffers;
using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.ViewProfile;

/// <summary>"show my profile", "who is alice@acme.com?", "what's tom's job title?", "what roles does priya have?".</summary>
public sealed partial class ViewProfileRecogniser : IStepRecogniser
{
    public const string WhichFieldNote = "Tell me which profile field to change and its new value (phone, office, job title or department).";

    public string Action => DexActions.ViewProfile;

    public int Order => 100;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text;
        if (!Has(c, ProfileGate))
        {
            return Recognition.None;
        }

        if (WhoIs().Match(c) is { Success: true } whoIs && RuleTargets.People(whoIs.Groups["who"].Value, clause) is { Count: > 0 } people)
        {
            return Recognition.Of(people.Select(View));
        }

        if (!ProfileView().IsMatch(c) || DiscoverStrong().IsMatch(c))
        {
            return Recognition.None;
        }

        // "update my profile" without a field: ask which one rather than showing it.
        return UpdateVerb().IsMatch(c) ? Recognition.Ask(WhichFieldNote) : Recognition.Of(RuleTargets.Find(c, clause).Select(View));

        static IntendedStep View(string t) => new() { Action = DexActions.ViewProfile, Target = t };
    }

    private static readonly SearchValues<string> ProfileGate = Gate("profile", "role", "detail", "info", "status", "about", "who", "what", "show", "view", "display", "pull up");

    [GeneratedRegex(@"^\s*(?:who\s+is|who's|whos|tell\s+me\s+about|show\s+me|show|view|display|pull\s+up)\s+(?<who>" + EmailP + @")\s*$|^\s*(?:who\s+is|who's|tell\s+me\s+about)\s+(?<who>(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+){0,2})\s*$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex WhoIs();

    [GeneratedRegex(@"\b(?:profile|directory\s+roles?|admin\s+roles?|(?:my|his|her|their|[A-Za-z][\w'.-]*'s)\s+roles|what\s+roles|which\s+roles|roles\s+(?:do|does|am|is)|account\s+(?:details|info|information|status)|(?:my|his|her|their|[A-Za-z][\w'.-]*'s)\s+(?:details|info|information)|about\s+me|who\s+am\s+i|whoami|what(?:'s|\s+is|\s+are)\s+(?:my|his|her|their|\S+'s)\s+(?:job\s+title|title|department|office|office\s+location|phone|mobile|phone\s+number|mobile\s+number|manager|upn|e-?mail))\b", I | RegexOptions.NonBacktracking, RulePatterns.MatchTimeoutMs)]
    private static partial Regex ProfileView();

    [GeneratedRegex(@"\b(?:update|change|edit|modify|set|correct|fix)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex UpdateVerb();
}
