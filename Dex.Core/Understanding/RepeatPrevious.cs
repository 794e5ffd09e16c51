using System.Text.RegularExpressions;
using static Dex.Core.Understanding.RulePatterns;

namespace Dex.Core.Understanding;

/// <summary>"Do the same for tom" / "and priya@acme.com too": the previous step again, for other people. Runs when no recogniser claimed a clause.</summary>
internal static partial class RepeatPrevious
{
    public static Recognition Recognise(ClauseContext clause)
    {
        if (SameFor().Match(clause.Text) is not { Success: true } same || clause.PreviousStep is not { Target: not null } previous)
        {
            return Recognition.None;
        }

        return Recognition.Of(RuleTargets.People(same.Groups["who"].Value, clause).Select(t => previous with { Target = t, Targets = [] }));
    }

    [GeneratedRegex(@"^\s*(?:do\s+)?(?:the\s+)?same\s+(?:thing\s+)?(?:for|with)\s+(?<who>.+)$|^\s*(?:and\s+)?(?:for\s+)?(?<who>" + EmailP + @")\s+too\s*$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex SameFor();
}
