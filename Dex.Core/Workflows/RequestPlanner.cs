using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dex.Core.Directory;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Core.Workflows;

/// <summary>
/// Investigates what was understood: resolves every person and group in the directory, reads the
/// state that matters (roles held, current membership, registered methods), validates values, and
/// produces the exact plan. Ambiguity becomes a question, not a guess.
/// </summary>
public sealed class RequestPlanner(DirectoryService directory, IAttachmentStore attachments, Policy.PolicyDocument policy)
{
    public async Task<Plan> PlanAsync(
        string requesterUpn,
        UnderstandingResult understood,
        IReadOnlyDictionary<string, string>? choices = null,
        IReadOnlyList<string>? attachmentIds = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(understood);
        attachmentIds ??= [];
        choices ??= new Dictionary<string, string>();
        var requesterUser = await directory.FindUserAsync(requesterUpn, cancellationToken)
            ?? throw new DirectoryException($"{requesterUpn} is not a user of this directory.", 404);
        var membership = await directory.GetMembershipAsync(requesterUser.Id, cancellationToken);
        var requester = new RequesterContext(
            requesterUser.Id,
            requesterUser.UserPrincipalName,
            requesterUser.DisplayName,
            membership.DirectoryRoles,
            [.. membership.Groups.Select(g => g.DisplayName)]);

        if (understood.Steps.Count == 0)
        {
            return Finish(requester, [], null, understood.Note ?? NothingUnderstood, understood.Source);
        }

        var steps = new List<PlannedStep>();
        var problems = new List<string>();

        // Many named people (a bulk unlock of 200) are looked up together in a few filtered calls, not one by one.
        var named = understood.Steps.SelectMany(s => s.Targets).Where(t => t.Contains('@', StringComparison.Ordinal)).ToList();
        var known = named.Count > 1 ? await directory.FindUsersByUpnAsync(named, cancellationToken) : null;
        foreach (var intent in understood.Steps)
        {
            if (!DexActions.IsKnown(intent.Action))
            {
                problems.Add($"'{intent.Action}' is not something Dex can do.");
                continue;
            }

            TargetRef? target = null;
            DirectoryUser? targetUser = null;
            // The target of create_user is the address to create, not someone to look up.
            if (intent.Target is not null && intent.Action != DexActions.CreateUser)
            {
                var (user, question, problem) = await ResolvePersonAsync(intent.Target, requester.UserPrincipalName, choices, cancellationToken);
                if (question is not null)
                {
                    return Finish(requester, steps, question, null, understood.Source);
                }

                if (problem is not null)
                {
                    problems.Add(problem);
                    continue;
                }

                targetUser = user!;
                target = targetUser.ToRef();
            }

            var targets = new List<TargetRef>();
            foreach (var raw in intent.Targets)
            {
                if (known is not null && !choices.ContainsKey(raw.Trim().ToLowerInvariant()) && known.TryGetValue(raw.Trim(), out var prefetched))
                {
                    targets.Add(prefetched.ToRef());
                    continue;
                }

                var (user, question, problem) = await ResolvePersonAsync(raw, requester.UserPrincipalName, choices, cancellationToken);
                if (question is not null)
                {
                    return Finish(requester, steps, question, null, understood.Source);
                }

                if (problem is not null)
                {
                    problems.Add(problem);
                    continue;
                }

                targets.Add(user!.ToRef());
            }

            var step = new PlannedStep { Index = steps.Count, Action = intent.Action, Target = target, Targets = targets, Summary = string.Empty };
            var parameters = new Dictionary<string, string>(intent.Parameters, StringComparer.Ordinal);
            if (intent.Action == DexActions.CreateUser && intent.Target is not null)
            {
                parameters.TryAdd("userPrincipalName", intent.Target);
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in intent.Fields)
            {
                fields[k] = v;
            }

            string? stepProblem = null;
            switch (intent.Action)
            {
                case DexActions.GrantAccess:
                case DexActions.RevokeAccess:
                case DexActions.CheckMembership:
                case DexActions.ListGroupMembers:
                    (step, stepProblem) = await ResolveGroupOrAppAsync(step, parameters, cancellationToken);
                    break;
                case DexActions.CreateUser:
                    stepProblem = await PrepareCreateUserAsync(parameters, fields, requester, cancellationToken);
                    break;
                case DexActions.PasswordReset:
                    stepProblem = await ResolveRecipientAsync(parameters, "sendTo", requester, cancellationToken);
                    break;
                case DexActions.UpdatePhoto:
                    stepProblem = await PreparePhotoAsync(parameters, attachmentIds, cancellationToken);
                    break;
                case DexActions.UpdateUserProfile:
                case DexActions.UpdateUser:
                    (fields, stepProblem) = PrepareFields(intent.Action, fields, targetUser);
                    break;
                case DexActions.UnlockUser when target is null && targets.Count == 0:
                    stepProblem = "Say which accounts to unlock, e.g. \"unlock kevin@acme.com, priya@acme.com\".";
                    break;
            }

            if (stepProblem is not null)
            {
                problems.Add(stepProblem);
                continue;
            }

            var privileged = false;
            if (targetUser is not null)
            {
                var targetMembership = targetUser.Id == requester.Id ? membership : await directory.GetMembershipAsync(targetUser.Id, cancellationToken);
                privileged = PrivilegedRoles.IsPrivileged(targetMembership.DirectoryRoles);
            }

            step = step with { Parameters = parameters, Fields = fields, TargetIsPrivileged = privileged };
            step = step with
            {
                Summary = Describe(step, requester),
                Observation = await ObserveAsync(step, cancellationToken),
            };
            steps.Add(step);
        }

        // unblock_signin already re-enables a blocked account: a separate unlock of the same person is redundant.
        var unblocked = steps.Where(s => s.Action == DexActions.UnblockSignIn && s.Target is not null).Select(s => s.Target!.Id).ToHashSet();
        steps = [.. steps
            .Where(s => !(s.Action == DexActions.UnlockUser && s.Targets.Count == 0 && s.Target is not null && unblocked.Contains(s.Target.Id)))
            .Select((s, i) => s with { Index = i })];

        if (steps.Count == 0 || problems.Count > 0)
        {
            return Finish(requester, steps, null, string.Join(" ", problems.Distinct()), understood.Source);
        }

        return Finish(requester, steps, null, null, understood.Source);
    }

