using System.Text.RegularExpressions;

namespace Dex.Core.Understanding;

/// <summary>
/// Patterns shared by several recognisers (source-generated; case-insensitive unless marked (?-i:)).
/// Patterns only one recogniser uses live in that recogniser.
/// </summary>
internal static partial class RulePatterns
{
    public const RegexOptions I = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <summary>
    /// Every parser pattern has a match timeout: a backstop (generous: a loaded machine must never time out a
    /// real request), as the patterns are bounded so that a crafted
    /// 4 KB text parses in milliseconds (Dex.Benchmarks "understanding"). NonBacktracking is not used: most
    /// patterns need lookarounds (the value stop-words, "not followed by"), which it does not support, or
    /// captures whose backtracking choices matter; the yes/no patterns without lookarounds use it.
    /// Gaps between two keywords ("add WHO to GROUP") are bounded (120 characters; 200 for a field value), so no pattern is quadratic
    /// in a long clause.
    /// </summary>
    public const int MatchTimeoutMs = 2000;

    public const string EmailP = @"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}";

    public const string PersonP = @"(?:(?:his|her|their|my)\s+(?:line\s+)?manager,?\s+(?=" + EmailP + @"|(?-i:[A-Z])))?(?<v>""[^""]+""|" + EmailP + @"|me\b|myself\b|(?:his|her|their|my)\s+manager\b|(?!(?:in|at|on|of|for|and|with|the|a|an|is)\b)[A-Za-z][\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*){0,2})";

    public const string FieldsP =
        @"mobile\s+phone\s+number|mobile\s+phone|mobile\s+number|cell\s*phone|cell\s+number|mobile|cell|phone\s+number|" +
        @"business\s+phone\s+number|business\s+phones?|work\s+phone\s+number|work\s+phone|office\s+phone\s+number|office\s+phone|desk\s+phone|work\s+number|office\s+number|landline|business\s+number|phone|" +
        @"office\s+location|usage\s+location|desk\s+location|office|location|job\s*title|title|position|department|dept|division|" +
        @"display\s*name|full\s+name|first\s+name|given\s*name|last\s+name|surname|family\s+name|name|upn|user\s*principal\s*name|" +
        @"e-?mail\s+address|e-?mail|employee\s*id|employee\s+type|company\s+name|company|city|country|street\s+address|address|" +
        @"postal\s+code|zip\s+code|zip|preferred\s+language|language|password\s*polic(?:y|ies)|account\s*enabled|fax\s+number|fax";

    public const string StopP =
        @"(?=\s*(?:[,;]|$|(?<!\b(?-i:[A-Z]))\.(?:\s|$)|\s+and\s+(?:(?:my|his|her|their|the|its|also|set|change|update)\s+)?(?:" + FieldsP + @")\b|" +
        @"\s+(?:and\s+)?(?:for|of)\s+(?:" + EmailP + @"|me\b|him\b|her\b|them\b|(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+)?\s*$|[a-z][\w'-]*\s*$)|" +
        @"\s+(?:please|pls|asap|thanks|thank\s+you|today|starting|effective|thx)\b|\s+now\s*[.!?]*$))";

    public const string ValueP = @"(?<v>""[^""]+""|[^,;""]{1,200}?)" + StopP;

    [GeneratedRegex(EmailP, RegexOptions.None, RulePatterns.MatchTimeoutMs)]
    public static partial Regex Email();

    [GeneratedRegex(@"\b(?:named|called|(?<!\bmy\s+)name\s+is|by\s+the\s+name(?:\s+of)?)\s+(?<v>""[^""]+""|(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+){0,2}|[a-z][\w'-]+(?:\s+[a-z][\w'-]+)?)", I, RulePatterns.MatchTimeoutMs)]
    public static partial Regex NamedOrCalled();

    [GeneratedRegex(@"\b(?:send|sent|deliver|email|e-mail|mail|give|share|forward|text|dm)\s+(?:the\s+|their\s+|his\s+|her\s+|my\s+|a\s+)?(?:new\s+|initial\s+|temporary\s+|temp\s+|first\s+|one-time\s+)?(?:credentials|credential|password|passwords|login(?:\s+details)?|details|sign-in\s+details|link|it|them|creds)\s+(?:directly\s+|securely\s+)?(?:over\s+)?to\s+" + PersonP + @"|\b(?:credentials|password)\s+(?:should\s+)?(?:go(?:es)?|sent|delivered)\s+to\s+" + PersonP, I, RulePatterns.MatchTimeoutMs)]
    public static partial Regex SendTo();

