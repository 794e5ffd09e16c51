using Dex.Core.Directory;
using Dex.Core.Licensing;
using Dex.Core.Policy;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.SwapLicense;

/// <summary>swap_license: removes one SKU and adds another in one assignLicense call, touching no other SKU the user holds.</summary>
public sealed class SwapLicenseAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.SwapLicense,
        InternalParameters = new HashSet<string>(StringComparer.Ordinal) { "fromId", "toId" },
        Description = "Move a user from one licence to another in one change (from E3 to E5), leaving their other licences alone.",
        Parameters =
        [
            new("from", "The licence to take away, as written (e.g. E3).", Required: true),
            new("to", "The licence to give instead, as written (e.g. E5).", Required: true),
            new("disabledPlans", "Services of the new licence to leave off, comma-separated."),
            new("usageLocation", "Two-letter country code, only if the request gave one."),
        ],
    };

    public override string? Validate(IntendedStep step)
        => step?.Parameters.ContainsKey("from") == true && step.Parameters.ContainsKey("to") ? null : "swap_license needs the licence to remove (from) and the one to add (to)";

    public override async Task<StepPlan> PlanAsync(StepPlanning planning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planning);
        if (planning.Draft.Target is not { } target)
        {
            return StepPlan.Fail("Say whose licence to swap, e.g. \"move tom@acme.com from E3 to E5\".");
        }

        var (from, stopFrom) = await LicenseSteps.ResolveSkuAsync(planning, "from", cancellationToken);
        if (from is null)
        {
            return stopFrom;
        }

        var (to, stopTo) = await LicenseSteps.ResolveSkuAsync(planning, "to", cancellationToken);
        if (to is null)
        {
            return stopTo;
        }

        if (from.SkuId == to.SkuId)
        {
            return StepPlan.Fail($"That is the same licence ({to.Label}) twice.");
        }

        if (LicenseSteps.ResolveDisabledPlans(planning, to) is { } planProblem)
        {
            return StepPlan.Fail(planProblem);
        }

        var user = await planning.Directory.GetLicensedUserAsync(target.Id, cancellationToken: cancellationToken);
        if (user is null)
        {
            return StepPlan.Fail($"I couldn't read {target.UserPrincipalName}'s licences.");
        }

        var held = user.Find(from.SkuId);
        if (held is null && user.Find(to.SkuId) is null)
        {
            return StepPlan.Fail($"{target.DisplayName} ({target.UserPrincipalName}) does not have {from.Label}; assign {to.Label} instead.");
        }

        if (held is { Direct: false })
        {
            var groups = await planning.Directory.GetGroupNamesAsync(held.GroupIds, cancellationToken);
            return StepPlan.Fail($"{target.DisplayName}'s {from.Label} comes from the group \"{groups[0]}\", so it cannot be swapped on the user. Change the group's licence, or remove them from the group and assign {to.Label}.");
        }

        if (user.Find(to.SkuId) is null && to.Free < 1)
        {
            return StepPlan.Fail(LicenseErrors.NotEnough(to, 1));
        }

        return LicenseSteps.PlanUsageLocation(planning, [user]) is { } locationProblem ? StepPlan.Fail(locationProblem) : StepPlan.Ok(planning.Step());
    }

    public override string Describe(PlannedStep step, bool self)
        => $"Swap {LicenseSteps.Friendly(step, "from")} for {LicenseSteps.Friendly(step, "to")}{(step?.Parameters.TryGetValue("disabledPlanNames", out var n) == true ? $" without {n}" : string.Empty)} for {Who(step!, self)}";

    public override StepFacts PolicyFacts(PlannedStep step, RequesterContext requester)
    {
        ArgumentNullException.ThrowIfNull(step);
        return base.PolicyFacts(step, requester) with { Skus = step.Parameters.TryGetValue("to", out var to) ? [to] : [], Seats = 1 };
    }

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var target = StepExecution.RequireTarget(step);
        var (fromId, toId) = (step.Parameters["fromId"], step.Parameters["toId"]);
        var (fromName, toName) = (LicenseSteps.Friendly(step, "from"), LicenseSteps.Friendly(step, "to"));
        var who = execution.Name(target);
        var user = await execution.Directory.GetLicensedUserAsync(target.Id, cancellationToken: cancellationToken)
                   ?? throw new DirectoryException($"{target.UserPrincipalName} no longer exists.", 404);
        var hasFrom = user.Find(fromId) is { Direct: true };
        if (!hasFrom && user.Find(toId) is not null)
        {
            return StepExecution.Ok(step, $"{StepExecution.Capital(who)} already had {toName} instead of {fromName}.");
        }

        var locationSet = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(user.UsageLocation) && step.Parameters.TryGetValue("usageLocation", out var location))
        {
            await execution.Directory.SetUsageLocationAsync(user.Id, location, cancellationToken);
            locationSet.Add(user.Id);
        }

        // One call: Graph applies the removal and the addition together, so the user is never without a licence.
        var change = new LicenseChange(user.Id, [(toId, LicenseSteps.DisabledPlans(step))], hasFrom ? [fromId] : []);
        var refused = await LicenseSteps.ApplyAsync(execution.Directory, [change], locationSet, cancellationToken);
        if (refused.TryGetValue(user.Id, out var why))
        {
            var skus = await execution.Directory.ListSkusAsync(cancellationToken);
            return new StepOutcome(step.Index, StepStatus.Failed, LicenseErrors.Explain(why, StepExecution.Capital(who), LicenseSteps.Namer(skus)));
        }

        return StepExecution.Ok(step, $"{StepExecution.Capital(who)} moved from {fromName} to {toName}; other licences untouched.");
    }
}
