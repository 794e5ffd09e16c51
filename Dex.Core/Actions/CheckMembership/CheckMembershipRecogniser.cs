using System.Buffers;
using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.CheckMembership;

/// <summary>"Is tom@acme.com in Sales Team?", "check whether priya belongs to Finance": one step per person × group.</summary>
public sealed partial class CheckMembershipRecogniser : IStepRecogniser
{
    public string Action => DexActions.CheckMembership;

    public int Order => 81;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text;
        if (StartsWithWho().IsMatch(c) || !Has(c, CheckGate) || CheckMembership().Match(c) is not { Success: true } check)
        {
            return Recognition.None;
        }

        var notes = new List<string>();
        var who = RuleTargets.People(check.Groups["who"].Value, clause);
        var groups = RuleGroups.Find(check.Groups["rest"].Value, clause, notes, out _);
        if (who.Count == 0 || groups.Count == 0)
        {
            return Recognition.NoneWith(notes);
        }

        var steps = new List<ProposedStep>();
        foreach (var t in who)
        {
            foreach (var (g, _) in groups)
            {
                steps.Add(new ProposedStep(new IntendedStep { Action = DexActions.CheckMembership, Target = t, Parameters = Group(g) }, g));
            }
        }

        return Recognition.Of(steps, notes);
    }

    private static readonly SearchValues<string> CheckGate = Gate("is ", "are ", "am ", "does ", "do ");

    [GeneratedRegex(@"^\s*who\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex StartsWithWho();

    [GeneratedRegex(@"^(?:check\s+|verify\s+|confirm\s+|see\s+|tell\s+me\s+|find\s+out\s+)?(?:if\s+|whether\s+)?(?:is|are|am)\s+(?<who>.{1,120}?)\s+(?:already\s+|still\s+|currently\s+|really\s+|actually\s+)?(?:(?:a\s+)?members?\s+of|part\s+of|in|on|inside|within|included\s+in)\s+(?<rest>.+)$|\b(?:check|verify|confirm|see|know)\s+(?:if|whether)\s+(?<who>.{1,120}?)\s+(?:is|are|belongs?|sits?)\s+(?:already\s+|still\s+|currently\s+)?(?:(?:a\s+)?members?\s+of|part\s+of|in|on|to)\s+(?<rest>.+)$|\b(?:does|do)\s+(?<who>.{1,120}?)\s+(?:belong\s+to|have\s+membership\s+(?:in|of)|sit\s+in)\s+(?<rest>.+)$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex CheckMembership();
}
