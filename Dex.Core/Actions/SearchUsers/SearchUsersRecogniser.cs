using System.Buffers;
using System.Text.RegularExpressions;
using Dex.Core.Actions.ListGroupMembers;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.SearchUsers;

/// <summary>"Who is in the Sales department?": a department is not a group, so its roster is a search by department.</summary>
public sealed class DepartmentMembersRecogniser : IStepRecogniser
{
    public string Action => DexActions.SearchUsers;

    public int Order => 84;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text;
        if (ListGroupMembersRecogniser.Roster(c) is not { } rest || !DepartmentWord().IsMatch(rest.Named) || Department(c) is not { } dept)
        {
            return Recognition.None;
        }

        return Recognition.Of([new IntendedStep { Action = DexActions.SearchUsers, Fields = new Dictionary<string, string>(StringComparer.Ordinal) { ["department"] = dept } }]);
    }
}

/// <summary>"Find users in Finance", "search for John Smith", "look up the UPN jsmith@acme.com", "list disabled users".</summary>
public sealed partial class SearchUsersRecogniser : IStepRecogniser
{
    public const string CriteriaNote = "Tell me what to search by: name, UPN, e-mail, department, job title or account status.";

    public string Action => DexActions.SearchUsers;

    public int Order => 120;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text;
        if (!Has(c, SearchGate) || !SearchVerb().IsMatch(c))
        {
            return Recognition.None;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var email = Email().Match(c);
        if (email.Success)
        {
            var key = UpnWord().IsMatch(c) ? "userPrincipalName" : MailWord().IsMatch(c) ? "mail" : "userPrincipalName";
            fields[key] = email.Value.ToLowerInvariant();
        }

        if (SearchTitle().Match(c) is { Success: true } title)
        {
            fields["jobTitle"] = Clean(title.Groups["v"].Value);
        }

        if (Department(c) is { } dept)
        {
            fields["department"] = dept;
        }

        if (!email.Success && SearchName().Match(c) is { Success: true } name && !RuleLexicon.NotName.Contains(Clean(name.Groups["v"].Value)))
        {
            fields["displayName"] = Clean(name.Groups["v"].Value);
        }

        if (EnabledWord().Match(c) is { Success: true } enabled)
        {
            fields["accountEnabled"] = enabled.Value.StartsWith("dis", StringComparison.OrdinalIgnoreCase) || enabled.Value.StartsWith("in", StringComparison.OrdinalIgnoreCase) ? "false" : "true";
        }

        return fields.Count == 0
            ? Recognition.Ask(CriteriaNote)
            : Recognition.Of([new IntendedStep { Action = DexActions.SearchUsers, Fields = fields }]);
    }

    private static readonly SearchValues<string> SearchGate = Gate("find", "search", "look", "locate", "query", "who", "list", "show", "users", "people", "employees", "anyone", "everyone");

    [GeneratedRegex(@"\b(?:find|search|look\s*up|lookup|look\s+for|locate|query|who\s+works|who\s+(?:is|are)\s+(?:in|from)\s+(?:the\s+)?\w+\s+(?:department|dept|team)|list\s+(?:all\s+)?(?:the\s+)?(?:users|people|employees|accounts|staff)|show\s+(?:me\s+)?(?:all\s+)?(?:the\s+)?(?:users|people|employees|staff)|(?:users|people|employees|anyone|everyone)\s+(?:in|from|with|named|called|whose|who))\b", I | RegexOptions.NonBacktracking, RulePatterns.MatchTimeoutMs)]
    private static partial Regex SearchVerb();

    [GeneratedRegex(@"\b(?:upn|user\s*principal\s*name)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex UpnWord();

    [GeneratedRegex(@"\b(?:e-?mail|mail|address)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex MailWord();

    [GeneratedRegex(@"\b(?:job\s*title|title|position)\s*(?:is|of|=|:|as|contains|like|containing)?\s+" + ValueP, I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex SearchTitle();

    [GeneratedRegex(@"\b(?:named|called|name\s+(?:is|contains|like|=|:)?)\s+(?<v>""[^""]+""|[A-Za-z][\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*)?)|\b(?:search\s+for|find|look\s+up|lookup|look\s+for|locate)\s+(?:the\s+|a\s+)?(?:user\s+|person\s+|employee\s+|someone\s+)?(?<v>""[^""]+""|(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+)?)", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex SearchName();

    [GeneratedRegex(@"\b(?:enabled|disabled|active|inactive)\b", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex EnabledWord();
}