    public const string NothingUnderstood =
        "I didn't recognise a request I can act on. I can reset passwords and MFA, unblock sign-ins, unlock accounts, update profiles and photos, and manage group access; for example: \"Reset MFA for tom@acme.com\".";

    private async Task<(DirectoryUser? User, Clarification? Question, string? Problem)> ResolvePersonAsync(
        string raw, string requesterUpn, IReadOnlyDictionary<string, string> choices, CancellationToken ct)
    {
        if (choices.TryGetValue(raw.Trim().ToLowerInvariant(), out var chosenId))
        {
            var chosen = await directory.FindUserAsync(chosenId, ct);
            if (chosen is not null)
            {
                return (chosen, null, null);
            }
        }

        var lookup = await directory.ResolveUserAsync(raw, requesterUpn, ct);
        if (lookup.Found)
        {
            return (lookup.Match, null, null);
        }

        if (lookup.Ambiguous)
        {
            var options = lookup.Candidates
                .Select(c => new ClarificationChoice(c.Id, $"{c.DisplayName} ({c.UserPrincipalName}{Detail(c)})", c.UserPrincipalName, c.Department, c.JobTitle, c.OfficeLocation))
                .ToList();
            return (null, new Clarification($"I found {options.Count} people called \"{raw.Trim()}\". Which one do you mean?", options, raw.Trim().ToLowerInvariant()), null);
        }

        return (null, null, $"I couldn't find anyone called \"{raw.Trim()}\" in the directory.");
    }

    private static string Detail(DirectoryUser u)
    {
        var parts = new[] { u.JobTitle, u.Department }.Where(p => !string.IsNullOrWhiteSpace(p));
        var text = string.Join(", ", parts);
        return text.Length == 0 ? string.Empty : ", " + text;
    }

