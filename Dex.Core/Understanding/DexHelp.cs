using System.Text.RegularExpressions;
using Dex.Core.Policy;
using Dex.Core.Requests;

namespace Dex.Core.Understanding;

/// <summary>What a question about Dex itself is about ("how do I reset my password?" is about passwords).</summary>
public enum HelpTopic
{
    General,
    Password,
    Mfa,
    Access,
    Profile,
    Photo,
    Unlock,
    SignIn,
    Approvals,
}

/// <summary>
/// Questions about Dex itself ("what can you do?", "help", "how do I reset my password?"): recognised before
/// any parser runs, so a "how do I ..." question is answered rather than executed, and answered with examples of
/// what this requester may ask under the policy in force (an employee sees self-service; an admin sees more).
/// </summary>
public static partial class DexHelp
{
    /// <summary>The topic when <paramref name="text"/> is a question about Dex; null for anything else.</summary>
    public static HelpTopic? Recognise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        if (t.Length == 0 || t.Length > 300)
        {
            return null;
        }

        if (Bare().IsMatch(t) || AboutDex().IsMatch(t))
        {
            return HelpTopic.General;
        }

        return HowDoI().Match(t) is { Success: true } how ? TopicOf(how.Groups["rest"].Value) : null;
    }

    private static HelpTopic TopicOf(string rest) => rest switch
    {
        _ when MfaWords().IsMatch(rest) => HelpTopic.Mfa,
        _ when rest.Contains("password", StringComparison.Ordinal) => HelpTopic.Password,
        _ when rest.Contains("photo", StringComparison.Ordinal) || rest.Contains("picture", StringComparison.Ordinal) => HelpTopic.Photo,
        _ when rest.Contains("unlock", StringComparison.Ordinal) || rest.Contains("locked", StringComparison.Ordinal) => HelpTopic.Unlock,
        _ when SignInWords().IsMatch(rest) => HelpTopic.SignIn,
        _ when AccessWords().IsMatch(rest) => HelpTopic.Access,
        _ when ProfileWords().IsMatch(rest) => HelpTopic.Profile,
        _ when rest.Contains("approv", StringComparison.Ordinal) => HelpTopic.Approvals,
        _ => HelpTopic.General,
    };

    /// <summary>The answer, with examples for what this requester may ask under <paramref name="policy"/>.</summary>
    public static string Answer(HelpTopic topic, RequesterContext requester, PolicyDocument policy)
    {
        ArgumentNullException.ThrowIfNull(requester);
        ArgumentNullException.ThrowIfNull(policy);
        var admin = MayActForOthers(requester, policy, DexActions.PasswordReset) || MayActForOthers(requester, policy, DexActions.GrantAccess)
            || MayActForOthers(requester, policy, DexActions.UnlockUser);
        var topicLine = topic switch
        {
            HelpTopic.Password => "To reset your password, just ask me: \"Reset my password\". I generate a strong one, you change it at next sign-in, and it reaches you as a one-time link (never in chat)."
                + (MayActForOthers(requester, policy, DexActions.PasswordReset) ? " For someone else: \"Reset the password for tom@acme.com and send it to his manager\"." : string.Empty),
            HelpTopic.Mfa => "Got a new phone? Ask \"Reset my MFA, I got a new phone\": I remove your registered methods so you can set them up again (approval may be needed)."
                + (MayActForOthers(requester, policy, DexActions.MfaReset) ? " For someone else: \"Reset MFA for tom@acme.com\"." : string.Empty),
            HelpTopic.Access => "Ask \"Add me to Finance-M365\" (the group's owners approve), \"Am I in VPN Users?\" or \"Which groups am I in?\"."
                + (MayActForOthers(requester, policy, DexActions.GrantAccess) ? " For others: \"Add sarah@acme.com to Finance-M365\", \"Remove tom from Sales Team\"." : string.Empty),
            HelpTopic.Profile => "Ask \"Update my mobile to +1 415 555 0123\" or \"Change my office to Building 2\"; \"Show my profile, my roles and my groups\" shows what the directory has."
                + (MayActForOthers(requester, policy, DexActions.UpdateUserProfile) ? " For others: \"Move ben to the Marketing department\"." : string.Empty),
            HelpTopic.Photo => "Attach a picture and say \"Update my profile photo\" (at most 4 MB).",
            HelpTopic.Unlock => MayActForOthers(requester, policy, DexActions.UnlockUser)
                ? "Ask \"Unlock kevin@acme.com\" or \"Show locked accounts in Sales\"."
                : "Unlocking accounts is done by your IT team; ask them, or ask me \"Unblock my sign-in\" if you were flagged as risky.",
            HelpTopic.SignIn => "If your sign-in is blocked as risky, ask \"Unblock my sign-in\"; approval may be needed.",
            HelpTopic.Approvals => "When policy asks for approval, I send the plan to the approvers and tell you when they decide; \"who approves password resets?\" is answered by discovery for admins.",
            _ => "I'm Dex: I handle Microsoft Entra ID requests in plain language and check your organisation's policy before changing anything.",
        };

        var examples = new List<string>
        {
            "\"Reset my password\"", "\"Reset my MFA, I got a new phone\"", "\"Update my mobile to +44 7700 900123\"", "\"Show my profile, my roles and my groups\"", "\"Add me to Finance-M365\"",
        };
        if (admin)
        {
            examples.AddRange(["\"Reset MFA for tom@acme.com\"", "\"Add sarah@acme.com to Finance-M365\"", "\"Who belongs to IT Support?\"", "\"Show locked accounts in Sales\"", "\"Unlock kevin@acme.com\""]);
        }

        if (MayActForOthers(requester, policy, DexActions.CreateUser))
        {
            examples.Add("\"Create a user for emily.stone@acme.com as Data Analyst in Finance, manager sarah@acme.com\"");
        }

        var role = admin ? "As an admin you can also act for others." : "You can ask about yourself; your IT team handles requests about other people.";
        return $"{topicLine} {role} Try: {string.Join(", ", examples)}. If I ask you a question, answer it or say \"cancel\"; anything else you ask is handled as a new request.";
    }

    private static bool MayActForOthers(RequesterContext requester, PolicyDocument policy, string action)
        => policy.Actions.TryGetValue(action, out var rule) && rule.Enabled
            && (requester.HasAnyRole(rule.OnBehalf.Roles) || requester.InAnyGroup(rule.OnBehalf.Groups)
                || rule.OnBehalf.Users.Contains(requester.UserPrincipalName, StringComparer.OrdinalIgnoreCase));

    [GeneratedRegex(@"^\W*(?:help|help me|help please|please help|\?+|menu|commands|examples|hi|hello|hey)\W*$", RegexOptions.None, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Bare();

    [GeneratedRegex(@"^\W*(?:(?:hi|hello|hey)\W+)?(?:dex\W+)?(?:what\s+(?:can|could|do|else\s+can)\s+(?:you|dex|i\s+ask(?:\s+you)?)\s*(?:do|help\s+(?:me\s+)?with)?|what\s+(?:are|is)\s+(?:you|dex)|who\s+are\s+you|what\s+can\s+i\s+(?:ask|do)(?:\s+here)?|how\s+(?:does|do)\s+(?:this|dex|you)\s+work|how\s+(?:do|can)\s+i\s+use\s+(?:you|dex|this)|what\s+are\s+your\s+(?:commands|capabilities|features)|what\s+do\s+you\s+(?:know|support)|show\s+(?:me\s+)?(?:some\s+)?examples)\b[^.!]*?\W*$", RegexOptions.None, RulePatterns.MatchTimeoutMs)]
    private static partial Regex AboutDex();

    [GeneratedRegex(@"^\W*(?:(?:how|where)\s+(?:do|can|could|should|would|shall)\s+(?:i|we|someone|one|people|employees|users)|how\s+to|is\s+there\s+a\s+way\s+to|can\s+you\s+(?:explain|tell\s+me)\s+how\s+(?:i|to))\b(?<rest>.*)$", RegexOptions.None, RulePatterns.MatchTimeoutMs)]
    private static partial Regex HowDoI();

    [GeneratedRegex(@"\b(?:mfa|2fa|two[- ]factor|multi[- ]factor|authenticator|new\s+phone|lost\s+(?:my\s+)?phone)\b", RegexOptions.None, RulePatterns.MatchTimeoutMs)]
    private static partial Regex MfaWords();

    [GeneratedRegex(@"\b(?:sign[- ]?in|log[- ]?in|blocked|risky)\b", RegexOptions.None, RulePatterns.MatchTimeoutMs)]
    private static partial Regex SignInWords();

    [GeneratedRegex(@"\b(?:group|groups|access|join|member|membership|team)\b", RegexOptions.None, RulePatterns.MatchTimeoutMs)]
    private static partial Regex AccessWords();

    [GeneratedRegex(@"\b(?:mobile|phone|office|title|profile|department|manager|address)\b", RegexOptions.None, RulePatterns.MatchTimeoutMs)]
    private static partial Regex ProfileWords();
}
