using System.Buffers;
using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.ReclaimLicenses;

/// <summary>"reclaim licences from disabled accounts in Sales", "free up E5 seats from people who haven't signed in for 60 days".</summary>
public sealed partial class ReclaimLicensesRecogniser : IStepRecogniser
{
    public string Action => DexActions.ReclaimLicenses;

    public int Order => 11;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text;
        if (!Has(c, ReclaimGate) || Email().IsMatch(c))
        {
            return Recognition.None;
        }

        var verb = Reclaim().Match(c);
        if (!verb.Success)
        {
            return Recognition.None;
        }

        var inactive = Inactive().IsMatch(c);
        var days = inactive && Days().Match(c) is { Success: true } d ? d.Groups["n"].Value : null;
        var sku = LicenseText.KnownBefore(c, verb.Groups["noun"].Index);
        var parameters = LicenseText.Parameters(
            ("reason", inactive ? ReclaimLicensesAction.Inactive : ReclaimLicensesAction.Disabled),
            ("days", days),
            ("sku", sku),
            ("department", Department(c)));
        return Recognition.Of([new IntendedStep { Action = DexActions.ReclaimLicenses, Parameters = parameters }]);
    }

    private static readonly SearchValues<string> ReclaimGate = Gate("reclaim", "free up", "recover", "harvest", "take back", "claw back", "recycle", "clean up", "remove", "pull back", "unused");

    [GeneratedRegex(@"\b(?:reclaim|free\s+up|recover|harvest|take\s+back|claw\s+back|recycle|clean\s+up|pull\s+back|remove)\b.{0,60}?\b(?<noun>licen[cs]es|seats)\b(?=.{0,80}\b(?:disabled|deactivated|inactive|former|left|leavers|unused|not\s+signed|haven'?t\s+signed|hasn'?t\s+signed|no\s+sign|not\s+logged|stale|signed\s+in|logged\s+in)\b)|\b(?:reclaim|harvest|claw\s+back|recycle)\b.{0,60}?\b(?<noun>licen[cs]es?|seats?)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Reclaim();

    [GeneratedRegex(@"\b(?:inactive|not\s+signed\s+in|haven'?t\s+signed\s+in|hasn'?t\s+signed\s+in|no\s+sign-?ins?|not\s+logged\s+in|haven'?t\s+logged\s+in|stale|without\s+(?:a\s+)?sign-?in)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Inactive();

    [GeneratedRegex(@"\b(?<n>\d{1,4})\s+days?\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Days();
}