    private async Task<(PlannedStep Step, string? Problem)> ResolveGroupOrAppAsync(PlannedStep step, Dictionary<string, string> parameters, CancellationToken ct)
    {
        parameters.TryGetValue("group", out var groupName);
        parameters.TryGetValue("app", out var appName);
        parameters.Remove("group");
        parameters.Remove("app");
        if (groupName is null && appName is null)
        {
            return (step, "Say which group, e.g. \"add sarah@acme.com to Finance-Admins\".");
        }

        if (groupName is not null)
        {
            var groups = await directory.ResolveGroupAsync(groupName, ct);
            if (groups.Ambiguous)
            {
                return (step, $"Several groups are called \"{groupName}\": {string.Join(", ", groups.Candidates.Select(g => $"{g.DisplayName} ({g.KindLabel}, {g.Id})"))}. Ask with the group's id.");
            }

            if (groups.Match is { } g)
            {
                if (g.IsAssignableToRole)
                {
                    parameters["groupRoleAssignable"] = "true";
                }

                if (policy.ProtectedGroups.Contains(g.DisplayName, StringComparer.OrdinalIgnoreCase))
                {
                    parameters["groupProtected"] = "true";
                }

                return (step with { Group = new GroupRef(g.Id, g.DisplayName, g.IsMicrosoft365 ? "m365" : "security") }, null);
            }

            appName ??= groupName;
        }

        if (step.Action is DexActions.GrantAccess)
        {
            var apps = await directory.ResolveAppAsync(appName!, ct);
            if (apps.Match is { } app)
            {
                return (step with { Group = new GroupRef(app.Id, app.DisplayName, "app") }, null);
            }

            if (apps.Ambiguous)
            {
                return (step, $"Several enterprise apps are called \"{appName}\"; ask an admin to use the app's id.");
            }
        }

        return (step, $"I couldn't find a group{(step.Action == DexActions.GrantAccess ? " or enterprise app" : string.Empty)} called \"{groupName ?? appName}\".");
    }

    private async Task<string?> ResolveRecipientAsync(Dictionary<string, string> parameters, string key, RequesterContext requester, CancellationToken ct)
    {
        if (!parameters.TryGetValue(key, out var raw) || string.IsNullOrWhiteSpace(raw))
        {
            parameters[key] = requester.UserPrincipalName;
            return null;
        }

        var lookup = await directory.ResolveUserAsync(raw, requester.UserPrincipalName, ct);
        if (lookup.Match is null)
        {
            return lookup.Ambiguous
                ? $"Several people are called \"{raw}\"; say who should receive the credentials by their address."
                : $"I couldn't find \"{raw}\" to send the credentials to.";
        }

        parameters[key] = lookup.Match.UserPrincipalName;
        return null;
    }

    private async Task<string?> PrepareCreateUserAsync(Dictionary<string, string> parameters, Dictionary<string, string> fields, RequesterContext requester, CancellationToken ct)
    {
        var upn = (parameters.GetValueOrDefault("userPrincipalName") ?? fields.GetValueOrDefault("userPrincipalName"))?.Trim().ToLowerInvariant();
        fields.Remove("userPrincipalName");
        if (string.IsNullOrEmpty(upn) || !System.Net.Mail.MailAddress.TryCreate(upn, out var address) || address.Address != upn || upn.Contains('\'', StringComparison.Ordinal))
        {
            return "Say the new user's address, e.g. \"create a user noa.levi@acme.com\".";
        }

        var domains = await directory.GetVerifiedDomainsAsync(ct);
        if (!domains.Contains(address.Host, StringComparer.OrdinalIgnoreCase))
        {
            return $"{address.Host} is not a verified domain of this tenant (verified: {string.Join(", ", domains)}).";
        }

        if (await directory.FindUserAsync(upn, ct) is not null)
        {
            return $"{upn} already exists.";
        }

        parameters["userPrincipalName"] = upn;
        if (!fields.ContainsKey("displayName"))
        {
            fields["displayName"] = DirectoryService.DisplayNameFromUpn(upn);
        }

        if (parameters.TryGetValue("manager", out var managerRaw))
        {
            var manager = await directory.ResolveUserAsync(managerRaw, requester.UserPrincipalName, ct);
            if (manager.Match is null)
            {
                return $"I couldn't find the manager \"{managerRaw}\".";
            }

            parameters["manager"] = manager.Match.UserPrincipalName;
            parameters["managerId"] = manager.Match.Id;
        }

        var recipient = await ResolveRecipientAsync(parameters, "sendCredentialsTo", requester, ct);
        if (recipient is not null)
        {
            return recipient;
        }

        var (normalised, problems) = FieldValidation.Normalise(fields, fields.GetValueOrDefault("usageLocation"));
        if (problems.Count > 0)
        {
            return string.Join(" ", problems);
        }

        fields.Clear();
        foreach (var (k, v) in normalised)
        {
            fields[k] = v;
        }

        return null;
    }

