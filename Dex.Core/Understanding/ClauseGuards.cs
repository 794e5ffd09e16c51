using System.Buffers;
using System.Text.RegularExpressions;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Understanding;

/// <summary>
/// What runs on a clause before any recogniser: embedded instructions are cut out, directory-role
/// requests and requests outside the catalogue are refused with a note, a bare "please unblock" after
/// a request that named the action adds nothing.
/// </summary>
internal static partial class ClauseGuards
{
    /// <summary>The clause for the recognisers, or null when a guard settled it (notes say why).</summary>
    public static string? Apply(string c, bool hasSteps, List<string> notes)
    {
        if (Has(c, InjectionGate) && Injection().IsMatch(c))
        {
            notes.Add(RuleBasedUnderstanding.InjectionNote);
            c = Injection().Replace(c, " ").Trim();
            if (c.Length == 0)
            {
                return null;
            }
        }

        if (Has(c, RoleGate) && (RoleEscalation().IsMatch(c) || (GrantVerb().IsMatch(c) && CatalogueRules.LooksLikeDirectoryRole(c))))
        {
            notes.Add(RuleBasedUnderstanding.RoleNote);
            return null;
        }

        // "..., please unblock" after a request that already named the action and person adds nothing.
        if (hasSteps && BareVerb().IsMatch(c))
        {
            return null;
        }

        if (OutOfCatalogue(c) is { } refusal)
        {
            notes.Add(refusal);
            return null;
        }

        return c;
    }

    private static string? OutOfCatalogue(string c)
    {
        if (!Has(c, OutOfCatalogueGate))
        {
            return null;
        }

        if (DeleteUser().IsMatch(c) && !FromOrOutOf().IsMatch(c) && !MfaWords().IsMatch(c) && !PhotoWords().IsMatch(c) && !OffboardingWindow().IsMatch(c))
        {
            return "Deleting users isn't something Dex does; to offboard a leaver, ask \"offboard tom@acme.com\".";
        }

        if (CreateGroup().IsMatch(c))
        {
            return "Creating or deleting groups isn't in Dex's action catalogue.";
        }

        return GroupOwner().IsMatch(c) ? "Changing group owners isn't in Dex's action catalogue." : null;
    }

    private static readonly SearchValues<string> InjectionGate = Gate("ignore", "disregard", "forget", "override", "bypass", "you are now", "act as", "pretend", "developer mode", "jailbreak", "system prompt", "without");
    private static readonly SearchValues<string> RoleGate = Gate("admin", "role", "pim", "super", "root", "god mode");
    private static readonly SearchValues<string> OutOfCatalogueGate = Gate("delete", "deprovision", "terminate", "destroy", "purge", "erase", "remove", "group", "team", "distribution", "owner");

    [GeneratedRegex(@"\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+)?(?:(?:the|your|any|previous|prior|above|earlier|preceding|system|safety)\s+)*(?:instructions?|prompts?|rules?|guardrails?|polic(?:y|ies)|checks?)\b|\b(?:you\s+are\s+now|act\s+as|pretend\s+(?:to\s+be|you\s+are)|developer\s+mode|jailbreak|system\s+prompt|without\s+(?:any\s+)?approvals?)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Injection();

    [GeneratedRegex(@"\b(?:make|promote|elevate|escalate|upgrade)\s+(?:me|myself|\S+)\s+(?:to\s+)?(?:an?\s+|the\s+)?(?:\w+\s+){0,2}admin(?:istrator)?s?\b|\b(?:give|grant|assign)\s+(?:me|myself|\S+)\s+(?:the\s+|an?\s+)?(?:\w+\s+){0,2}(?:admin(?:istrator)?|roles?)\b|\b(?:assign|grant|activate|elevate)\b.*\broles?\b|\bpim\b", I | RegexOptions.NonBacktracking, RulePatterns.MatchTimeoutMs)]
    private static partial Regex RoleEscalation();

    [GeneratedRegex(@"\b(?:add|put|make|give|grant|assign|promote|elevate|include|enrol+|join|request|need|want|set|move|activate)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex GrantVerb();

    [GeneratedRegex(@"^(?:unblock|unlock|re-?enable|fix|do\s+it|help|go\s+ahead|sort\s+it\s+out)(?:\s+(?:it|that|this|them|please|asap|now|for\s+(?:me|us)))*\W*$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex BareVerb();

    [GeneratedRegex(@"\b(?:delete|deprovision|terminate|destroy|purge|erase)\b|\bremove\s+(?:the\s+)?(?:user|account)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex DeleteUser();

    // An offboarding's delete window ("... and delete the account after 30 days") and its cancellation are Dex's own.
    [GeneratedRegex(@"\bdelete\s+(?:the\s+account|the\s+user|his\s+account|her\s+account|their\s+account|him|her|them|it)\s+(?:after|in)\s+\d{1,3}\s+days?\b|\b(?:cancel|stop|abort)\s+(?:the\s+)?(?:scheduled\s+|pending\s+)?(?:account\s+)?deletion\s+of\b|^(?:please\s+)?(?:do\s+not|don't|dont)\s+delete\s+\S+@\S+$", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex OffboardingWindow();

    [GeneratedRegex(@"\b(?:from|out\s+of|off)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex FromOrOutOf();

    [GeneratedRegex(@"\b(?:create|make|set\s+up|delete|remove|rename|archive)\s+(?:a\s+|an\s+|the\s+)?(?:new\s+)?(?:security\s+|m365\s+|microsoft\s+365\s+|teams\s+|distribution\s+)?(?:group|team|distribution\s+list)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex CreateGroup();

    [GeneratedRegex(@"\b(?:make|add|set|transfer|assign|change)\b.*\bowners?(?:hip)?\b", I | RegexOptions.NonBacktracking, RulePatterns.MatchTimeoutMs)]
    private static partial Regex GroupOwner();
}
