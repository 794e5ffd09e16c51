using System.Globalization;
using Dex.Core.Directory;
using Dex.Core.Licensing;
using Dex.Core.Requests;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.ReclaimLicenses;

/// <summary>
/// reclaim_licenses: takes directly assigned licences back from disabled accounts, or from accounts with no sign-in for
/// N days, optionally one SKU or one department. Planning lists the accounts (the plan, and so the approval, is that
/// exact list); execution re-reads them, skips any that changed, and removes in batches.
/// </summary>
public sealed class ReclaimLicensesAction : DexAction
{
    public const string Disabled = "disabled";
    public const string Inactive = "inactive";
    public const int DefaultDays = 90;

    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.ReclaimLicenses,
        InternalParameters = new HashSet<string>(StringComparer.Ordinal) { "skuId", "frees" },
        Description = "Reclaim licences from disabled accounts (reason=disabled) or from accounts with no sign-in for N days (reason=inactive, days), optionally one licence (sku) or department.",
        Target = ActionTarget.None,
        Parameters =
        [
            new("reason", "\"disabled\" (default) or \"inactive\"."),
            new("days", "For inactive: days without a sign-in (default 90)."),
            new("sku", "Licence name as written, only if one was named."),
            new("department", "Department as written, only if one was named."),
        ],
    };

    public override async Task<StepPlan> PlanAsync(StepPlanning planning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planning);
        var p = planning.Parameters;
        var reason = p.GetValueOrDefault("reason")?.Trim().ToLowerInvariant() ?? Disabled;
        if (reason is not (Disabled or Inactive))
        {
            return StepPlan.Fail("Licences can be reclaimed from disabled accounts or from accounts that have not signed in for some days.");
        }

        p["reason"] = reason;
        if (reason == Inactive)
        {
            var days = DefaultDays;
            if (p.TryGetValue("days", out var d) && (!int.TryParse(d, NumberStyles.Integer, CultureInfo.InvariantCulture, out days) || days is < 1 or > 3650))
            {
                return StepPlan.Fail($"\"{d}\" is not a number of days between 1 and 3650.");
            }

            p["days"] = days.ToString(CultureInfo.InvariantCulture);
            p["cutoff"] = planning.Time.GetUtcNow().UtcDateTime.Date.AddDays(-days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        else
        {
            p.Remove("days");
        }

        var skus = await planning.Directory.ListSkusAsync(cancellationToken);
        if (p.ContainsKey("sku"))
        {
            var (sku, stop) = await LicenseSteps.ResolveSkuAsync(planning, "sku", cancellationToken);
            if (sku is null)
            {
                return stop;
            }
        }

        var criteria = Criteria.Of(p);
        var found = await CandidatesAsync(planning.Directory, criteria, cancellationToken);
        if (found.Count == 0)
        {
            return StepPlan.Fail($"There are no licences to reclaim: no {criteria.Describe()} holds a directly assigned licence{(p.TryGetValue("sku", out var part) ? $" of {SkuNames.Friendly(part)}" : string.Empty)}.");
        }

        var frees = found.SelectMany(u => criteria.Removable(u)).GroupBy(id => id, StringComparer.OrdinalIgnoreCase)
            .Select(g => $"{skus.FirstOrDefault(s => string.Equals(s.SkuId, g.Key, StringComparison.OrdinalIgnoreCase))?.SkuPartNumber ?? g.Key}:{g.Count()}");
        p["frees"] = string.Join(",", frees);
        return StepPlan.Ok(planning.Step() with { Targets = [.. found.Select(u => new TargetRef(u.Id, u.UserPrincipalName, u.DisplayName))] });
    }

    public override string Describe(PlannedStep step, bool self)
    {
        ArgumentNullException.ThrowIfNull(step);
        var criteria = Criteria.Of(step.Parameters);
        var frees = step.Parameters.GetValueOrDefault("frees", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.Split(':')).Select(f => $"{f[1]} {SkuNames.Friendly(f[0])}");
        return $"Reclaim licences from {step.Targets.Count} {criteria.Describe(plural: step.Targets.Count != 1)}, freeing {string.Join(", ", frees)}{StepExecution.List(step.Targets.Select(t => t.UserPrincipalName))}";
    }

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var directory = execution.Directory;
        var criteria = Criteria.Of(step.Parameters);

        // Many accounts: one filtered listing (a few pages) beats reading each; a short list is read per account.
        var current = step.Targets.Count >= 2 * GraphBatcher.MaxBatchSize
            ? await CandidatesAsync(directory, criteria, cancellationToken, keepEmpty: true)
            : await directory.GetLicensedUsersAsync([.. step.Targets.Select(t => t.Id)], cancellationToken: cancellationToken, withSignIn: criteria.Reason == Inactive);
        var byId = current.GroupBy(u => u.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

        var items = new Dictionary<string, StepItemResult>(StringComparer.OrdinalIgnoreCase);
        var changes = new List<LicenseChange>();
        foreach (var t in step.Targets.DistinctBy(t => t.Id, StringComparer.OrdinalIgnoreCase))
        {
            if (!byId.TryGetValue(t.Id, out var u) || !criteria.Matches(u))
            {
                items[t.Id] = new StepItemResult(t.UserPrincipalName, "skipped", $"no longer a {criteria.Describe()}; left alone");
                continue;
            }

            var remove = criteria.Removable(u);
            if (remove.Count == 0)
            {
                items[t.Id] = new StepItemResult(t.UserPrincipalName, "already_reclaimed", "no directly assigned licence left to remove");
                continue;
            }

            changes.Add(new LicenseChange(u.Id, [], remove));
        }

        var refused = changes.Count == 0 ? [] : await LicenseSteps.ApplyAsync(directory, changes, [], cancellationToken);
        var skus = await directory.ListSkusAsync(cancellationToken);
        var namer = LicenseSteps.Namer(skus);
        var freed = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in changes)
        {
            var t = step.Targets.First(x => string.Equals(x.Id, c.UserId, StringComparison.OrdinalIgnoreCase));
            if (refused.TryGetValue(c.UserId, out var why))
            {
                items[t.Id] = new StepItemResult(t.UserPrincipalName, "failed", LicenseErrors.Explain(why, t.DisplayName, namer));
                continue;
            }

            c.Remove.ToList().ForEach(id => freed[id] = freed.GetValueOrDefault(id) + 1);
            items[t.Id] = new StepItemResult(t.UserPrincipalName, "reclaimed", $"removed {string.Join(", ", c.Remove.Select(namer))}");
        }

        var all = step.Targets.DistinctBy(t => t.Id, StringComparer.OrdinalIgnoreCase).Select(t => items[t.Id]).ToList();
        var seats = freed.Values.Sum();
        var perSku = freed.Count == 0 ? "none" : string.Join(", ", freed.Select(f => $"{f.Value} {namer(f.Key)}"));
        var message = $"Reclaimed {seats} seat(s) from {all.Count(i => i.Status == "reclaimed")} account(s) ({perSku}); " +
                      $"{all.Count(i => i.Status == "already_reclaimed")} already done, {all.Count(i => i.Status == "skipped")} skipped, {all.Count(i => i.Status == "failed")} failed" +
                      StepExecution.List(all.Where(i => i.Status is "failed" or "skipped").Select(i => $"{i.Target}: {i.Message}"));
        var failedAll = all.Count > 0 && all.All(i => i.Status == "failed");
        return new StepOutcome(step.Index, failedAll ? StepStatus.Failed : StepStatus.Succeeded, message, all);
    }

    /// <summary>The accounts the criteria select that hold something to remove (or all of them with <paramref name="keepEmpty"/>).</summary>
    internal static async Task<IReadOnlyList<LicensedUser>> CandidatesAsync(DirectoryService directory, Criteria criteria, CancellationToken ct, bool keepEmpty = false)
    {
        var users = criteria.Reason == Inactive
            ? await directory.ListLicensedUsersAsync($"signInActivity/lastSignInDateTime le {criteria.Cutoff:yyyy-MM-dd}T00:00:00Z", withSignIn: true, ct)
            : await directory.ListLicensedUsersAsync(
                criteria.Department is null ? "accountEnabled eq false" : $"accountEnabled eq false and department eq {ODataText.Quote(criteria.Department)}", withSignIn: false, ct);
        return [.. users.Where(u => criteria.Matches(u) && (keepEmpty || criteria.Removable(u).Count > 0))];
    }

    /// <summary>What selects an account and which of its licences go, from the step's parameters.</summary>
    internal sealed record Criteria(string Reason, DateTimeOffset? Cutoff, string? Department, string? SkuId)
    {
        public static Criteria Of(IReadOnlyDictionary<string, string> p) => new(
            p.GetValueOrDefault("reason") ?? Disabled,
            p.TryGetValue("cutoff", out var c) ? DateTimeOffset.ParseExact(c, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null,
            p.GetValueOrDefault("department"),
            p.GetValueOrDefault("skuId"));

        public bool Matches(LicensedUser u)
            => (Reason == Inactive ? u.LastSignIn is { } last && last <= Cutoff : !u.AccountEnabled)
               && (Department is null || string.Equals(u.Department, Department, StringComparison.OrdinalIgnoreCase));

        /// <summary>Direct licences only (a group's licence goes with the group), limited to the SKU when one was named.</summary>
        public IReadOnlyList<string> Removable(LicensedUser u)
            => [.. u.Licenses.Where(l => l.Direct && (SkuId is null || string.Equals(l.SkuId, SkuId, StringComparison.OrdinalIgnoreCase))).Select(l => l.SkuId)];

        public string Describe(bool plural = false)
        {
            var who = Reason == Inactive ? $"account{(plural ? "s" : string.Empty)} without a sign-in since {Cutoff:yyyy-MM-dd}" : plural ? "disabled accounts" : "disabled account";
            return Department is null ? who : $"{who} in {Department}";
        }
    }
}