    private async Task<string?> PreparePhotoAsync(Dictionary<string, string> parameters, IReadOnlyList<string> attachmentIds, CancellationToken ct)
    {
        parameters.Remove("attachment");
        foreach (var id in attachmentIds)
        {
            var a = await attachments.GetAsync(id, ct);
            if (a is null)
            {
                continue;
            }

            if (a.Content.Length > ImageFormats.MaxPhotoBytes)
            {
                return $"The photo \"{a.Name}\" is larger than 4 MB; please attach a smaller one.";
            }

            var type = ImageFormats.Detect(a.Content);
            if (type is null)
            {
                return $"\"{a.Name}\" is not a JPEG or PNG image; profile photos must be one of those.";
            }

            parameters["attachmentId"] = a.Id;
            parameters["contentType"] = type;
            return null;
        }

        return "Attach the photo (JPEG or PNG, at most 4 MB) to your message and ask again.";
    }

    private static (Dictionary<string, string> Fields, string? Problem) PrepareFields(string action, Dictionary<string, string> fields, DirectoryUser? target)
    {
        if (fields.Count == 0)
        {
            return (fields, "Say what to change, e.g. \"update my mobile number to +1 415 555 0123\".");
        }

        if (action == DexActions.UpdateUserProfile)
        {
            var notProfile = fields.Keys.Where(k => !UserPatch.ProfileFields.Contains(k)).ToList();
            if (notProfile.Count > 0)
            {
                return (fields, $"Profile updates cover phone, office, job title and department; {string.Join(", ", notProfile)} needs an admin.");
            }
        }

        var (normalised, problems) = FieldValidation.Normalise(fields, target?.UsageLocation);
        return problems.Count > 0 ? (fields, string.Join(" ", problems)) : (normalised, null);
    }

    private async Task<string?> ObserveAsync(PlannedStep step, CancellationToken ct)
    {
        if (step.Action == DexActions.MfaReset && step.Target is not null)
        {
            var methods = await directory.GetAuthenticationMethodsAsync(step.Target.Id, ct);
            var removable = methods.Where(m => m.Type != AuthMethodTypes.Password).Select(m => AuthMethodTypes.Describe(m.Type)).ToList();
            return removable.Count == 0 ? "No MFA methods are registered." : "Registered: " + string.Join(", ", removable) + ".";
        }

        if (step.Action is DexActions.GrantAccess or DexActions.RevokeAccess && step.Target is not null && step.Group is { Kind: not "app" } g)
        {
            var member = await directory.IsMemberAsync(step.Target.Id, g.Id, ct);
            return member ? $"{step.Target.DisplayName} is currently a member." : $"{step.Target.DisplayName} is not currently a member.";
        }

        return null;
    }

