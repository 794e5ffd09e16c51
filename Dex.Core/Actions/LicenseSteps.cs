using Dex.Core.Directory;
using Dex.Core.Licensing;
using Dex.Core.Requests;
using Dex.Core.Workflows;

namespace Dex.Core.Actions;

/// <summary>What the licence actions share: naming a SKU, usage locations, seat checks, and assignment with a bounded retry.</summary>
public static class LicenseSteps
{
    /// <summary>Delays between assignment attempts after a usage location was just set (Graph may not have replicated it yet).</summary>
    public static IReadOnlyList<TimeSpan> UsageLocationRetryDelays { get; } =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)];

    public const string ChoicePrefix = "sku:";

    /// <summary>
    /// Resolves the parameter <paramref name="key"/> (a friendly name, part number or id) to one of the tenant's user SKUs,
    /// writing the part number back and the id under <c>key + "Id"</c>. Ambiguity is a question with the options.
    /// </summary>
    public static async Task<(TenantSku? Sku, StepPlan Stop)> ResolveSkuAsync(StepPlanning planning, string key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(planning);
        if (!planning.Parameters.TryGetValue(key, out var raw) || string.IsNullOrWhiteSpace(raw))
        {
            return (null, StepPlan.Fail("Say which licence, e.g. \"E5\", \"Visio Plan 2\" or \"Power BI Pro\"."));
        }

        var skus = (await planning.Directory.ListSkusAsync(ct)).Where(s => s.ForUsers).ToList();
        var rawKey = ChoicePrefix + SkuNames.Normalise(raw);
        var match = planning.Choice(rawKey) is { } chosen && skus.Find(s => string.Equals(s.SkuId, chosen, StringComparison.OrdinalIgnoreCase)) is { } picked
            ? new SkuMatch(picked, [picked], null)
            : SkuNames.Resolve(raw, skus);
        if (match.Sku is { } sku)
        {
            planning.Parameters[key] = sku.SkuPartNumber;
            planning.Parameters[key + "Id"] = sku.SkuId;
            return (sku, default);
        }

        var have = string.Join(", ", skus.Select(s => s.Label));
        if (match.Ambiguous)
        {
            var options = match.Candidates
                .Select(c => new ClarificationChoice(c.SkuId, $"{c.Label}: {c.Free} free", c.SkuPartNumber, null, null, null))
                .ToList();
            return (null, StepPlan.Ask(new Clarification($"\"{raw.Trim()}\" could mean {options.Count} licences in this tenant. Which one do you mean?", options, rawKey)));
        }

        return (null, StepPlan.Fail(match.KnownName is not null
            ? $"This tenant has no {match.KnownName} subscription. It has: {have}."
            : $"I don't know a licence called \"{raw.Trim()}\". This tenant has: {have}."));
    }

    /// <summary>Turns the <c>disabledPlans</c> words ("Teams, Exchange") into the SKU's plan ids; null when fine, else why not.</summary>
    public static string? ResolveDisabledPlans(StepPlanning planning, TenantSku sku)
    {
        ArgumentNullException.ThrowIfNull(planning);
        ArgumentNullException.ThrowIfNull(sku);
        if (!planning.Parameters.TryGetValue("disabledPlans", out var raw) || string.IsNullOrWhiteSpace(raw))
        {
            planning.Parameters.Remove("disabledPlans");
            return null;
        }

        var ids = new List<string>();
        foreach (var word in raw.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).SelectMany(w => w.Split(" and ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var plans = SkuNames.Plans(word, sku);
            if (plans.Count == 0)
            {
                return $"{sku.Label} has no service called \"{word}\"; its services are {string.Join(", ", sku.Plans.Select(p => p.Name))}.";
            }

            ids.AddRange(plans.Select(p => p.Id));
        }

        planning.Parameters["disabledPlans"] = string.Join(",", ids.Distinct(StringComparer.OrdinalIgnoreCase));
        planning.Parameters["disabledPlanNames"] = string.Join(", ", sku.Plans.Where(p => ids.Contains(p.Id, StringComparer.OrdinalIgnoreCase)).Select(p => p.Name));
        return null;
    }

    /// <summary>
    /// Users without a usage location get the one the request named, else the policy's default; with neither, planning
    /// stops and asks for it. Null when fine.
    /// </summary>
    public static string? PlanUsageLocation(StepPlanning planning, IReadOnlyList<LicensedUser> users)
    {
        ArgumentNullException.ThrowIfNull(planning);
        ArgumentNullException.ThrowIfNull(users);
        planning.Parameters.TryGetValue("usageLocation", out var asked);
        if (asked is not null && UsageLocations.Normalise(asked) is null)
        {
            return $"\"{asked}\" is not a usage location; use a two-letter country code such as US, GB or IL.";
        }

        var missing = users.Where(u => string.IsNullOrWhiteSpace(u.UsageLocation)).ToList();
        if (missing.Count == 0)
        {
            planning.Parameters.Remove("usageLocation");
            return null;
        }

        var location = UsageLocations.Normalise(asked) ?? UsageLocations.Normalise(planning.Policy.Licenses.DefaultUsageLocation);
        if (location is null)
        {
            return LicenseErrors.NoUsageLocation(string.Join(", ", missing.Select(u => $"{u.DisplayName} ({u.UserPrincipalName})")));
        }

        planning.Parameters["usageLocation"] = location;
        return null;
    }

    public static IReadOnlyList<string> DisabledPlans(PlannedStep step)
        => step.Parameters.TryGetValue("disabledPlans", out var p) && p.Length > 0 ? p.Split(',') : [];

    public static string Friendly(PlannedStep step, string key)
        => step.Parameters.TryGetValue(key, out var part) ? SkuNames.Friendly(part) : "the licence";

    /// <summary>Names SKUs and plans found in Graph messages by their ids.</summary>
    public static Func<string, string> Namer(IReadOnlyList<TenantSku> skus) => id =>
        skus.FirstOrDefault(s => string.Equals(s.SkuId, id, StringComparison.OrdinalIgnoreCase))?.Label
        ?? skus.SelectMany(s => s.Plans).FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase))?.Name
        ?? id;

    public static IReadOnlyList<TargetRef> People(PlannedStep step) => step.Targets.Count > 0 ? step.Targets : [StepExecution.RequireTarget(step)];

    /// <summary>
    /// Applies licence changes (batched when several), first setting the usage location of users who lack one; a user
    /// whose assignment Graph refuses for a usage location that was just set is retried after a bounded backoff.
    /// Returns Graph's refusal message per user id (absent = done).
    /// </summary>
    public static async Task<Dictionary<string, string>> ApplyAsync(
        DirectoryService directory, IReadOnlyList<LicenseChange> changes, IReadOnlyCollection<string> locationSet, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(changes);
        var final = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var pending = changes.ToList();
        for (var attempt = 0; ; attempt++)
        {
            var refused = await OnceAsync(directory, pending, ct);
            foreach (var (id, message) in refused)
            {
                final[id] = message;
            }

            var again = pending.Where(c => refused.TryGetValue(c.UserId, out var m) && LicenseErrors.IsUsageLocation(m) && locationSet.Contains(c.UserId)).ToList();
            if (again.Count == 0 || attempt >= UsageLocationRetryDelays.Count)
            {
                return final;
            }

            again.ForEach(c => final.Remove(c.UserId));
            await Task.Delay(UsageLocationRetryDelays[attempt], ct);
            pending = again;
        }
    }

    private static async Task<Dictionary<string, string>> OnceAsync(DirectoryService directory, List<LicenseChange> pending, CancellationToken ct)
    {
        var refused = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (pending.Count == 1)
        {
            if (await directory.AssignLicenseAsync(pending[0], ct) is { } message)
            {
                refused[pending[0].UserId] = message;
            }

            return refused;
        }

        foreach (var r in await directory.AssignLicensesAsync(pending, cancellationToken: ct))
        {
            if ((int)r.Status is < 200 or >= 300)
            {
                refused[r.Key] = DirectoryService.BatchError(r);
            }
        }

        return refused;
    }
}
