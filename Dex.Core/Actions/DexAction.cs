using Dex.Core.Policy;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using Dex.Core.Workflows;

namespace Dex.Core.Actions;

/// <summary>The defaults most actions share: no extra validation or preparation, no observation, standard policy facts.</summary>
public abstract class DexAction : IDexAction
{
    public abstract ActionEntry Entry { get; }

    public virtual string? Validate(IntendedStep step) => null;

    public virtual Task<StepPlan> PlanAsync(StepPlanning planning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planning);
        return Task.FromResult(StepPlan.Ok(planning.Step()));
    }

    public virtual Task<string?> ObserveAsync(StepPlanning planning, PlannedStep step, CancellationToken cancellationToken)
        => Task.FromResult<string?>(null);

    public abstract string Describe(PlannedStep step, bool self);

    public virtual StepFacts PolicyFacts(PlannedStep step, RequesterContext requester)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(requester);
        var hasTarget = step.Target is not null || step.Targets.Count > 0;
        var isSelf = step.Target is not null && step.Targets.Count == 0 && string.Equals(step.Target.Id, requester.Id, StringComparison.OrdinalIgnoreCase);
        return new StepFacts(step.Action, hasTarget, isSelf, step.TargetIsPrivileged, step.Group?.Protected ?? false, step.Group?.RoleAssignable ?? false)
        {
            PrivilegedTarget = Entry.PrivilegedTarget,
            PrivilegedTargets = step.PrivilegedTargets,
            CredentialRecipient = step.CredentialRecipient,
            CredentialRecipientIsOther = step.CredentialRecipientIsOther,
            ChangedFields = [.. step.Fields.Keys],
        };
    }

    public virtual bool Supersedes(PlannedStep mine, PlannedStep other) => false;

    public abstract Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken);

    /// <summary>"you (upn)" for the requester, else "Name (upn)".</summary>
    protected static string Who(PlannedStep s, bool self)
        => s.Target is null ? string.Empty : self ? $"you ({s.Target.UserPrincipalName})" : $"{s.Target.DisplayName} ({s.Target.UserPrincipalName})";

    protected static string GroupName(PlannedStep s) => s.Group is null ? string.Empty : $"\"{s.Group.DisplayName}\"";

    protected static string FieldList(PlannedStep s) => string.Join(" and ", s.Fields.Select(f => $"{Directory.FieldValidation.Label(f.Key)} to {f.Value}"));

    /// <summary>Group-taking actions: the group must be named and must not be a directory role.</summary>
    protected static string? ValidateGroup(IntendedStep step, bool allowApp)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (allowApp ? !step.Parameters.ContainsKey("group") && !step.Parameters.ContainsKey("app") : !step.Parameters.ContainsKey("group"))
        {
            return allowApp ? $"{step.Action} needs a group or an app" : $"{step.Action} needs a group";
        }

        return step.Parameters.Where(p => p.Key is "group" or "app").Any(p => CatalogueRules.LooksLikeDirectoryRole(p.Value))
            ? "a directory role is not a group; Dex never assigns roles"
            : null;
    }
}
