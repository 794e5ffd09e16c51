using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;

namespace Dex.Core.Actions.Discover;

/// <summary>
/// Questions about the directory's roles and approvers ("who approves password resets?", "what roles exist?"). Runs
/// before the action recognisers: "who approves password resets" asks about approvers, it is no password reset.
/// </summary>
public sealed partial class DiscoveryQuestionRecogniser : IStepRecogniser
{
    public string Action => DexActions.Discover;

    public int Order => 5;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        return Question().IsMatch(clause.Text) ? Recognition.Of([new IntendedStep { Action = DexActions.Discover }]) : Recognition.None;
    }

    [GeneratedRegex(@"^\W*(?:who\s+(?:(?:should|can|could|would|must|will|might|needs\s+to|has\s+to|gets\s+to)\s+)?(?:approves?|approver|signs?[\s-]+off|authori[sz]es?|okays?)|who\s+(?:is|are)\s+(?:the\s+|our\s+)?approvers?|(?:which|what)\s+(?:groups?\s+)?(?:should|could|can|would)\s+(?:be\s+)?(?:the\s+)?approv|(?:which|what)\s+(?:directory\s+|admin\s+)?roles\s+(?:exist|are\s+there|do\s+we\s+have|are\s+(?:assigned|active|in\s+use|used|defined)|are\s+(?:in|on)\s+(?:the\s+|our\s+)?(?:directory|tenant))|(?:list|show)\s+(?:me\s+)?(?:the\s+)?(?:proposed\s+)?approver\s+groups|(?:list|show)\s+(?:me\s+)?(?:all\s+)?(?:the\s+|our\s+)?(?:(?-i:[A-Z])[\w-]*\s+){1,3}(?:admins|administrators)(?=\s*[?.!]*$))\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Question();
}
