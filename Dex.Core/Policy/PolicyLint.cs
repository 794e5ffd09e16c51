using System.Text.Json.Serialization;
using Dex.Core.Directory;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;

namespace Dex.Core.Policy;

/// <summary>A name the policy uses that the tenant does not have, with the closest names it does have.</summary>
public sealed record PolicyLintFinding(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("where")] IReadOnlyList<string> Where,
    [property: JsonPropertyName("nearest")] IReadOnlyList<string> Nearest);

public sealed record PolicyLintReport(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("checked")] int Checked,
    [property: JsonPropertyName("unknown")] IReadOnlyList<PolicyLintFinding> Unknown,
    [property: JsonPropertyName("strict")] bool Strict);

/// <summary>
/// Looks up every group, role and user the policy names in the tenant. A name that does not exist silently matches
/// nobody (an approval nobody can give, an "onBehalf" group nobody is in), so it is reported with the nearest real names.
/// </summary>
public sealed class PolicyLint(GraphServiceClient graph, DirectoryService directory)
{
    public async Task<PolicyLintReport> LintAsync(PolicyDocument policy, bool strict = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var names = Names(policy);
        var findings = new List<PolicyLintFinding>();
        try
        {
            var groups = names.Any(n => n.Key.Kind == "group") ? await GroupNamesAsync(cancellationToken) : [];
            var roles = names.Any(n => n.Key.Kind == "role") ? await RoleNamesAsync(cancellationToken) : [];
            foreach (var ((kind, name), where) in names.OrderBy(n => n.Key.Kind, StringComparer.Ordinal).ThenBy(n => n.Key.Name, StringComparer.OrdinalIgnoreCase))
            {
                var known = kind switch
                {
                    "group" => groups,
                    "role" => roles,
                    _ => null,
                };
                var exists = known is null
                    ? await directory.FindUserAsync(name, cancellationToken) is not null
                    : known.Contains(name, StringComparer.OrdinalIgnoreCase);
                if (!exists)
                {
                    findings.Add(new PolicyLintFinding(kind, name, [.. where.Distinct(StringComparer.Ordinal)], known is null ? [] : Nearest(name, known)));
                }
            }
        }
        catch (ApiException e)
        {
            throw new DirectoryException($"Microsoft Graph refused reading the names the policy uses (HTTP {e.ResponseStatusCode}).", e.ResponseStatusCode);
        }

        return new PolicyLintReport(findings.Count == 0, names.Count, findings, strict);
    }

    /// <summary>Every (kind, name) the policy uses, with the JSON paths that use it.</summary>
    public static Dictionary<(string Kind, string Name), List<string>> Names(PolicyDocument policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var names = new Dictionary<(string, string), List<string>>(new NameComparer());
        void Add(string kind, IEnumerable<string> values, string where)
        {
            foreach (var v in values.Where(v => !string.IsNullOrWhiteSpace(v)))
            {
                var key = (kind, v.Trim());
                if (!names.TryGetValue(key, out var list))
                {
                    names[key] = list = [];
                }

                list.Add(where);
            }
        }

        void AddSpec(ApproverSpec? spec, string where)
        {
            if (spec is null)
            {
                return;
            }

            Add("role", spec.Roles, where + ".roles");
            Add("group", spec.Groups, where + ".groups");
            Add("user", spec.Users, where + ".users");
        }

        Add("group", policy.ProtectedGroups, "$.protectedGroups");
        AddSpec(policy.Defaults.EscalationApprovers, "$.defaults.escalationApprovers");
        foreach (var (action, rule) in policy.Actions)
        {
            var at = $"$.actions.{action}";
            Add("role", rule.OnBehalf.Roles, at + ".onBehalf.roles");
            Add("group", rule.OnBehalf.Groups, at + ".onBehalf.groups");
            Add("user", rule.OnBehalf.Users, at + ".onBehalf.users");
            Add("role", rule.Approval.ExemptRoles, at + ".approval.exemptRoles");
            AddSpec(rule.Approval.EscalationApprovers, at + ".approval.escalationApprovers");
            for (var i = 0; i < rule.Approval.Stages.Count; i++)
            {
                AddSpec(rule.Approval.Stages[i].Approvers, $"{at}.approval.stages[{i}].approvers");
            }
        }

        return names;
    }

