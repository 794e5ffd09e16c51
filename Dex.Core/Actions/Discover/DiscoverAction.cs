using Dex.Core.Requests;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.Discover;

/// <summary>discover: directory roles, groups, apps, licences and proposed approver groups.</summary>
public sealed class DiscoverAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.Discover,
        Description = "Discover directory roles, groups, enterprise apps, licences and proposed approver groups.",
        Target = ActionTarget.None,
        ReadOnly = true,
    };

    public override string Describe(PlannedStep step, bool self) => "Discover directory roles, groups, apps and licenses";

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var snapshot = await execution.Discovery.RunAsync(execution.Requester.UserPrincipalName, cancellationToken);
        return StepExecution.Ok(step, snapshot.Summary);
    }
}
