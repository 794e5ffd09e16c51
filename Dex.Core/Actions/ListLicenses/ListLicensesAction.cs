using Dex.Core.Licensing;
using Dex.Core.Requests;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.ListLicenses;

/// <summary>list_licenses: the tenant's user SKUs with friendly names and total / assigned / free seats, optionally one SKU and its service plans.</summary>
public sealed class ListLicensesAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.ListLicenses,
        Description = "List the tenant's licences (SKUs) with total, assigned and free seats; optionally one licence (sku) and its service plans (plans=true).",
        Target = ActionTarget.None,
        ReadOnly = true,
        Parameters =
        [
            new("sku", "Licence name as written (e.g. E5, Visio Plan 2), only if one was named."),
            new("plans", "\"true\" when the service plans inside the licence were asked for."),
        ],
    };

    public override async Task<StepPlan> PlanAsync(StepPlanning planning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planning);
        if (!planning.Parameters.TryGetValue("sku", out var named))
        {
            return StepPlan.Ok(planning.Step());
        }

        // "How many E3 licences are free?" with two E3s lists both rather than asking.
        var skus = (await planning.Directory.ListSkusAsync(cancellationToken)).Where(s => s.ForUsers).ToList();
        var match = SkuNames.Resolve(named, skus);
        if (match.Candidates.Count > 0)
        {
            planning.Parameters["sku"] = string.Join(",", match.Candidates.Select(c => c.SkuPartNumber));
            return StepPlan.Ok(planning.Step());
        }

        var (_, stop) = await LicenseSteps.ResolveSkuAsync(planning, "sku", cancellationToken);
        return stop;
    }

    public override string Describe(PlannedStep step, bool self)
        => step?.Parameters.TryGetValue("sku", out var sku) == true
            ? $"Show seats of {string.Join(" and ", sku.Split(',').Select(SkuNames.Friendly))}"
            : "Show the tenant's licences and free seats";

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var skus = (await execution.Directory.ListSkusAsync(cancellationToken)).Where(s => s.ForUsers).ToList();
        if (step.Parameters.TryGetValue("sku", out var wanted))
        {
            var parts = wanted.Split(',');
            skus = skus.Where(s => parts.Contains(s.SkuPartNumber, StringComparer.OrdinalIgnoreCase)).ToList();
        }

        var plans = step.Parameters.TryGetValue("plans", out var p) && p.Equals("true", StringComparison.OrdinalIgnoreCase);
        var items = skus.Select(s => new StepItemResult(s.SkuPartNumber, s.Free > 0 ? "free" : "full", Line(s, plans))).ToList();
        var message = items.Count == 0
            ? "This tenant has no user licences."
            : string.Join(" | ", items.Select(i => i.Message));
        return new StepOutcome(step.Index, StepStatus.Succeeded, message, items);
    }

    private static string Line(TenantSku s, bool plans)
    {
        var held = s.Suspended + s.LockedOut > 0 ? $" ({s.Suspended + s.LockedOut} suspended or locked out, not assignable)" : string.Empty;
        var line = $"{s.Label}: {s.Enabled} total, {s.Consumed} assigned, {s.Free} free{held}";
        return plans ? $"{line}; services: {string.Join(", ", s.Plans.Select(x => x.Name))}" : line;
    }
}
