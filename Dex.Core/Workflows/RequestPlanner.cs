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
public sealed class RequestPlanner(DirectoryService directory)
{
    public async Task<Plan> PlanAsync(
        string requesterUpn,
        UnderstandingResult understood,
        IReadOnlyDictionary<string, string>? choices = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(understood);
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
        foreach (var intent in understood.Steps)
        {
            if (!DexActions.IsKnown(intent.Action))
            {
                problems.Add($"'{intent.Action}' is not something Dex can do.");
                continue;
            }

            TargetRef? target = null;
            DirectoryUser? targetUser = null;
            if (intent.Target is not null)
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

            if (intent.Parameters.TryGetValue("group", out var groupName))
            {
                var groups = await directory.ResolveGroupAsync(groupName, cancellationToken);
                if (groups.NotFound)
                {
                    problems.Add($"I couldn't find a group called \"{groupName}\".");
                    continue;
                }

                if (groups.Ambiguous)
                {
                    problems.Add($"Several groups are called \"{groupName}\"; ask an admin to rename one or give its id.");
                    continue;
                }

                var g = groups.Match!;
                parameters.Remove("group");
                if (g.IsAssignableToRole)
                {
                    parameters["groupRoleAssignable"] = "true";
                }

                step = step with { Group = new GroupRef(g.Id, g.DisplayName, g.IsMicrosoft365 ? "m365" : "security") };
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            if (intent.Fields.Count > 0 && intent.Action is DexActions.UpdateUser or DexActions.UpdateUserProfile or DexActions.CreateUser)
            {
                if (intent.Action == DexActions.UpdateUserProfile)
                {
                    var notProfile = intent.Fields.Keys.Where(k => !UserPatch.ProfileFields.Contains(k)).ToList();
                    if (notProfile.Count > 0)
                    {
                        problems.Add($"Profile updates cover phone, office, job title and department; {string.Join(", ", notProfile)} needs an admin.");
                        continue;
                    }
                }

                var (normalised, fieldProblems) = FieldValidation.Normalise(intent.Fields, targetUser?.UsageLocation);
                if (fieldProblems.Count > 0)
                {
                    problems.AddRange(fieldProblems);
                    continue;
                }

                fields = normalised;
            }
            else
            {
                foreach (var (k, v) in intent.Fields)
                {
                    fields[k] = v;
                }
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

    private async Task<string?> ObserveAsync(PlannedStep step, CancellationToken ct)
    {
        if (step.Action == DexActions.MfaReset && step.Target is not null)
        {
            var methods = await directory.GetAuthenticationMethodsAsync(step.Target.Id, ct);
            var removable = methods.Where(m => m.Type != AuthMethodTypes.Password).Select(m => AuthMethodTypes.Describe(m.Type)).ToList();
            return removable.Count == 0 ? "No MFA methods are registered." : "Registered: " + string.Join(", ", removable) + ".";
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
