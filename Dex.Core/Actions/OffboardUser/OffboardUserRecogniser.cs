using System.Buffers;
using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.OffboardUser;

/// <summary>
/// "offboard tom@acme.com", "offboard tom: disable him, revoke his sessions, remove him from all groups",
/// "tom@acme.com is leaving, run the leaver process". The clauses after an offboarding that only spell out
/// what offboarding does are part of it, not separate requests.
/// </summary>
public sealed partial class OffboardUserRecogniser : IStepRecogniser
{
    public string Action => DexActions.OffboardUser;

    public int Order => 3;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text.Trim().TrimEnd('.', '!');
        var later = DeleteLater().Match(c);
        if (clause.PreviousStep is { Action: DexActions.OffboardUser } previous && later is { Success: true, Index: 0 })
        {
            // "... and delete the account after 30 days" as its own clause: part of the offboarding before it.
            return Recognition.Of([new ProposedStep(previous with { Parameters = WithDays(previous.Parameters, later) }, Amends: previous)]);
        }

        if (later.Success)
        {
            c = c[..later.Index].TrimEnd(' ', ',');
        }

        if (clause.PreviousStep is { Action: DexActions.OffboardUser } && Detail().IsMatch(c))
        {
            return Recognition.Of(Array.Empty<IntendedStep>());
        }

        if (!Has(c, OffboardGate))
        {
            return Recognition.None;
        }

        var match = Offboard().Match(c);
        if (!match.Success)
        {
            match = Leaving().Match(c);
        }

        if (!match.Success)
        {
            return Recognition.None;
        }

        var who = match.Groups["who"].Value.Trim().TrimEnd(':', ',');
        if (who.Length == 0 || Pronoun().IsMatch(who))
        {
            return Recognition.Ask("Say who is leaving, e.g. \"offboard tom@acme.com\".");
        }

        return Recognition.Of([new IntendedStep
        {
            Action = DexActions.OffboardUser,
            Target = who.Contains('@', StringComparison.Ordinal) ? who.ToLowerInvariant() : who,
            Parameters = later.Success ? WithDays(new Dictionary<string, string>(), later) : new Dictionary<string, string>(),
        }]);
    }

    private static Dictionary<string, string> WithDays(IReadOnlyDictionary<string, string> parameters, Match later)
        => new(parameters, StringComparer.Ordinal) { [OffboardUserAction.DeleteAfterDaysKey] = later.Groups["n"].Value };

    // "and delete the account after 30 days": the delete window of the offboarding.
    [GeneratedRegex(@"(?:^|\s*,\s*|\s+)(?:(?:and|then)\s+)*(?:please\s+)?delete\s+(?:the\s+account|the\s+user|his\s+account|her\s+account|their\s+account|him|her|them|it)\s+(?:after|in)\s+(?<n>\d{1,3})\s+days?(?:\s+later)?$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex DeleteLater();

    private static readonly SearchValues<string> OffboardGate = Gate("offboard", "off-board", "leaving", "leaver", "last day", "left the company");

    [GeneratedRegex(@"^(?:please\s+|can\s+you\s+|could\s+you\s+)?(?:offboard|off-board|run\s+the\s+leaver\s+process\s+for|start\s+(?:the\s+)?offboarding\s+(?:of|for))\s+(?:the\s+user\s+)?(?<who>[^\s:,]+(?:\s+(?!now\b|today\b|please\b)[^\s:,]+)?)(?:\s*:.*|\s+(?:now|today|please))?$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Offboard();

    [GeneratedRegex(@"^(?<who>\S+@\S+|[a-z][\w.'-]*(?:\s+[a-z][\w.'-]*)?)\s+(?:is\s+leaving|has\s+left(?:\s+the\s+company)?|left\s+the\s+company|is\s+a\s+leaver)(?:\b.*)?$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Leaving();

    [GeneratedRegex(@"^(?:him|her|them|me|myself|he|she|they|i|someone|somebody)$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Pronoun();

    // What an offboarding already does, spelled out by the requester after it.
    [GeneratedRegex(@"^(?:and\s+|then\s+|also\s+)?(?:please\s+)?(?:run\s+the\s+(?:leaver|offboarding)\s+(?:process|workflow|checklist)|(?:disable|block)\s+(?:him|her|them|the\s+account|sign[\s-]?in|his\s+account|her\s+account|their\s+account)|revoke\s+(?:his|her|their|all)\s+(?:sign[\s-]?in\s+)?sessions|sign\s+(?:him|her|them)\s+out(?:\s+everywhere)?|remove\s+(?:him|her|them)\s+from\s+(?:all|every)\s+(?:groups?|apps?|teams?)|(?:remove|take\s+back|reclaim)\s+(?:his|her|their)\s+(?:licen[cs]es|apps|access)|(?:tell|notify)\s+(?:his|her|their)\s+manager)\b.*$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Detail();
}
