using Dex.Core.Actions;
using Dex.Core.Directory;
using Dex.Core.Discovery;
using Dex.Core.Notifications;
using Dex.Core.Requests;
using Dex.Core.Secrets;

namespace Dex.Core.Workflows;

/// <summary>The outcome of one executed step.</summary>
public sealed record StepOutcome(int Index, StepStatus Status, string Message, IReadOnlyList<StepItemResult>? Items = null)
{
    public const StepStatus Succeeded = StepStatus.Succeeded;
    public const StepStatus Failed = StepStatus.Failed;
    public const StepStatus Skipped = StepStatus.Skipped;
}

/// <summary>
/// Performs planned steps against the directory. Each operation is idempotent so a retried activity
/// is safe; generated passwords go straight from here to the vault and out through a one-time link,
/// and appear in no outcome, log or exception.
/// </summary>
public sealed class StepExecutor(
    DirectoryService directory,
    ISecretVault vault,
    INotifier notifier,
    IAttachmentStore attachments,
    DiscoveryService discovery,
    DexOptions options,
    TimeProvider time,
    ActionCatalogue catalogue,
    ExecutionServices services)
{
    public static readonly TimeSpan CredentialLinkLifetime = TimeSpan.FromHours(24);
    private const int ListedInReply = 25;

    public async Task<StepOutcome> ExecuteAsync(string requestId, PlannedStep step, RequesterContext requester, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(requester);
        var ct = cancellationToken;
        if (catalogue.Find(step.Action) is { } action)
        {
            return await action.ExecuteAsync(new StepExecution(services, requestId, requester), step, ct);
        }

        switch (step.Action)
        {
            case DexActions.UpdateUserProfile:
            case DexActions.UpdateUser:
            {
                var target = Require(step);
                await directory.UpdateUserAsync(target.Id, step.Fields, ct);
                var changed = string.Join(" and ", step.Fields.Select(f => $"{FieldValidation.Label(f.Key)} is now {f.Value}"));
                var whose = IsSelf(target, requester) ? "your profile" : $"the profile of {target.DisplayName} ({target.UserPrincipalName})";
                return Ok(step, $"Updated {whose}: {changed}.");
            }

            case DexActions.MfaReset:
            {
                var target = Require(step);
                var result = await directory.ResetMfaAsync(target.Id, ct);
                var removed = result.RemovedMethods.Count == 0
                    ? "no MFA methods were registered"
                    : "removed " + string.Join(", ", result.RemovedMethods.Select(AuthMethodTypes.Describe));
                return Ok(step, $"MFA reset for {Name(target, requester)}: {removed}; signed out of all sessions. At next sign-in they will be asked to set up the authenticator again.");
            }

            case DexActions.PasswordReset:
            {
                var target = Require(step);
                var recipient = step.Parameters.GetValueOrDefault("sendTo") ?? requester.UserPrincipalName;
                var password = PasswordGenerator.Generate();
                await directory.SetPasswordAsync(target.Id, password, ct);
                await DeliverAsync(requestId, step, recipient, $"New password for {target.UserPrincipalName}", password, ct);
                return Ok(step, $"Reset the password of {Name(target, requester)}; it must be changed at next sign-in. A one-time link to the new password went to {Whom(recipient, requester)} (valid {CredentialLinkLifetime.TotalHours:0} hours, one view).");
            }

            case DexActions.CreateUser:
            {
                var upn = step.Parameters["userPrincipalName"];
                var recipient = step.Parameters.GetValueOrDefault("sendCredentialsTo") ?? requester.UserPrincipalName;
                var password = PasswordGenerator.Generate();
                var displayName = step.Fields.GetValueOrDefault("displayName") ?? DirectoryService.DisplayNameFromUpn(upn);
                var (user, created) = await directory.CreateUserAsync(upn, displayName, step.Fields, password, ct);
                if (!created)
                {
                    // A retry after the user was created: the first password may be lost, so issue a fresh one.
                    await directory.SetPasswordAsync(user.Id, password, ct);
                }

                if (step.Parameters.TryGetValue("managerId", out var managerId))
                {
                    await directory.SetManagerAsync(user.Id, managerId, ct);
                }

                await DeliverAsync(requestId, step, recipient, $"Initial password for {upn}", password, ct);
                var manager = step.Parameters.TryGetValue("manager", out var m) ? $", manager {m}" : string.Empty;
                return Ok(step, $"Created {displayName} ({upn}){manager}. The initial password (to be changed at first sign-in) went to {Whom(recipient, requester)} through a one-time link.");
            }

            case DexActions.UnblockSignIn:
            {
                var target = Require(step);
                var r = await directory.UnblockSignInAsync(target.Id, ct);
                var risk = r.RiskStateBefore is null or "none" ? "had no sign-in risk recorded" : $"risk {r.RiskLevelBefore ?? "unknown"} ({r.RiskStateBefore}) is now {r.RiskStateAfter}";
                return Ok(step, $"Unblocked sign-in for {Name(target, requester)}: {risk}{(r.Reenabled ? "; the account was disabled and is enabled again" : string.Empty)}.");
            }

            case DexActions.UnlockUser:
            {
                var users = step.Targets.Count > 0 ? step.Targets : [Require(step)];
                var items = await directory.EnableAccountsAsync([.. users.Select(u => u.Id)], cancellationToken: ct);
                var relabelled = items.Select(i => i with { Target = users.FirstOrDefault(u => u.Id == i.Target)?.UserPrincipalName ?? i.Target }).ToList();
                var summary = string.Join(", ", relabelled.GroupBy(i => i.Status).Select(g => $"{g.Count()} {g.Key.Replace('_', ' ')}"));
                var failed = relabelled.Count(i => i.Status is ItemStatus.Failed or ItemStatus.NotFound);
                var detail = string.Join("; ", relabelled.Take(ListedInReply).Select(i => $"{i.Target}: {i.Message}"));
                return new StepOutcome(step.Index, failed == relabelled.Count ? StepOutcome.Failed : StepOutcome.Succeeded, $"Unlock: {summary}. {detail}", relabelled);
            }

            case DexActions.UpdatePhoto:
            {
                var target = Require(step);
                var attachment = await attachments.GetAsync(step.Parameters["attachmentId"], ct)
                    ?? throw new DirectoryException("The attached photo is no longer available; please send it again.", 410);
                await directory.SetPhotoAsync(target.Id, attachment.Content, step.Parameters.GetValueOrDefault("contentType") ?? "image/jpeg", ct);
                return Ok(step, $"Updated the profile photo of {Name(target, requester)}; Teams, Outlook and SharePoint pick it up within a few hours.");
            }

            case DexActions.GrantAccess:
            {
                var target = Require(step);
                var group = RequireGroup(step);
                var change = group.Kind == GroupKind.App
                    ? await directory.AssignAppAsync(target.Id, group.Id, group.DisplayName, ct)
                    : await directory.AddMemberAsync(group.Id, group.DisplayName, target.Id, ct);
                return Ok(step, $"{Capital(Name(target, requester))} {(IsSelf(target, requester) ? Self(change.Message) : change.Message)}.");
            }

            case DexActions.RevokeAccess:
            {
                var target = Require(step);
                var group = RequireGroup(step);
                var change = await directory.RemoveMemberAsync(group.Id, group.DisplayName, target.Id, ct);
                return Ok(step, $"{Capital(Name(target, requester))} {(IsSelf(target, requester) ? Self(change.Message) : change.Message)}.");
            }

            case DexActions.CheckMembership:
            {
                var target = Require(step);
                var group = RequireGroup(step);
                var member = await directory.IsMemberAsync(target.Id, group.Id, ct);
                return Ok(step, $"{Capital(Name(target, requester))} {(IsSelf(target, requester) ? (member ? "are" : "are not") : (member ? "is" : "is not"))} a member of \"{group.DisplayName}\".");
            }

            case DexActions.ListGroupMembers:
            {
                var group = RequireGroup(step);
                var members = await directory.GetGroupMembersAsync(group.Id, ct);
                var items = members.OrderBy(u => u.DisplayName, StringComparer.OrdinalIgnoreCase).Select(u => new StepItemResult(u.UserPrincipalName, "member", u.DisplayName)).ToList();
                return new StepOutcome(step.Index, StepOutcome.Succeeded, $"\"{group.DisplayName}\" has {items.Count} member(s){List(items.Select(i => $"{i.Message} ({i.Target})"))}", items);
            }

            case DexActions.ListUserGroups:
            {
                var target = Require(step);
                var membership = await directory.GetMembershipAsync(target.Id, ct);
                var items = membership.Groups.OrderBy(g => g.DisplayName, StringComparer.OrdinalIgnoreCase).Select(g => new StepItemResult(g.DisplayName, "member", g.KindLabel)).ToList();
                var whose = IsSelf(target, requester) ? "You are" : $"{target.DisplayName} is";
                return new StepOutcome(step.Index, StepOutcome.Succeeded, $"{whose} in {items.Count} group(s){List(items.Select(i => $"{i.Target} ({i.Message})"))}", items);
            }

            case DexActions.ViewProfile:
            {
                var target = Require(step);
                var p = await directory.GetProfileAsync(target.Id, ct);
                var u = p.User;
                var lines = new[]
                {
                    $"{u.DisplayName} ({u.UserPrincipalName})",
                    $"job title: {u.JobTitle ?? "-"}; department: {u.Department ?? "-"}; office: {u.OfficeLocation ?? "-"}",
                    $"mobile: {u.MobilePhone ?? "-"}; account {(u.AccountEnabled ? "enabled" : "disabled")}; manager: {p.Manager?.UserPrincipalName ?? "-"}",
                    $"directory roles: {(p.DirectoryRoles.Count == 0 ? "none" : string.Join(", ", p.DirectoryRoles))}",
                    $"groups: {(p.Groups.Count == 0 ? "none" : string.Join(", ", p.Groups.Select(g => g.DisplayName).Order(StringComparer.OrdinalIgnoreCase)))}",
                };
                return Ok(step, string.Join(" | ", lines));
            }

            case DexActions.SearchUsers:
            {
                var users = await directory.SearchUsersAsync(step.Fields, cancellationToken: ct);
                var items = users.Select(u => new StepItemResult(u.UserPrincipalName, u.AccountEnabled ? "enabled" : "disabled", $"{u.DisplayName}, {u.JobTitle ?? "-"}, {u.Department ?? "-"}")).ToList();
                return new StepOutcome(step.Index, StepOutcome.Succeeded, $"Found {items.Count} user(s){List(items.Select(i => $"{i.Target} ({i.Message}{(i.Status == "disabled" ? ", disabled" : string.Empty)})"))}", items);
            }

            case DexActions.ListLockedUsers:
            {
                var department = step.Parameters.GetValueOrDefault("department");
                var users = await directory.ListDisabledUsersAsync(department, ct);
                var items = users.Select(u => new StepItemResult(u.UserPrincipalName, "disabled", $"{u.DisplayName}, {u.Department ?? "-"}")).ToList();
                var where = department is null ? string.Empty : $" in {department}";
                return new StepOutcome(step.Index, StepOutcome.Succeeded, $"{items.Count} disabled account(s){where}{List(items.Select(i => $"{i.Target} ({i.Message})"))}", items);
            }

            case DexActions.Discover:
            {
                var snapshot = await discovery.RunAsync(requester.UserPrincipalName, ct);
                return Ok(step, snapshot.Summary);
            }

            default:
                return new StepOutcome(step.Index, StepOutcome.Failed, $"{step.Action} is not something Dex can do.");
        }
    }

    private async Task DeliverAsync(string requestId, PlannedStep step, string recipient, string label, string secret, CancellationToken ct)
    {
        var token = await vault.StoreAsync(recipient, label, secret, CredentialLinkLifetime, ct);
        var expires = time.GetUtcNow().Add(CredentialLinkLifetime);
        await notifier.SendAsync(
            new Notification
            {
                // A fresh id per delivery: a retried step issues a new password and a new link.
                Id = $"{requestId}:credential:{step.Index}:{token[..12]}",
                Recipient = recipient,
                Kind = "credential",
                RequestId = requestId,
                Text = $"{label} is ready. Open the link to see it; it works once and until {expires:yyyy-MM-dd HH:mm} UTC. The password must be changed at first sign-in.",
                Links = [new NotificationLink("View the credential once", $"{options.PublicBaseUrl.TrimEnd('/')}/api/secrets/{token}")],
                At = time.GetUtcNow(),
            },
            ct);
    }

    private static StepOutcome Ok(PlannedStep step, string message) => new(step.Index, StepOutcome.Succeeded, message);

    private static string List(IEnumerable<string> items)
    {
        var all = items.ToList();
        if (all.Count == 0)
        {
            return ".";
        }

        var shown = string.Join(", ", all.Take(ListedInReply));
        return all.Count > ListedInReply ? $": {shown}, and {all.Count - ListedInReply} more." : $": {shown}.";
    }

    private static TargetRef Require(PlannedStep step)
        => step.Target ?? throw new DirectoryException($"{step.Action} needs a target user.", 400);

    private static GroupRef RequireGroup(PlannedStep step)
        => step.Group ?? throw new DirectoryException($"{step.Action} needs a group.", 400);

    private static bool IsSelf(TargetRef t, RequesterContext requester) => string.Equals(t.Id, requester.Id, StringComparison.OrdinalIgnoreCase);

    private static string Name(TargetRef t, RequesterContext requester)
        => IsSelf(t, requester) ? "you" : $"{t.DisplayName} ({t.UserPrincipalName})";

    private static string Whom(string upn, RequesterContext requester)
        => string.Equals(upn, requester.UserPrincipalName, StringComparison.OrdinalIgnoreCase) ? "you" : upn;

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Self(string message) => message
        .Replace("is already a member", "are already a member", StringComparison.Ordinal)
        .Replace("already has access", "already have access", StringComparison.Ordinal)
        .Replace("was not a member", "were not a member", StringComparison.Ordinal)
        .Replace("was added to", "were added to", StringComparison.Ordinal)
        .Replace("was removed from", "were removed from", StringComparison.Ordinal)
        .Replace("was given access", "were given access", StringComparison.Ordinal);
}
