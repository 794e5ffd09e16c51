using System.Globalization;
using System.Text;
using System.Text.Json;
using Dex.Core.Audit;
using Dex.Core.Requests;

namespace Dex.Core.Policy.Replay;

/// <summary>
/// Re-evaluates every audited decision in a window against a candidate policy, changing nothing: reads the audit trail,
/// evaluates the recorded facts with <see cref="PolicyEngine"/> (pure), and reports what would differ. Approvers are
/// compared as the policy names them (stage, basis, quorum); people are not looked up, so replay needs no Graph call.
/// </summary>
public sealed class PolicyReplay(IAuditLog audit)
{
    /// <summary>Longest window replayed at once.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(366);

    public async Task<ReplayReport> ReplayAsync(PolicyDocument candidate, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var latest = new Dictionary<string, (AuditEntry Entry, DecisionFacts? Facts)>(StringComparer.Ordinal);
        long after = 0;
        while (true)
        {
            var page = await audit.QueryAsync(new AuditQuery { From = from, To = to, AfterSeq = after, Limit = 1000 }, cancellationToken);
            foreach (var e in page.Entries.Where(e => e.Event == "policy_decision"))
            {
                // A request re-planned after a clarification decides again; the last decision is the one that stood.
                latest[e.RequestId] = (e, Parse(e.Details));
            }

            if (page.NextAfterSeq is not { } next || page.Entries.Count == 0)
            {
                break;
            }

            after = next;
        }

        var items = new List<ReplayItem>();
        var skipped = 0;
        foreach (var (entry, facts) in latest.Values.OrderBy(v => v.Entry.Seq))
        {
            if (facts is null)
            {
                skipped++; // decided before facts were recorded
                continue;
            }

            if (Wire.Parse<PolicyOutcome>(entry.Outcome) is not { } outcome)
            {
                skipped++; // not a decision this version can read
                continue;
            }

            var before = new ReplayDecision(outcome, facts.Stages, []);
            var now = Evaluate(candidate, facts);
            items.Add(new ReplayItem(entry.RequestId, entry.At, facts.Requester, [.. facts.Steps.Select(s => s.Action)], before, now, Differences(before, now)));
        }

        var changed = items.Where(i => i.Changed).ToList();
        var transitions = changed.Where(i => i.Before.Outcome != i.After.Outcome)
            .GroupBy(i => $"{Wire.Name(i.Before.Outcome)}->{Wire.Name(i.After.Outcome)}", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var totals = new ReplayTotals(
            items.Count,
            changed.Count,
            changed.Count(i => i.Before.Outcome != i.After.Outcome),
            changed.Count(i => i.Changes.Any(c => c.StartsWith("approvers", StringComparison.Ordinal))),
            changed.Count(i => i.Changes.Any(c => c.StartsWith("quorum", StringComparison.Ordinal))),
            transitions,
            skipped);
        return new ReplayReport(from, to, totals, items);
    }

    /// <summary>The decision the candidate policy makes on recorded facts, merged across steps as the evaluator does.</summary>
    public static ReplayDecision Evaluate(PolicyDocument policy, DecisionFacts facts)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(facts);
        var requester = new RequesterContext(string.Empty, facts.Requester, facts.Requester, facts.Roles, facts.Groups);
        var reasons = new List<string>();
        var denials = new List<string>();
        var stages = new List<ReplayStage>();
        for (var n = 0; n < facts.Steps.Count; n++)
        {
            // Protection is the policy's word about a group: the candidate's list decides, by the group's name.
            var step = facts.StepGroups is { } groups && n < groups.Count && groups[n] is { } group
                ? facts.Steps[n] with { GroupProtected = policy.ProtectedGroups.Contains(group, StringComparer.OrdinalIgnoreCase) }
                : facts.Steps[n];
            var verdict = PolicyEngine.Evaluate(policy, requester, step);
            reasons.AddRange(verdict.Reasons);
            if (verdict.Outcome == PolicyOutcome.Deny)
            {
                denials.AddRange(verdict.Reasons);
                continue;
            }

            foreach (var s in verdict.Outcome == PolicyOutcome.ApprovalRequired ? verdict.Stages : [])
            {
                var i = stages.FindIndex(x => x.Name == s.Name);
                var basis = s.Approvers.Describe();
                stages = i < 0
                    ? [.. stages, new ReplayStage(s.Name, basis, s.Quorum)]
                    : [.. stages.Select((x, j) => j != i ? x : x with { Basis = x.Basis == basis ? basis : $"{x.Basis}, {basis}", Quorum = Math.Max(x.Quorum, s.Quorum) })];
            }
        }

        return denials.Count > 0
            ? new ReplayDecision(PolicyOutcome.Deny, [], denials)
            : new ReplayDecision(stages.Count > 0 ? PolicyOutcome.ApprovalRequired : PolicyOutcome.Allow, stages, reasons);
    }