    [GeneratedRegex(@"\b(?:unlock|re-?enable|reactivate|re-?activate|unsuspend|un-?suspend|enable)\b|\bunblock\b(?!\s+(?:\S+\s+){0,3}?(?:sign[\s-]?ins?|signin|log[\s-]?ins?|logon))|\bturn\s+(?:\S+\s+){0,3}?back\s+on\b|\brestore\s+(?:\S+\s+){0,2}?(?:account|access)\b", I, RulePatterns.MatchTimeoutMs)]
    public static partial Regex UnlockVerb();

    [GeneratedRegex(@"\b(?:mfa|2fa|two[\s-]?factor|2[\s-]?step|two[\s-]?step|multi[\s-]?factor|authenticator|auth\s+app|security\s+info|authentication\s+methods?|auth\s+methods?|otp|verification\s+(?:app|codes?)|second\s+factor)\b", I, RulePatterns.MatchTimeoutMs)]
    public static partial Regex MfaWords();

    [GeneratedRegex(@"\b(?:change|update|set|upload|use|replace|swap|put|add|new|attached|attaching|here'?s|here\s+is)\b.*\b(?:photo|picture|pic|avatar|headshot|image|pfp)\b|\b(?:photo|picture|pic|avatar|headshot|image|pfp)\b.*\b(?:change|update|set|upload|use|replace|swap|attached|new)\b", I | RegexOptions.NonBacktracking, RulePatterns.MatchTimeoutMs)]
    public static partial Regex PhotoWords();

    [GeneratedRegex(@"\b(?:discover|discovery|re-?discover|scan\s+(?:the\s+)?(?:directory|tenant|entra)|enumerate|inventory|approver\s+groups?|propose\s+approvers?)\b", I, RulePatterns.MatchTimeoutMs)]
    public static partial Regex DiscoverStrong();

    [GeneratedRegex(@"\bwho(?:'s|\s+is|\s+are|\s+else\s+is)?\s+(?:all\s+|currently\s+|actually\s+|everyone\s+)?(?:in|on|inside|within|belongs?\s+to|part\s+of|(?:a\s+)?members?\s+of)\s+|\bwho\s+(?:belongs|has\s+access)\s+(?:to\s+)?|\bmembers?(?:hip)?\s+(?:list\s+)?(?:of|in|for)\s+|\bmember\s+list\s+(?:of|for)\s+|\b(?:list|show|get|display|see|pull|give\s+me|print|enumerate)\s+(?:me\s+)?(?:all\s+)?(?:of\s+)?(?:the\s+)?(?<g>.{1,120}?)\s+(?:group\s+)?(?:members|membership|member\s+list|roster)\b|\bwhos\s+in\s+|\b(?:list|show|get|display)\s+(?:me\s+)?(?:everyone|everybody|all\s+(?:the\s+)?(?:users|people|members|accounts))\s+(?:in|on|of|from)\s+", I, RulePatterns.MatchTimeoutMs)]
    public static partial Regex Members();

    [GeneratedRegex(@"\b(?:department|dept|division)\b", I, RulePatterns.MatchTimeoutMs)]
    public static partial Regex DepartmentWord();

    [GeneratedRegex(@"\b(?:me|my|myself|mine|i|i'm|im|i've|i'd|i'll)\b", I, RulePatterns.MatchTimeoutMs)]
    public static partial Regex Self();

    [GeneratedRegex(@"^\s*(?:me|my|myself|i|mine|my\s+own|my\s+account|myself\s+too)\s*$", I, RulePatterns.MatchTimeoutMs)]
    public static partial Regex SelfOnly();

    [GeneratedRegex(@"\b(?:he|him|his|she|her|hers|they|them|their|theirs|this\s+user|that\s+user|the\s+same\s+(?:user|person))\b", I, RulePatterns.MatchTimeoutMs)]
    public static partial Regex Pronoun();

    [GeneratedRegex(@"^\s*(?:he|him|his|she|her|they|them|their)(?:\s+(?:account|too|as\s+well|also))?\s*$", I, RulePatterns.MatchTimeoutMs)]
    public static partial Regex PronounOnly();

    [GeneratedRegex(@"""([^""]+)""", RegexOptions.None, RulePatterns.MatchTimeoutMs)]
    public static partial Regex Quoted();

    [GeneratedRegex(@"\s*(?:,|;|\band\b|&|\bplus\b|\bas\s+well\s+as\b|\balong\s+with\b)\s*", I, RulePatterns.MatchTimeoutMs)]
    public static partial Regex ListSplit();

    [GeneratedRegex(@"\s+", RegexOptions.None, RulePatterns.MatchTimeoutMs)]
    public static partial Regex Spaces();
}