    /// <summary>Up to three existing names closest to <paramref name="name"/> (edit distance, ignoring case; containment counts as close).</summary>
    public static IReadOnlyList<string> Nearest(string name, IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(known);
        var n = name.ToLowerInvariant();
        return [.. known
            .Select(k => (Name: k, Distance: k.Contains(name, StringComparison.OrdinalIgnoreCase) || name.Contains(k, StringComparison.OrdinalIgnoreCase) ? 1
                : Math.Min(Distance(n, k.ToLowerInvariant()), SharesWord(n, k) ? 2 : int.MaxValue)))
            .Where(x => x.Distance <= Math.Max(3, name.Length / 2))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Name, StringComparer.OrdinalIgnoreCase)
            .Take(3)
            .Select(x => x.Name)];
    }

    private static bool SharesWord(string a, string b)
    {
        var words = Words(a);
        return Words(b).Any(words.Contains);

        static HashSet<string> Words(string s) => [.. s.ToLowerInvariant().Split([' ', '-', '_', '.'], StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 4)];
    }

    private static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }

    private async Task<List<string>> GroupNamesAsync(CancellationToken ct)
    {
        var page = await graph.Groups.GetAsync(r => { r.QueryParameters.Select = ["id", "displayName"]; r.QueryParameters.Top = 999; }, ct);
        var names = new List<string>();
        await directory.CollectAsync<Group, GroupCollectionResponse>(page, g => { if (g.DisplayName is { } d) { names.Add(d); } return true; }, ct);
        return names;
    }

    private async Task<List<string>> RoleNamesAsync(CancellationToken ct)
    {
        // Role definitions list every built-in role, activated or not; a role nobody holds yet is still a real name.
        var page = await graph.RoleManagement.Directory.RoleDefinitions.GetAsync(cancellationToken: ct);
        var names = new List<string>();
        await directory.CollectAsync<UnifiedRoleDefinition, UnifiedRoleDefinitionCollectionResponse>(page, r => { if (r.DisplayName is { } d) { names.Add(d); } return true; }, ct);
        return names;
    }

    private sealed class NameComparer : IEqualityComparer<(string Kind, string Name)>
    {
        public bool Equals((string Kind, string Name) x, (string Kind, string Name) y)
            => string.Equals(x.Kind, y.Kind, StringComparison.Ordinal) && string.Equals(x.Name, y.Name, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Kind, string Name) obj) => HashCode.Combine(obj.Kind, obj.Name.ToUpperInvariant());
    }
}

/// <summary>Lints the policy when the host starts: unknown names are logged as warnings, or stop start-up in strict mode (<c>Dex:Policy:Strict</c>).</summary>
public sealed class PolicyLintStartup(PolicyLint lint, PolicyDocument policy, Microsoft.Extensions.Options.IOptions<PolicyOptions> options, ILogger<PolicyLintStartup> logger) : IHostedService
{
    private Task? _background;

    /// <summary>Strict: start-up waits for the lint and fails on unknown names. Otherwise it runs beside start-up and only warns.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Strict)
        {
            return LintAsync(strict: true, cancellationToken);
        }

        _background = Task.Run(() => LintAsync(strict: false, CancellationToken.None), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task LintAsync(bool strict, CancellationToken cancellationToken)
    {
        PolicyLintReport report;
        try
        {
            report = await lint.LintAsync(policy, strict, cancellationToken);
        }
        catch (Exception e) when (!strict && e is not OperationCanceledException)
        {
            logger.LogWarning("Policy lint could not read the tenant at start-up: {Message}", e.Message);
            return;
        }

        foreach (var f in report.Unknown)
        {
            logger.LogWarning(
                "Policy names {Kind} '{Name}' ({Where}), which the tenant does not have. Nearest: {Nearest}.",
                f.Kind, f.Name, string.Join(", ", f.Where), f.Nearest.Count == 0 ? "none" : string.Join(", ", f.Nearest));
        }

        if (strict && !report.Ok)
        {
            throw new PolicyException($"Policy names {report.Unknown.Count} group(s), role(s) or user(s) the tenant does not have: "
                + string.Join("; ", report.Unknown.Select(f => $"{f.Kind} '{f.Name}'" + (f.Nearest.Count == 0 ? string.Empty : $" (did you mean {string.Join(" or ", f.Nearest)}?)")))
                + ". Fix the policy or turn off Dex:Policy:Strict.");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_background is not null)
        {
            await _background.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
