using Dex.Core.Directory;
using Dex.Core.Requests;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.MfaReset;

/// <summary>mfa_reset: removes every MFA method (keeping the password) so the user registers again; never for privileged admins.</summary>
public sealed class MfaResetAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.MfaReset,
        Description = "Reset MFA methods so the user can register again (new phone, authenticator).",
        PrivilegedTarget = PrivilegedTargetRule.Never,
    };

    public override async Task<string?> ObserveAsync(StepPlanning planning, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planning);
        ArgumentNullException.ThrowIfNull(step);
        if (step.Target is null)
        {
            return null;
        }

        var methods = await planning.Directory.GetAuthenticationMethodsAsync(step.Target.Id, cancellationToken);
        var removable = methods.Where(m => m.Type != AuthMethodTypes.Password).Select(m => AuthMethodTypes.Describe(m.Type)).ToList();
        return removable.Count == 0 ? "No MFA methods are registered." : "Registered: " + string.Join(", ", removable) + ".";
    }

    public override string Describe(PlannedStep step, bool self)
        => self
            ? "Remove every one of your MFA methods, keeping your password, and end your sign-in sessions so you can register your new device"
            : $"Remove every MFA method of {Who(step, self)}, keeping the password, and end their sign-in sessions so they register again";

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var target = StepExecution.RequireTarget(step);
        var result = await execution.Directory.ResetMfaAsync(target.Id, cancellationToken);
        var removed = result.RemovedMethods.Count == 0
            ? "no MFA methods were registered"
            : "removed " + string.Join(", ", result.RemovedMethods.Select(AuthMethodTypes.Describe));
        return StepExecution.Ok(step, $"MFA reset for {execution.Name(target)}: {removed}; signed out of all sessions. At next sign-in they will be asked to set up the authenticator again.");
    }
}
