using Dex.Core.Directory;
using Dex.Core.Licensing;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.RemoveLicense;

/// <summary>
/// remove_license: takes a directly assigned SKU from a user. A licence that only comes from a group cannot be removed
/// from the user (Graph refuses): planning says which group and offers removing the user from it instead.
/// </summary>
public sealed class RemoveLicenseAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.RemoveLicense,
        InternalParameters = new HashSet<string>(StringComparer.Ordinal) { "skuId" },
        Description = "Remove a directly assigned licence (sku, e.g. Visio, E5) from a user.",
        Parameters = [new("sku", "Licence name as written: E5, Visio, Power BI Pro...", Required: true)],
    };

    public override string? Validate(IntendedStep step)
        => step?.Parameters.ContainsKey("sku") == true ? null : "remove_license needs a licence (sku)";

    public override async Task<StepPlan> PlanAsync(StepPlanning planning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planning);
        if (planning.Draft.Target is not { } target)
        {
            return StepPlan.Fail("Say whose licence to remove, e.g. \"remove Visio from sarah@acme.com\".");
        }

        var (sku, stop) = await LicenseSteps.ResolveSkuAsync(planning, "sku", cancellationToken);
        if (sku is null)
        {
            return stop;
        }

        var user = await planning.Directory.GetLicensedUserAsync(target.Id, cancellationToken: cancellationToken);
        var held = user?.Find(sku.SkuId);
        if (held is null)
        {
            return StepPlan.Fail($"{target.DisplayName} ({target.UserPrincipalName}) does not have {sku.Label}.");
        }

        if (!held.Direct)
        {
            var groups = await planning.Directory.GetGroupNamesAsync(held.GroupIds, cancellationToken);
            var quoted = string.Join(" and ", groups.Select(g => $"\"{g}\""));
            return StepPlan.Fail(
                $"{target.DisplayName}'s {sku.Label} licence comes from the group {quoted}, and a group licence cannot be removed from one user. " +
                $"To take it away, remove them from the group: ask \"remove {target.UserPrincipalName} from {groups[0]}\".");
        }

        return StepPlan.Ok(planning.Step());
    }

    public override async Task<string?> ObserveAsync(StepPlanning planning, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planning);
        ArgumentNullException.ThrowIfNull(step);
        var user = await planning.Directory.GetLicensedUserAsync(StepExecution.RequireTarget(step).Id, cancellationToken: cancellationToken);
        if (user?.Find(step.Parameters["skuId"]) is { GroupIds.Count: > 0 } held)
        {
            var groups = await planning.Directory.GetGroupNamesAsync(held.GroupIds, cancellationToken);
            return $"The licence also comes from {string.Join(" and ", groups.Select(g => $"\"{g}\""))}; it stays until they leave that group.";
        }

        return null;
    }

    public override string Describe(PlannedStep step, bool self) => $"Remove {LicenseSteps.Friendly(step, "sku")} from {Who(step, self)}";

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var target = StepExecution.RequireTarget(step);
        var skuId = step.Parameters["skuId"];
        var name = LicenseSteps.Friendly(step, "sku");
        var who = execution.Name(target);
        var user = await execution.Directory.GetLicensedUserAsync(target.Id, cancellationToken: cancellationToken)
                   ?? throw new DirectoryException($"{target.UserPrincipalName} no longer exists.", 404);
        if (user.Find(skuId) is not { Direct: true })
        {
            // Done already (a retried step) or changed meanwhile: nothing to remove.
            return StepExecution.Ok(step, $"{StepExecution.Capital(who)} no longer had {name} assigned directly; nothing to remove.");
        }

        if (await execution.Directory.AssignLicenseAsync(new LicenseChange(target.Id, [], [skuId]), cancellationToken) is { } refused)
        {
            var skus = await execution.Directory.ListSkusAsync(cancellationToken);
            return new StepOutcome(step.Index, StepStatus.Failed, LicenseErrors.Explain(refused, StepExecution.Capital(who), LicenseSteps.Namer(skus)));
        }

        return StepExecution.Ok(step, $"Removed {name} from {who}; one seat freed.");
    }
}