    internal static string Describe(PlannedStep s, RequesterContext requester)
    {
        var who = s.Target is null ? string.Empty
            : IsSelf(s, requester) ? $"you ({s.Target.UserPrincipalName})"
            : $"{s.Target.DisplayName} ({s.Target.UserPrincipalName})";
        var group = s.Group is null ? string.Empty : $"\"{s.Group.DisplayName}\"";
        var fields = string.Join(" and ", s.Fields.Select(f => $"{FieldValidation.Label(f.Key)} to {f.Value}"));
        if (IsSelf(s, requester))
        {
            switch (s.Action)
            {
                case DexActions.MfaReset: return "Remove every one of your MFA methods, keeping your password, and end your sign-in sessions so you can register your new device";
                case DexActions.PasswordReset: return "Reset your password to a strong generated one, to be changed at your next sign-in";
                case DexActions.UnblockSignIn: return "Dismiss your sign-in risk and re-enable your account if it was blocked";
                case DexActions.ListUserGroups: return "List your groups";
                case DexActions.ViewProfile: return "Show your profile, roles and groups";
                case DexActions.UpdatePhoto: return "Set your profile photo from the attachment";
                case DexActions.GrantAccess: return $"Add you to {group}";
                case DexActions.RevokeAccess: return $"Remove you from {group}";
                case DexActions.CheckMembership: return $"Check whether you are a member of {group}";
            }
        }

        return s.Action switch
        {
            DexActions.UpdateUserProfile or DexActions.UpdateUser => IsSelf(s, requester)
                ? $"Set your {fields}"
                : $"Set the {fields} of {who}",
            DexActions.MfaReset => $"Remove every MFA method of {who}, keeping the password, and end their sign-in sessions so they register again",
            DexActions.PasswordReset => $"Reset the password of {who} to a strong generated one, to be changed at next sign-in",
            DexActions.UnblockSignIn => $"Dismiss the sign-in risk of {who} and re-enable the account if it was blocked",
            DexActions.UnlockUser => s.Targets.Count > 0 ? $"Re-enable {s.Targets.Count} account(s): {string.Join(", ", s.Targets.Select(t => t.UserPrincipalName))}" : $"Re-enable the account of {who}",
            DexActions.GrantAccess => $"Add {who} to {group}",
            DexActions.RevokeAccess => $"Remove {who} from {group}",
            DexActions.CheckMembership => $"Check whether {who} is a member of {group}",
            DexActions.ListGroupMembers => $"List the members of {group}",
            DexActions.ListUserGroups => $"List the groups of {who}",
            DexActions.ViewProfile => $"Show the profile, roles and groups of {who}",
            DexActions.UpdatePhoto => $"Set the profile photo of {who} from the attachment",
            DexActions.ListLockedUsers => s.Parameters.TryGetValue("department", out var d) ? $"List disabled accounts in {d}" : "List disabled accounts",
            DexActions.SearchUsers => $"Search users where {string.Join(", ", s.Fields.Select(f => $"{f.Key} = {f.Value}"))}",
            DexActions.CreateUser => $"Create the user {s.Parameters.GetValueOrDefault("userPrincipalName")}",
            DexActions.Discover => "Discover directory roles, groups, apps and licenses",
            _ => s.Action,
        };
    }

    private static bool IsSelf(PlannedStep s, RequesterContext requester)
        => s.Target is not null && string.Equals(s.Target.Id, requester.Id, StringComparison.OrdinalIgnoreCase);

    private static Plan Finish(RequesterContext requester, IReadOnlyList<PlannedStep> steps, Clarification? question, string? problem, string source)
        => new()
        {
            Requester = requester,
            Steps = question is null && problem is null ? steps : [],
            Clarification = question,
            Problem = problem,
            Hash = HashOf(question is null && problem is null ? steps : []),
            UnderstoodBy = source,
        };

    /// <summary>The plan hash binds approvals to the exact steps: any change to action, target, group or values changes it.</summary>
    public static string HashOf(IReadOnlyList<PlannedStep> steps)
    {
        var canonical = JsonSerializer.Serialize(steps.Select(s => new
        {
            s.Action,
            Target = s.Target?.Id,
            Targets = s.Targets.Select(t => t.Id).ToArray(),
            Group = s.Group?.Id,
            Parameters = s.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray(),
            Fields = s.Fields.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray(),
        }));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..32];
    }
}
