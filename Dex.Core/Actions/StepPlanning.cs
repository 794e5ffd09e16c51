using Dex.Core.Directory;
using Dex.Core.Policy;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Core.Actions;

/// <summary>The services an action plans with (resolved once from DI).</summary>
public sealed record PlanningServices(DirectoryService Directory, IAttachmentStore Attachments, PolicyDocument Policy);

/// <summary>
/// One step being planned: the intent as understood, the step so far (people already resolved), and
/// working copies of its parameters and fields that the action completes.
/// </summary>
public sealed class StepPlanning(
    PlanningServices services,
    RequesterContext requester,
    IntendedStep intent,
    PlannedStep draft,
    DirectoryUser? targetUser,
    IReadOnlyList<string> attachmentIds,
    IReadOnlyDictionary<string, string>? choices = null)
{
    public DirectoryService Directory => services.Directory;
    public IAttachmentStore Attachments => services.Attachments;
    public PolicyDocument Policy => services.Policy;
    public RequesterContext Requester => requester;
    public IntendedStep Intent => intent;
    public PlannedStep Draft => draft;

    /// <summary>The target as the directory knows it (usage location etc.), when the step has one.</summary>
    public DirectoryUser? TargetUser => targetUser;

    public IReadOnlyList<string> AttachmentIds => attachmentIds;

    /// <summary>The requester's answer to an earlier question this step asked (by the question's raw key), or null.</summary>
    public string? Choice(string rawKey) => choices?.GetValueOrDefault(rawKey);

    public Dictionary<string, string> Parameters { get; } = new(intent.Parameters, StringComparer.Ordinal);

    public Dictionary<string, string> Fields { get; } = new(intent.Fields, StringComparer.Ordinal);

    /// <summary>The draft with the working parameters and fields.</summary>
    public PlannedStep Step(GroupRef? group = null) => draft with
    {
        Parameters = new Dictionary<string, string>(Parameters, StringComparer.Ordinal),
        Fields = new Dictionary<string, string>(Fields, StringComparer.Ordinal),
        Group = group ?? draft.Group,
    };

    /// <summary>Resolves who receives a credential (parameter <paramref name="key"/>); the requester when none was named.</summary>
    public async Task<string?> ResolveRecipientAsync(string key, CancellationToken ct)
    {
        if (!Parameters.TryGetValue(key, out var raw) || string.IsNullOrWhiteSpace(raw))
        {
            Parameters[key] = Requester.UserPrincipalName;
            return null;
        }

        var lookup = await Directory.ResolveUserAsync(raw, Requester.UserPrincipalName, ct);
        if (lookup.Match is null)
        {
            return lookup.Ambiguous
                ? $"Several people are called \"{raw}\"; say who should receive the credentials by their address."
                : $"I couldn't find \"{raw}\" to send the credentials to.";
        }

        Parameters[key] = lookup.Match.UserPrincipalName;
        return null;
    }

    /// <summary>
    /// Resolves the step's <c>group</c> (or, when <paramref name="allowApp"/>, <c>app</c>) parameter into a
    /// <see cref="GroupRef"/> with its policy flags; the raw names leave the parameters.
    /// </summary>
    public async Task<StepPlan> ResolveGroupAsync(bool allowApp, CancellationToken ct)
    {
        Parameters.TryGetValue("group", out var groupName);
        Parameters.TryGetValue("app", out var appName);
        Parameters.Remove("group");
        Parameters.Remove("app");
        if (groupName is null && appName is null)
        {
            return StepPlan.Fail("Say which group, e.g. \"add sarah@acme.com to Finance-Admins\".");
        }

        if (groupName is not null)
        {
            var groups = await Directory.ResolveGroupAsync(groupName, ct);
            if (groups.Ambiguous)
            {
                return StepPlan.Fail($"Several groups are called \"{groupName}\": {string.Join(", ", groups.Candidates.Select(g => $"{g.DisplayName} ({g.KindLabel}, {g.Id})"))}. Ask with the group's id.");
            }

            if (groups.Match is { } g)
            {
                return StepPlan.Ok(Step(new GroupRef(g.Id, g.DisplayName, g.IsMicrosoft365 ? GroupKind.M365 : GroupKind.Security)
                {
                    Protected = Policy.ProtectedGroups.Contains(g.DisplayName, StringComparer.OrdinalIgnoreCase),
                    RoleAssignable = g.IsAssignableToRole,
                }));
            }

            appName ??= groupName;
        }

        if (allowApp)
        {
            var apps = await Directory.ResolveAppAsync(appName!, ct);
            if (apps.Match is { } app)
            {
                return StepPlan.Ok(Step(new GroupRef(app.Id, app.DisplayName, GroupKind.App)));
            }

            if (apps.Ambiguous)
            {
                return StepPlan.Fail($"Several enterprise apps are called \"{appName}\"; ask an admin to use the app's id.");
            }
        }

        return StepPlan.Fail($"I couldn't find a group{(allowApp ? " or enterprise app" : string.Empty)} called \"{groupName ?? appName}\".");
    }

    /// <summary>Validates and normalises the fields (phone numbers, usage location...); null when they are fine.</summary>
    public string? NormaliseFields(string? usageLocation)
    {
        var (normalised, problems) = FieldValidation.Normalise(Fields, usageLocation);
        if (problems.Count > 0)
        {
            return string.Join(" ", problems);
        }

        Fields.Clear();
        foreach (var (k, v) in normalised)
        {
            Fields[k] = v;
        }

        return null;
    }
}
