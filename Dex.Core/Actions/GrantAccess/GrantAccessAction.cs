using Dex.Core.Grants;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.GrantAccess;

/// <summary>grant_access: adds a user to a security or Microsoft 365 group, or assigns an enterprise app. Never a directory role.</summary>
public sealed class GrantAccessAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.GrantAccess,
        Description = "Add a user to a security group or Microsoft 365 group (group), or to an enterprise app (app). Never a directory role.",
        Parameters =
        [
            new("group", "Group display name as written, without quotes."),
            new("app", "Enterprise app name as written."),
            new(GrantStep.DurationKey, "For how long, as written (\"for 8 hours\", \"until Friday 17:00\", \"for the rest of the day\"); omit when no time limit was asked."),
        ],
    };

    public override string? Validate(IntendedStep step) => ValidateGroup(step, allowApp: true);

    public override async Task<StepPlan> PlanAsync(StepPlanning planning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planning);
        var resolved = await planning.ResolveGroupAsync(allowApp: true, cancellationToken);
        if (resolved.Step is not { } step)
        {
            return resolved;
        }

        // Time-bound terms (the requester's duration, or the policy's default and cap) join the plan the approver sees.
        var problem = await GrantStep.ApplyAsync(planning, step, cancellationToken);
        return problem is null ? StepPlan.Ok(planning.Step(step.Group)) : StepPlan.Fail(problem);
    }

    public override Task<string?> ObserveAsync(StepPlanning planning, PlannedStep step, CancellationToken cancellationToken)
        => MembershipObservation.ObserveAsync(planning, step, cancellationToken);

    public override string Describe(PlannedStep step, bool self) => $"Add {Who(step, self)} to {GroupName(step)}{GrantStep.Describe(step)}";

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var target = StepExecution.RequireTarget(step);
        var group = StepExecution.RequireGroup(step);
        if (GrantStep.IsTimeBound(step))
        {
            return StepExecution.Ok(step, TimeBoundReply(execution, step, target, await execution.Grants.BeginAsync(execution.RequestId, step, execution.Requester, cancellationToken)));
        }

        var change = group.Kind == GroupKind.App
            ? await execution.Directory.AssignAppAsync(target.Id, group.Id, group.DisplayName, cancellationToken)
            : await execution.Directory.AddMemberAsync(group.Id, group.DisplayName, target.Id, cancellationToken);
        return StepExecution.Ok(step, $"{StepExecution.Capital(execution.Name(target))} {(execution.IsSelf(target) ? StepExecution.SelfVoice(change.Message) : change.Message)}.");
    }

    private static string TimeBoundReply(StepExecution execution, PlannedStep step, TargetRef target, GrantRecord grant)
    {
        var zone = GrantZones.Find(grant.TimeZone) ?? TimeZoneInfo.Utc;
        var who = StepExecution.Capital(execution.Name(target));
        var has = execution.IsSelf(target) ? "have" : "has";
        var kept = grant.PreExisting ? $" {who} already had this access, so it stays when the grant ends." : string.Empty;
        var utc = GrantStep.ZoneNote(step);
        return $"{who} {has} access to \"{grant.ResourceName}\" until {GrantDurations.Local(grant.EndsAt!.Value, zone)}; I'll remove it then.{kept}{utc}";
    }
}
