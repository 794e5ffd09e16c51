using Dex.Core.Actions;
using Dex.Core.Requests;

namespace Dex.Core.Grants;

/// <summary>Planning helpers for actions about a live grant (extend, end): which grant the request means.</summary>
public static class GrantLookup
{
    public const string GrantIdKey = "grantId";

    /// <summary>
    /// The target's live grant for the step's group or app, or (none named) their only live grant. The step comes back
    /// with the group set and the grant's id in its parameters; otherwise the problem in words.
    /// </summary>
    public static async Task<(PlannedStep? Step, GrantRecord? Grant, string? Problem)> FindAsync(StepPlanning planning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planning);
        var target = planning.Draft.Target;
        if (target is null)
        {
            return (null, null, "Say whose temporary access you mean.");
        }

        var live = (await planning.Grants.ListOpenAsync(target.Id, cancellationToken: cancellationToken)).Where(g => g.IsLive).ToList();
        var whose = string.Equals(target.Id, planning.Requester.Id, StringComparison.OrdinalIgnoreCase) ? "You have" : $"{target.DisplayName} has";
        GroupRef? group = null;
        if (planning.Parameters.ContainsKey("group") || planning.Parameters.ContainsKey("app"))
        {
            var resolved = await planning.ResolveGroupAsync(allowApp: true, cancellationToken);
            if (resolved.Step is null)
            {
                return (null, null, resolved.Problem);
            }

            group = resolved.Step.Group!;
            live = [.. live.Where(g => string.Equals(g.ResourceId, group.Id, StringComparison.OrdinalIgnoreCase))];
            if (live.Count == 0)
            {
                return (null, null, $"{whose} no temporary access to \"{group.DisplayName}\".");
            }
        }

        switch (live.Count)
        {
            case 0:
                return (null, null, $"{whose} no temporary access right now.");
            case > 1 when group is null:
                return (null, null, $"{whose} several temporary accesses ({string.Join(", ", live.Select(g => $"\"{g.ResourceName}\""))}); say which one.");
        }

        // Of two live grants of the same access, the one that ends last is the one that matters.
        var grant = live.OrderByDescending(g => g.EndsAt).First();
        group ??= new GroupRef(grant.ResourceId, grant.ResourceName, grant.ResourceKind)
        {
            Protected = planning.Policy.ProtectedGroups.Contains(grant.ResourceName, StringComparer.OrdinalIgnoreCase),
        };
        planning.Parameters.Remove("group");
        planning.Parameters.Remove("app");
        planning.Parameters[GrantIdKey] = grant.Id;
        planning.Parameters[GrantStep.TimeZoneKey] = grant.TimeZone;
        return (planning.Step(group), grant, null);
    }
}