    private static List<string> Differences(ReplayDecision before, ReplayDecision after)
    {
        var changes = new List<string>();
        if (before.Outcome != after.Outcome)
        {
            changes.Add($"outcome: {Wire.Name(before.Outcome)} -> {Wire.Name(after.Outcome)}");
        }

        if (before.Outcome != PolicyOutcome.ApprovalRequired || after.Outcome != PolicyOutcome.ApprovalRequired)
        {
            return changes;
        }

        foreach (var name in before.Stages.Select(s => s.Name).Union(after.Stages.Select(s => s.Name), StringComparer.Ordinal))
        {
            var b = before.Stages.FirstOrDefault(s => s.Name == name);
            var a = after.Stages.FirstOrDefault(s => s.Name == name);
            if (b is null || a is null)
            {
                changes.Add(b is null ? $"approvers: stage '{name}' added ({a!.Basis})" : $"approvers: stage '{name}' removed ({b.Basis})");
                continue;
            }

            // Before, a stage nobody could approve went to escalation approvers; compare what the policy named.
            var beforeBasis = b.Basis.StartsWith("escalation approvers (no eligible approver from ", StringComparison.Ordinal)
                ? b.Basis["escalation approvers (no eligible approver from ".Length..].TrimEnd(')')
                : b.Basis;
            if (!string.Equals(beforeBasis, a.Basis, StringComparison.Ordinal))
            {
                changes.Add($"approvers: stage '{name}' {beforeBasis} -> {a.Basis}");
            }

            if (b.Quorum != a.Quorum)
            {
                changes.Add($"quorum: stage '{name}' {b.Quorum} -> {a.Quorum}");
            }
        }

        return changes;
    }

    private static DecisionFacts? Parse(string? details)
    {
        var at = details?.LastIndexOf(DecisionFacts.Marker, StringComparison.Ordinal) ?? -1;
        if (at < 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<DecisionFacts>(details![(at + DecisionFacts.Marker.Length)..], DexJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The report as CSV: one row per request, changes joined with "; ".</summary>
    public static string ToCsv(ReplayReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder("requestId,at,requester,actions,before,after,beforeApprovers,afterApprovers,changed,changes\n");
        foreach (var i in report.Requests)
        {
            sb.AppendJoin(',', [
                Csv(i.RequestId), Csv(i.At.ToString("O", CultureInfo.InvariantCulture)), Csv(i.Requester), Csv(string.Join(";", i.Actions)),
                Csv(Wire.Name(i.Before.Outcome)), Csv(Wire.Name(i.After.Outcome)), Csv(Stages(i.Before)), Csv(Stages(i.After)), i.Changed ? "true" : "false", Csv(string.Join("; ", i.Changes))]);
            sb.Append('\n');
        }

        return sb.ToString();

        static string Stages(ReplayDecision d) => string.Join("; ", d.Stages.Select(s => $"{s.Name}: {s.Quorum} of {s.Basis}"));
    }

    private static string Csv(string value)
    {
        // Spreadsheet formula injection: a leading =, +, - or @ is neutralised.
        var v = value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;
        return v.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }
}
