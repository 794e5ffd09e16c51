using Dex.Core.Requests;

namespace Dex.Core.Actions;

/// <summary>Whether the target is in the step's group now (what grant and revoke show before acting).</summary>
public static class MembershipObservation
{
    public static async Task<string?> ObserveAsync(StepPlanning planning, PlannedStep step, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(planning);
        ArgumentNullException.ThrowIfNull(step);
        if (step.Target is null || step.Group is not { Kind: not GroupKind.App } g)
        {
            return null;
        }

        var member = await planning.Directory.IsMemberAsync(step.Target.Id, g.Id, ct);
        return member ? $"{step.Target.DisplayName} is currently a member." : $"{step.Target.DisplayName} is not currently a member.";
    }
}
