using System.Buffers;
using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.CreateUser;

/// <summary>"Create a new Entra user for noa.levi@acme.com as Software Engineer in R&amp;D, manager is david@acme.com".</summary>
public sealed partial class CreateUserRecogniser : IStepRecogniser
{
    public string Action => DexActions.CreateUser;

    public int Order => 10;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text;
        if (!Has(c, CreateGate) || !CreateUser().IsMatch(c) || MfaWords().IsMatch(c))
        {
            return Recognition.None;
        }

        var work = c;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Take(ref work, Manager()) is { } manager && RuleTargets.Person(manager) is { } m)
        {
            parameters["manager"] = m;
        }

        if (Take(ref work, SendTo()) is { } send && RuleTargets.Person(send) is { } to)
        {
            parameters["sendCredentialsTo"] = to;
        }

        foreach (var (field, value) in RuleFields.TakeFields(ref work))
        {
            fields.TryAdd(field, value);
        }

        foreach (Match phone in CreatePhone().Matches(work))
        {
            var prop = RuleFields.FieldProperty(phone.Groups["f"].Value) ?? "mobilePhone";
            fields.TryAdd(prop, phone.Groups["v"].Value.Trim());
        }

        work = CreatePhone().Replace(work, " ");
        if (Take(ref work, UsageLocation()) is { } usage)
        {
            fields.TryAdd("usageLocation", Clean(usage));
        }

        if (Take(ref work, AsTitleInDepartment()) is { } titleDept)
        {
            var parts = titleDept.Split('\u0001');
            fields.TryAdd("jobTitle", Clean(parts[0]));
            fields.TryAdd("department", Clean(parts[1]));
        }

        if (Take(ref work, InDepartment()) is { } dept)
        {
            fields.TryAdd("department", Clean(dept));
        }

        if (Take(ref work, AsTitle()) is { } title)
        {
            fields.TryAdd("jobTitle", Clean(title));
        }

        if (Take(ref work, OfficeIn()) is { } office)
        {
            fields.TryAdd("officeLocation", Clean(office));
        }

        if (Take(ref work, NameBeforeEmail()) is { } nameBefore)
        {
            fields.TryAdd("displayName", Clean(nameBefore));
        }

        if (Take(ref work, NamedOrCalled()) is { } named)
        {
            fields.TryAdd("displayName", Clean(named));
        }

        if (!fields.ContainsKey("department"))
        {
            foreach (Match segment in BareSegment().Matches(work))
            {
                var v = segment.Groups["v"].Value;
                if (!Email().IsMatch(v) && !CreateUser().IsMatch(v) && v is not ("Please" or "Thanks" or "Thank you" or "ASAP"))
                {
                    fields["department"] = v;
                    break;
                }
            }
        }

        var upn = Email().Match(work);
        if (upn.Success)
        {
            fields["userPrincipalName"] = upn.Value.ToLowerInvariant();
        }

        var target = fields.GetValueOrDefault("userPrincipalName") ?? fields.GetValueOrDefault("displayName");
        if (target is null)
        {
            return Recognition.Ask("Tell me the new user's name or user principal name (e.g. noa.levi@acme.com).");
        }

        return Recognition.Of([new IntendedStep { Action = DexActions.CreateUser, Target = target, Parameters = parameters, Fields = fields }]);
    }

    private static readonly SearchValues<string> CreateGate = Gate("creat", "provision", "set up", "setup", "onboard", "new ");

    [GeneratedRegex(@"\b(?:create|creat|provision|set\s*up|setup)\b.{0,40}?\b(?:user|account|employee|identity|login|mailbox)\b|\bonboard(?:ing)?\b|\b(?:add|make|open|register)\s+(?:an?\s+)?new\s+(?:entra\s+(?:id\s+)?|azure\s+ad\s+|aad\s+|m365\s+)?(?:user|account|employee|hire|starter|joiner)\b|\bnew\s+(?:hire|starter|joiner|employee)\b", I | RegexOptions.NonBacktracking, RulePatterns.MatchTimeoutMs)]
    private static partial Regex CreateUser();

    [GeneratedRegex(@"\b(?:(?:his|her|their|the|whose)\s+)?(?:line\s+)?manager(?:\s+(?:is|will\s+be|should\s+be)|\s*[:=])\s+" + PersonP + @"|\bmanager\s+(?<v>" + EmailP + @")|\b(?:reports?|reporting)\s+(?:in\s+)?to\s+" + PersonP + @"|\bmanaged\s+by\s+" + PersonP, I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Manager();

    [GeneratedRegex(@"(?:^|,)\s*(?<v>(?-i:[A-Z])[\w&-]+(?:\s+(?-i:[A-Z])[\w&-]+)?)\s*(?=,|$)", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex BareSegment();

    [GeneratedRegex(@"\bas\s+(?:an?\s+|the\s+)?(?<t>[^,;]+?)\s+(?:in|on|at|within|for)\s+(?:the\s+)?(?<d>[^,;]+?)(?:\s+(?:department|dept|team|division|org|group))?(?=\s*(?:[,;]|$|\.(?:\s|$)|\s+(?:and|with|manager|reporting|reports|send|sending|starting|based|office|mobile|cell|phone|usage|located)\b))", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex AsTitleInDepartment();

    [GeneratedRegex(@"\b(?:in|into|for|to)\s+(?:the\s+)?(?<v>[\w&-]+(?:\s+[\w&-]+)?)\s+(?:department|dept|division)\b|\b(?:in|into|joining)\s+(?:the\s+)?(?<v>(?-i:[A-Z])[\w&-]*)(?=\s*(?:,|$|\s+as\b))|\b(?:department|dept)\s*(?:is|:|=|of)?\s+(?<v>""[^""]+""|[\w&-]+(?:\s+(?-i:[A-Z])[\w&-]+)?)", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex InDepartment();

    [GeneratedRegex(@"\b(?:job\s*title|title|position|role)\s*(?:is|:|=|of|as)?\s+" + ValueP + @"|\bas\s+(?:an?\s+)?(?<v>(?-i:[A-Z])[\w&/-]*(?:\s+(?-i:[A-Z])[\w&/-]*){0,3})", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex AsTitle();

    [GeneratedRegex(@"\b(?:office(?:\s+location)?|located|based|sits?|sitting|desk)\s*(?:is|:|=|in|at|out\s+of)?\s+(?:in\s+|at\s+)?(?:the\s+)?" + ValueP, I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex OfficeIn();

    [GeneratedRegex(@"\bfor\s+(?<v>(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+){1,2})\s*[(<,]\s*(?=" + EmailP + ")", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex NameBeforeEmail();

    [GeneratedRegex(@"\b(?<f>mobile|cell|phone|work\s+phone|office\s+phone|business\s+phone|desk\s+phone)(?:\s+(?:number|phone))?\s*(?:is|:|=|of)?\s*(?<v>\+?\(?\d[\d\s().-]{5,}\d)", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex CreatePhone();

    [GeneratedRegex(@"\busage\s+location\s*(?:is|:|=|of)?\s+(?<v>[A-Za-z]{2}\b|(?-i:[A-Z])[a-z]+(?:\s+(?-i:[A-Z])[a-z]+)?)", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex UsageLocation();
}

/// <summary>"..., set office to NYC" right after a create_user request: details of that new user, not a change to anyone.</summary>
public sealed class CreateUserDetailsRecogniser : IStepRecogniser
{
    public string Action => DexActions.CreateUser;

    public int Order => 89;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        if (clause.CreatedUser is not { } created || RuleFields.Read(clause.Text) is not { } change)
        {
            return Recognition.None;
        }

        if (change.ExplicitTarget is not null || Self().IsMatch(change.Rest) || Email().Count(change.Rest) != 0)
        {
            return Recognition.None;
        }

        var merged = new Dictionary<string, string>(created.Fields, StringComparer.Ordinal);
        foreach (var (k, v) in change.Fields)
        {
            merged.TryAdd(k, v);
        }

        return Recognition.Of([new ProposedStep(created with { Fields = merged }, Amends: created)]);
    }
}
