using Dex.Core.Directory;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using Dex.Core.Workflows;

namespace Dex.Core.Actions;

/// <summary>The shared shape of update_user and update_user_profile: validated fields, one PATCH, a reply naming what changed.</summary>
public abstract class FieldUpdateAction : DexAction
{
    public override string? Validate(IntendedStep step)
        => step is not null && step.Fields.Count == 0 ? $"{step.Action} needs at least one field" : null;

    public override Task<StepPlan> PlanAsync(StepPlanning planning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planning);
        if (planning.Fields.Count == 0)
        {
            return Task.FromResult(StepPlan.Fail("Say what to change, e.g. \"update my mobile number to +1 415 555 0123\"."));
        }

        var outside = OutsideScope(planning.Fields.Keys);
        if (outside is not null)
        {
            return Task.FromResult(StepPlan.Fail(outside));
        }

        var problem = planning.NormaliseFields(planning.TargetUser?.UsageLocation);
        return Task.FromResult(problem is null ? StepPlan.Ok(planning.Step()) : StepPlan.Fail(problem));
    }

    /// <summary>Why some of the fields are outside this action, or null.</summary>
    protected virtual string? OutsideScope(IEnumerable<string> fields) => null;

    public override string Describe(PlannedStep step, bool self)
        => self ? $"Set your {FieldList(step)}" : $"Set the {FieldList(step)} of {Who(step, self)}";

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var target = StepExecution.RequireTarget(step);
        await execution.Directory.UpdateUserAsync(target.Id, step.Fields, cancellationToken);
        var changed = string.Join(" and ", step.Fields.Select(f => $"{FieldValidation.Label(f.Key)} is now {f.Value}"));
        var whose = execution.IsSelf(target) ? "your profile" : $"the profile of {target.DisplayName} ({target.UserPrincipalName})";
        if (step.Fields.Keys.Any(k => k is "mobilePhone" or "businessPhones"))
        {
            await NotifyPhoneChangeAsync(execution, step, target, cancellationToken);
        }

        return StepExecution.Ok(step, $"Updated {whose}: {changed}.");
    }

    /// <summary>A phone number is a sign-in and recovery channel: the user and their manager hear of every change (a hijack shows).</summary>
    private static async Task NotifyPhoneChangeAsync(StepExecution execution, PlannedStep step, TargetRef target, CancellationToken ct)
    {
        if (execution.Notifier is not { } notifier)
        {
            return;
        }

        var manager = await execution.Directory.GetManagerAsync(target.Id, ct);
        var phones = string.Join(" and ", step.Fields.Where(f => f.Key is "mobilePhone" or "businessPhones").Select(f => $"{FieldValidation.Label(f.Key)} is now {f.Value}"));
        var by = execution.IsSelf(target) ? "you" : execution.Requester.UserPrincipalName;
        foreach (var (recipient, text) in new[]
        {
            (target.UserPrincipalName, $"Your phone number was changed by {by}: {phones}. If you did not expect this, tell your IT team now."),
            (manager?.UserPrincipalName, $"The phone number of {target.DisplayName} ({target.UserPrincipalName}) was changed by {(execution.IsSelf(target) ? "them" : by)}: {phones}."),
        })
        {
            if (recipient is null)
            {
                continue;
            }

            await notifier.SendAsync(
                new Notifications.Notification
                {
                    Id = $"{execution.RequestId}:phone-change:{step.Index}:{recipient.ToLowerInvariant()}",
                    Recipient = recipient,
                    Kind = "outcome",
                    RequestId = execution.RequestId,
                    Text = text,
                    At = DateTimeOffset.UtcNow,
                },
                ct);
        }
    }
}
