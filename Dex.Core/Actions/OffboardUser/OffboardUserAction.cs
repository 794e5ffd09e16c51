using Dex.Core.Directory;
using Dex.Core.Notifications;
using Dex.Core.Requests;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.OffboardUser;

/// <summary>
/// offboard_user: the leaver process. Planning reads the whole blast radius from the directory; execution runs it as
/// ordered sub-steps, each reading the current state first, so a retried step (after a crash or a Graph fault) skips
/// what is already done and does nothing twice.
/// </summary>
public sealed class OffboardUserAction : DexAction
{
    public const string DeleteAfterDaysKey = "deleteAfterDays";

    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.OffboardUser,
        Description = "Offboard a leaver: disable sign-in, revoke sessions, remove from every group (dynamic ones skipped), remove app role assignments and direct licences, end live temporary access, notify the manager.",
        InternalParameters = new HashSet<string>(StringComparer.Ordinal) { OffboardingRadius.Key },
        Parameters = [new ActionParameter(DeleteAfterDaysKey, "Delete the account this many days after offboarding (cancellable until then); omit for the policy's default.")],
        PrivilegedTarget = PrivilegedTargetRule.CredentialAdminsOnly,
    };

    public override async Task<StepPlan> PlanAsync(StepPlanning planning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planning);
        var target = planning.Draft.Target;
        if (target is null)
        {
            return StepPlan.Fail("Say who is leaving, e.g. \"offboard tom@acme.com\".");
        }

        if (string.Equals(target.Id, planning.Requester.Id, StringComparison.OrdinalIgnoreCase))
        {
            return StepPlan.Fail("You can't offboard yourself; ask an administrator.");
        }

        // The delete window: the request's own ("... and delete the account after 30 days"), else the policy's default.
        double? days = planning.Policy.Offboarding?.DeleteAfterDays;
        if (planning.Parameters.GetValueOrDefault(DeleteAfterDaysKey) is { Length: > 0 } asked)
        {
            days = double.TryParse(asked, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1;
        }

        if (days is { } d && (d <= 0 || d > 365))
        {
            return StepPlan.Fail("The account can be deleted 1 to 365 days after offboarding; say e.g. \"and delete the account after 30 days\".");
        }

        var directory = planning.Directory;
        var memberships = await directory.GetDirectGroupsAsync(target.Id, cancellationToken);
        var apps = await directory.GetAppAssignmentsAsync(target.Id, cancellationToken);
        var licensed = await directory.GetLicensedUserAsync(target.Id, cancellationToken: cancellationToken);
        var licences = licensed?.Licenses ?? [];
        var skus = licences.Count == 0 ? [] : await directory.ListSkusAsync(cancellationToken);
        string Label(string skuId) => skus.FirstOrDefault(s => string.Equals(s.SkuId, skuId, StringComparison.OrdinalIgnoreCase))?.Label ?? skuId;
        var grants = (await planning.Grants.ListOpenAsync(target.Id, cancellationToken: cancellationToken)).Where(g => g.IsLive).ToList();
        var manager = await directory.GetManagerAsync(target.Id, cancellationToken);

        var radius = new OffboardingRadius
        {
            AccountEnabled = licensed?.AccountEnabled ?? planning.TargetUser?.AccountEnabled ?? true,
            // Whole seconds: Graph reports signInSessionsValidFromDateTime to the second.
            PlannedAt = new DateTimeOffset(planning.Time.GetUtcNow().UtcTicks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero),
            Groups = [.. memberships.Where(m => !m.Dynamic).Select(m => new RadiusItem(m.Id, m.DisplayName))],
            DynamicGroups = [.. memberships.Where(m => m.Dynamic).Select(m => new RadiusItem(m.Id, m.DisplayName))],
            Apps = [.. apps.Select(a => new RadiusItem(a.Id, a.ResourceName))],
            DirectLicences = [.. licences.Where(l => l.Direct).Select(l => new RadiusItem(l.SkuId, Label(l.SkuId)))],
            InheritedLicences = [.. licences.Where(l => !l.Direct).Select(l => new RadiusItem(l.SkuId, Label(l.SkuId)))],
            Grants = [.. grants.Select(g => new RadiusItem(g.Id, g.ResourceName))],
            GrantResources = [.. grants.Select(g => g.ResourceId)],
            ManagerUpn = manager?.UserPrincipalName,
            ManagerName = manager?.DisplayName,
            DeleteAfter = days is { } window ? TimeSpan.FromDays(window) : null,
        };
        planning.Parameters[OffboardingRadius.Key] = radius.Serialize();
        return StepPlan.Ok(planning.Step());
    }

    public override string Describe(PlannedStep step, bool self)
    {
        ArgumentNullException.ThrowIfNull(step);
        var who = Who(step, self);
        return step.Parameters.ContainsKey(OffboardingRadius.Key) ? OffboardingRadius.Of(step).Describe(who) : $"Offboard {who}";
    }

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var target = StepExecution.RequireTarget(step);
        var radius = OffboardingRadius.Of(step);
        var directory = execution.Directory;
        var items = new List<StepItemResult>();

        // 1. Sign-in first, so nothing new can start while the rest is removed.
        var signIn = await directory.GetSignInStateAsync(target.Id, cancellationToken);
        if (signIn.AccountEnabled)
        {
            await directory.DisableAccountAsync(target.Id, cancellationToken);
            items.Add(Done("sign-in", "sign-in disabled"));
        }
        else
        {
            items.Add(Already("sign-in", "sign-in was already disabled"));
        }

        // 2. Sessions valid only from after planning means this step already revoked them.
        if (signIn.SessionsValidFrom is { } from && from >= radius.PlannedAt)
        {
            items.Add(Already("sessions", "sign-in sessions were already revoked"));
        }
        else
        {
            await directory.RevokeSessionsAsync(target.Id, cancellationToken);
            items.Add(Done("sessions", "sign-in sessions revoked"));
        }

        // 3. Live grants end as removals (closing is idempotent), so their timers find nothing left to do.
        for (var i = 0; i < radius.Grants.Count; i++)
        {
            var closed = await execution.Grants.CloseForRemovalAsync(target.Id, radius.GrantResources[i], execution.RequestId, cancellationToken);
            var name = radius.Grants[i].Name;
            items.Add(closed > 0 ? Done($"grant {name}", $"temporary access to \"{name}\" ended") : Already($"grant {name}", $"temporary access to \"{name}\" had already ended"));
        }

        // 4. Group memberships: a membership already gone is success.
        foreach (var g in radius.Groups)
        {
            var change = await directory.RemoveMemberAsync(g.Id, g.Name, target.Id, cancellationToken);
            items.Add(change.Changed ? Done($"group {g.Name}", $"removed from \"{g.Name}\"") : Already($"group {g.Name}", $"was not a member of \"{g.Name}\""));
        }

        foreach (var g in radius.DynamicGroups)
        {
            items.Add(new StepItemResult($"group {g.Name}", "skipped", $"\"{g.Name}\" is dynamic: its rule decides membership"));
        }

        // 5. App role assignments.
        foreach (var a in radius.Apps)
        {
            var removed = await directory.RemoveAppAssignmentAsync(target.Id, a.Id, cancellationToken);
            items.Add(removed ? Done($"app {a.Name}", $"app role assignment to \"{a.Name}\" removed") : Already($"app {a.Name}", $"app role assignment to \"{a.Name}\" was already gone"));
        }

        // 6. Direct licences still held directly (re-read: a retry must not ask Graph to remove what is gone).
        if (radius.DirectLicences.Count > 0)
        {
            items.AddRange(await RemoveLicencesAsync(directory, target.Id, radius.DirectLicences, cancellationToken));
        }

        // 7. The manager: the notification id is stable, so a re-send is the same message.
        if (radius.ManagerUpn is { } manager && execution.Notifier is { } notifier)
        {
            await notifier.SendAsync(new Notification
            {
                Id = $"{execution.RequestId}:offboard:{target.Id}:manager",
                Recipient = manager,
                Kind = "outcome",
                RequestId = execution.RequestId,
                Text = $"{target.DisplayName} ({target.UserPrincipalName}) has been offboarded by {execution.Requester.UserPrincipalName}: sign-in disabled, sessions revoked, group memberships, app access and direct licences removed.",
                At = execution.Grants.Now,
            }, cancellationToken);
            items.Add(Done("manager", $"manager {manager} notified"));
        }

        var failed = items.Where(i => i.Status == "failed").ToList();
        var changed = items.Count(i => i.Status == "done");
        var message = $"Offboarded {execution.Name(target)}: {changed} change{(changed == 1 ? string.Empty : "s")} made, {items.Count(i => i.Status == "already")} already done"
            + (radius.DynamicGroups.Count > 0 ? $", {radius.DynamicGroups.Count} dynamic group(s) skipped" : string.Empty)
            + (failed.Count > 0 ? $"; not done: {string.Join("; ", failed.Select(f => f.Message))}" : string.Empty) + ".";
        return new StepOutcome(step.Index, failed.Count > 0 ? StepStatus.Failed : StepStatus.Succeeded, message, items);
    }

    internal static async Task<IReadOnlyList<StepItemResult>> RemoveLicencesAsync(DirectoryService directory, string userId, IReadOnlyList<RadiusItem> planned, CancellationToken ct)
    {
        var now = await directory.GetLicensedUserAsync(userId, cancellationToken: ct);
        var held = planned.Where(l => now?.Find(l.Id) is { Direct: true }).ToList();
        var results = planned.Where(l => !held.Contains(l)).Select(l => Already($"licence {l.Name}", $"licence {l.Name} was already removed")).ToList();
        if (held.Count == 0)
        {
            return results;
        }

        var refused = await directory.AssignLicenseAsync(new LicenseChange(userId, [], [.. held.Select(l => l.Id)]), ct);
        results.AddRange(held.Select(l => refused is null
            ? Done($"licence {l.Name}", $"licence {l.Name} removed")
            : new StepItemResult($"licence {l.Name}", "failed", $"licence {l.Name} not removed: {refused}")));
        return results;
    }

    private static StepItemResult Done(string what, string message) => new(what, "done", message);

    private static StepItemResult Already(string what, string message) => new(what, "already", message);
}
