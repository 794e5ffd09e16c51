using System.Buffers;
using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.PasswordReset;

/// <summary>
/// "Reset John Smith's password", "I forgot my password", "reset tom's password and send it to his manager".
/// A clause naming both a password and MFA ("reset his password and MFA") is one request for both resets,
/// proposed in the order written.
/// </summary>
public sealed partial class PasswordResetRecogniser : IStepRecogniser
{
    public string Action => DexActions.PasswordReset;

    public int Order => 60;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text;
        if (!Has(c, ResetGate) || NamesPassword(c) is not { } password)
        {
            return Recognition.None;
        }

        var work = c;
        var sendTo = Take(ref work, SendTo()) is { } send ? RuleTargets.Person(send) : null;
        var targets = RuleTargets.Find(work, clause);
        var passwordSteps = targets.Select(t => new IntendedStep
        {
            Action = DexActions.PasswordReset,
            Target = t,
            Parameters = sendTo is null
                ? new Dictionary<string, string>(StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal) { ["sendTo"] = sendTo },
        });

        var mfa = MfaWords().Match(c);
        if (!mfa.Success)
        {
            return Recognition.Of(passwordSteps);
        }

        var mfaSteps = targets.Select(t => new IntendedStep { Action = DexActions.MfaReset, Target = t, Parameters = new Dictionary<string, string>(StringComparer.Ordinal) });
        return Recognition.Of(mfa.Index < password.Index ? mfaSteps.Concat(passwordSteps) : passwordSteps.Concat(mfaSteps));
    }

    /// <summary>The password words of a clause (not "password policy"), or null.</summary>
    internal static Match? NamesPassword(string c)
    {
        var password = PasswordWords().Match(c);
        return password.Success && !PasswordPolicy().IsMatch(c) ? password : null;
    }

    internal static readonly SearchValues<string> ResetGate = Gate("pass", "sspr", "credential", "mfa", "2fa", "factor", "step", "authenticator", "auth", "security info", "otp", "verification");

    [GeneratedRegex(@"\bpass\s?words?\b|\bpasscodes?\b|\bpasswd\b|\bsspr\b|\bcredentials?\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex PasswordWords();

    [GeneratedRegex(@"\bpassword\s*polic(?:y|ies)\b|\bpasswordPolicies\b|\bpassword\s+(?:never\s+)?expir(?:y|es|ation)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex PasswordPolicy();
}
