using Dex.Core.Grants;
using Dex.Core.Requests;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.ListGrants;

/// <summary>list_grants: a user's live temporary (time-bound) accesses, each with its end and the time left.</summary>
public sealed class ListGrantsAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.ListGrants,
        Description = "List a user's live temporary (time-bound) access to groups and apps, with the time left.",
        ReadOnly = true,
    };

    public override string Describe(PlannedStep step, bool self) => self ? "List your temporary access" : $"List the temporary access of {Who(step, self)}";

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var target = StepExecution.RequireTarget(step);
        var now = execution.Grants.Now;
        var live = (await execution.Grants.Store.ListOpenAsync(target.Id, cancellationToken: cancellationToken)).Where(g => g is { IsLive: true, EndsAt: not null }).ToList();
        var items = live.Select(g => new StepItemResult(g.ResourceName, "live", Left(g, now))).ToList();
        var whose = execution.IsSelf(target) ? "You have" : $"{target.DisplayName} has";
        return new StepOutcome(step.Index, StepStatus.Succeeded, items.Count == 0
            ? $"{whose} no temporary access right now."
            : $"{whose} {items.Count} temporary access{(items.Count == 1 ? string.Empty : "es")}{StepExecution.List(items.Select(i => $"{i.Target} ({i.Message})"))}", items);
    }

    /// <summary>"until Wed 2 Dec 2026 16:00 (UTC), 7 hours 59 minutes left".</summary>
    public static string Left(GrantRecord grant, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var zone = GrantZones.Find(grant.TimeZone) ?? TimeZoneInfo.Utc;
        var left = grant.EndsAt!.Value - now;
        return $"until {GrantDurations.Local(grant.EndsAt.Value, zone)}, {(left > TimeSpan.Zero ? GrantDurations.Describe(left) + " left" : "ending now")}";
    }
}
