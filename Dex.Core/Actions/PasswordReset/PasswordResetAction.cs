using Dex.Core.Requests;
using Dex.Core.Secrets;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.PasswordReset;

/// <summary>password_reset: a strong generated password, changed at next sign-in, delivered out of band.</summary>
public sealed class PasswordResetAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.PasswordReset,
        Description = "Reset a password (strong generated password, change at next sign-in).",
        Parameters = [new("sendTo", "Who should receive the new password, only if said.")],
        PrivilegedTarget = PrivilegedTargetRule.CredentialAdminsOnly,
    };

    public override async Task<StepPlan> PlanAsync(StepPlanning planning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planning);
        var problem = await planning.ResolveRecipientAsync("sendTo", cancellationToken);
        return problem is null ? StepPlan.Ok(planning.Step()) : StepPlan.Fail(problem);
    }

    public override string Describe(PlannedStep step, bool self)
        => self
            ? "Reset your password to a strong generated one, to be changed at your next sign-in"
            : $"Reset the password of {Who(step, self)} to a strong generated one, to be changed at next sign-in";

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var target = StepExecution.RequireTarget(step);
        var recipient = step.Parameters.GetValueOrDefault("sendTo") ?? execution.Requester.UserPrincipalName;
        var password = PasswordGenerator.Generate();
        await execution.Directory.SetPasswordAsync(target.Id, password, cancellationToken);
        await execution.Credentials.DeliverAsync(execution.RequestId, step.Index, recipient, $"New password for {target.UserPrincipalName}", password, cancellationToken);
        return StepExecution.Ok(step, $"Reset the password of {execution.Name(target)}; it must be changed at next sign-in. A one-time link to the new password went to {execution.Whom(recipient)} (valid {CredentialDelivery.LinkLifetime.TotalHours:0} hours, one view).");
    }
}
