using System.Buffers;
using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.UnblockSignIn;

/// <summary>"Unblock my sign-in, it says I'm risky", "tom@acme.com was flagged as risky", "dismiss the risk on tom".</summary>
public sealed partial class UnblockSignInRecogniser : IStepRecogniser
{
    public string Action => DexActions.UnblockSignIn;

    public int Order => 30;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text;
        if (!Has(c, SignInGate) || !UnblockSignIn().IsMatch(c))
        {
            return Recognition.None;
        }

        return Recognition.Of(RuleTargets.Find(c, clause).Select(t => new IntendedStep { Action = DexActions.UnblockSignIn, Target = t }));
    }

    private static readonly SearchValues<string> SignInGate = Gate("sign", "log", "risk", "flagged", "identity protection", "dismiss", "safe");

    [GeneratedRegex(@"\b(?:unblock|un-block|allow|restore|re-?enable|fix|clear)\b.{0,40}?\b(?:sign[\s-]?ins?|signin|sign\s+on|log[\s-]?ins?|logon)\b|\b(?:risky|risk|flagged|identity\s+protection|at[\s-]risk)\b|\b(?:sign[\s-]?ins?|signin|log[\s-]?ins?)\s+(?:is\s+|was\s+|got\s+|has\s+been\s+|are\s+|keeps\s+getting\s+)?blocked\b|\bblocked\s+(?:from\s+(?:signing|logging)\s+in|by\s+(?:risk|identity|conditional))\b|\bdismiss\b.{0,30}\brisk|\bconfirm\b.{0,40}\bsafe\b", I | RegexOptions.NonBacktracking, RulePatterns.MatchTimeoutMs)]
    private static partial Regex UnblockSignIn();
}
