using Dex.Core.Directory;
using Dex.Core.Licensing;
using Dex.Core.Policy;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.AssignLicense;

/// <summary>
/// assign_license: one SKU to one or more users (batched), optionally with services turned off. Users without a usage
/// location get one first (from the request or the policy's default). Free seats are checked before anything runs.
/// </summary>
public sealed class AssignLicenseAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.AssignLicense,
        InternalParameters = new HashSet<string>(StringComparer.Ordinal) { "skuId" },
        Description = "Assign a licence (sku, e.g. E5, Visio Plan 2) to a user, or to several (targets). Optional services to leave off (disabledPlans, e.g. Teams) and a two-letter usageLocation.",
        Target = ActionTarget.PersonOrList,
        Parameters =
        [
            new("sku", "Licence name as written: E5, Microsoft 365 E3, Visio Plan 2, Power BI Pro...", Required: true),
            new("disabledPlans", "Services to leave off, comma-separated, as written (e.g. Teams)."),
            new("usageLocation", "Two-letter country code, only if the request gave one."),
        ],
    };

    public override string? Validate(IntendedStep step)
        => step?.Parameters.ContainsKey("sku") == true ? null : "assign_license needs a licence (sku)";

    public override async Task<StepPlan> PlanAsync(StepPlanning planning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planning);
        var draft = planning.Draft;
        if (draft.Target is null && draft.Targets.Count == 0)
        {
            return StepPlan.Fail("Say who gets the licence, e.g. \"assign E5 to tom@acme.com\".");
        }

        var (sku, stop) = await LicenseSteps.ResolveSkuAsync(planning, "sku", cancellationToken);
        if (sku is null)
        {
            return stop;
        }

        if (LicenseSteps.ResolveDisabledPlans(planning, sku) is { } planProblem)
        {
            return StepPlan.Fail(planProblem);
        }

        var people = draft.Targets.Count > 0 ? draft.Targets : [draft.Target!];
        var users = await planning.Directory.GetLicensedUsersAsync([.. people.Select(p => p.Id)], cancellationToken: cancellationToken);
        var needed = users.Count(u => u.Find(sku.SkuId) is null);
        if (needed > sku.Free)
        {
            return StepPlan.Fail(LicenseErrors.NotEnough(sku, needed));
        }

        if (LicenseSteps.PlanUsageLocation(planning, [.. users.Where(u => u.Find(sku.SkuId) is null)]) is { } locationProblem)
        {
            return StepPlan.Fail(locationProblem);
        }

        return StepPlan.Ok(planning.Step());
    }

    public override async Task<string?> ObserveAsync(StepPlanning planning, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planning);
        ArgumentNullException.ThrowIfNull(step);
        var users = await planning.Directory.GetLicensedUsersAsync([.. LicenseSteps.People(step).Select(p => p.Id)], cancellationToken: cancellationToken);
        var holding = users.Where(u => u.Find(step.Parameters["skuId"]) is not null).Select(u => u.UserPrincipalName).ToList();
        return holding.Count == 0 ? null : $"Already holding {LicenseSteps.Friendly(step, "sku")}: {string.Join(", ", holding)}.";
    }

    public override string Describe(PlannedStep step, bool self)
    {
        ArgumentNullException.ThrowIfNull(step);
        var sku = LicenseSteps.Friendly(step, "sku");
        var without = step.Parameters.TryGetValue("disabledPlanNames", out var names) ? $" without {names}" : string.Empty;
        var location = step.Parameters.TryGetValue("usageLocation", out var loc) ? $" (usage location {loc} where none is set)" : string.Empty;
        return step.Targets.Count > 0
            ? $"Assign {sku}{without} to {step.Targets.Count} user(s): {string.Join(", ", step.Targets.Select(t => t.UserPrincipalName))}{location}"
            : $"Assign {sku}{without} to {Who(step, self)}{location}";
    }

    public override StepFacts PolicyFacts(PlannedStep step, RequesterContext requester)
    {
        ArgumentNullException.ThrowIfNull(step);
        return base.PolicyFacts(step, requester) with
        {
            Skus = step.Parameters.TryGetValue("sku", out var sku) ? [sku] : [],
            Seats = step.Targets.Count > 0 ? step.Targets.Count : step.Target is null ? 0 : 1,
        };
    }

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var directory = execution.Directory;
        var skuId = step.Parameters["skuId"];
        var disabled = LicenseSteps.DisabledPlans(step);
        var skus = await directory.ListSkusAsync(cancellationToken);
        var sku = skus.FirstOrDefault(s => string.Equals(s.SkuId, skuId, StringComparison.OrdinalIgnoreCase))
                  ?? throw new DirectoryException($"The tenant no longer has {LicenseSteps.Friendly(step, "sku")}.", 400);
        var users = await directory.GetLicensedUsersAsync([.. LicenseSteps.People(step).Select(p => p.Id)], cancellationToken: cancellationToken);

        // A retried step converges: whoever already holds the SKU with the same services is left alone.
        var items = new Dictionary<string, StepItemResult>(StringComparer.OrdinalIgnoreCase);
        var todo = new List<LicensedUser>();
        foreach (var u in users)
        {
            var held = u.Find(skuId);
            if (held is not null && (!held.Direct && held.GroupIds.Count > 0 || held.DisabledPlans.Order().SequenceEqual(disabled.Order(), StringComparer.OrdinalIgnoreCase)))
            {
                items[u.Id] = new StepItemResult(u.UserPrincipalName, "already_assigned", $"already has {sku.Label}");
            }
            else
            {
                todo.Add(u);
            }
        }

        var needed = todo.Count(u => u.Find(skuId) is null);
        if (needed > sku.Free)
        {
            return Fail(step, LicenseErrors.NotEnough(sku, needed), items.Values);
        }

        var locationSet = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var u in todo.Where(u => string.IsNullOrWhiteSpace(u.UsageLocation)))
        {
            if (!step.Parameters.TryGetValue("usageLocation", out var location))
            {
                items[u.Id] = new StepItemResult(u.UserPrincipalName, "failed", LicenseErrors.NoUsageLocation(u.UserPrincipalName));
                continue;
            }

            await directory.SetUsageLocationAsync(u.Id, location, cancellationToken);
            locationSet.Add(u.Id);
        }

        var changes = todo.Where(u => !items.ContainsKey(u.Id)).Select(u => new LicenseChange(u.Id, [(skuId, disabled)], [])).ToList();
        var refused = changes.Count == 0 ? [] : await LicenseSteps.ApplyAsync(directory, changes, locationSet, cancellationToken);
        if (refused.Values.Any(m => m.Contains("available licenses", StringComparison.OrdinalIgnoreCase)))
        {
            // Someone else took the last seats meanwhile: say how many are left now.
            sku = (await directory.ListSkusAsync(cancellationToken)).FirstOrDefault(s => s.SkuId == sku.SkuId) ?? sku;
        }

        var namer = LicenseSteps.Namer(skus);
        foreach (var c in changes)
        {
            var u = todo.First(x => x.Id == c.UserId);
            items[u.Id] = refused.TryGetValue(u.Id, out var why)
                ? new StepItemResult(u.UserPrincipalName, "failed", LicenseErrors.Explain(why, u.DisplayName, namer))
                : new StepItemResult(u.UserPrincipalName, "assigned", locationSet.Contains(u.Id) ? $"assigned {sku.Label} (usage location set to {step.Parameters["usageLocation"]})" : $"assigned {sku.Label}");
        }

        var all = users.Select(u => items[u.Id]).ToList();
        var failed = all.Count(i => i.Status == "failed");
        var summary = all.Count == 1
            ? Sentence(all[0], execution, step)
            : $"{sku.Label}: {all.Count(i => i.Status == "assigned")} assigned, {all.Count(i => i.Status == "already_assigned")} already had it, {failed} failed{StepExecution.List(all.Where(i => i.Status == "failed").Select(i => $"{i.Target}: {i.Message}"))}";
        var after = (await directory.ListSkusAsync(cancellationToken)).FirstOrDefault(s => s.SkuId == sku.SkuId);
        if (after is not null)
        {
            summary += $" {after.Free} {after.Label} seat(s) left.";
        }

        return new StepOutcome(step.Index, failed == all.Count ? StepStatus.Failed : StepStatus.Succeeded, summary.Trim(), all);
    }

    private static string Sentence(StepItemResult item, StepExecution execution, PlannedStep step)
        => item.Status == "failed"
            ? item.Message
            : $"{StepExecution.Capital(execution.Name(LicenseSteps.People(step)[0]))} {(item.Status == "already_assigned" ? (execution.IsSelf(LicenseSteps.People(step)[0]) ? "already have" : "already had") : (execution.IsSelf(LicenseSteps.People(step)[0]) ? "now have" : "now has"))} {LicenseSteps.Friendly(step, "sku")}.";

    private static StepOutcome Fail(PlannedStep step, string message, IEnumerable<StepItemResult> items)
        => new(step.Index, StepStatus.Failed, message, [.. items]);
}
