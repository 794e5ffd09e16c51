using System.Text.Json;
using Dex.Core.Requests;

namespace Dex.Core.Actions.OffboardUser;

/// <summary>One thing offboarding removes (a group, an app role assignment, a licence, a grant), by id and name.</summary>
public sealed record RadiusItem(string Id, string Name);

/// <summary>
/// Everything offboarding a leaver will do, read from the directory at planning time ("the blast radius"). It travels
/// in the step (hashed with it), so the approver approves exactly this and execution acts on exactly this.
/// </summary>
public sealed record OffboardingRadius
{
    public const string Key = "radius";

    public bool AccountEnabled { get; init; } = true;

    /// <summary>When the plan was made: sessions valid from this time on were already revoked by this step.</summary>
    public DateTimeOffset PlannedAt { get; init; }

    public IReadOnlyList<RadiusItem> Groups { get; init; } = [];

    /// <summary>Dynamic groups: their rule decides membership, so they are skipped (and said so).</summary>
    public IReadOnlyList<RadiusItem> DynamicGroups { get; init; } = [];

    public IReadOnlyList<RadiusItem> Apps { get; init; } = [];

    /// <summary>Directly assigned licences (id = SKU id), removed with assignLicense.</summary>
    public IReadOnlyList<RadiusItem> DirectLicences { get; init; } = [];

    /// <summary>Licences held only through groups: they go with the group removals.</summary>
    public IReadOnlyList<RadiusItem> InheritedLicences { get; init; } = [];

    /// <summary>Live time-bound grants (id = grant id, name = the group or app, carried for the resource id).</summary>
    public IReadOnlyList<RadiusItem> Grants { get; init; } = [];

    /// <summary>Resource (group or app) id of each grant in <see cref="Grants"/>, same order.</summary>
    public IReadOnlyList<string> GrantResources { get; init; } = [];

    /// <summary>Delete the account this long after offboarding (a durable timer that an admin can cancel); null = never.</summary>
    public TimeSpan? DeleteAfter { get; init; }

    public string? ManagerUpn { get; init; }
    public string? ManagerName { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static OffboardingRadius Of(PlannedStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Parameters.GetValueOrDefault(Key) is { } json
            ? JsonSerializer.Deserialize<OffboardingRadius>(json, Json) ?? throw new Directory.DirectoryException("offboard_user has an unreadable plan.", 400)
            : throw new Directory.DirectoryException("offboard_user needs a planned blast radius.", 400);
    }

    /// <summary>The whole blast radius in words, for the plan and the approval page.</summary>
    public string Describe(string who)
    {
        var parts = new List<string>
        {
            AccountEnabled ? "disable sign-in (accountEnabled false)" : "sign-in is already disabled (kept so)",
            "revoke all sign-in sessions (revokeSignInSessions)",
            Groups.Count == 0 ? "no group memberships to remove" : $"remove from {Count(Groups.Count, "group")}: {Names(Groups)}",
        };
        if (DynamicGroups.Count > 0)
        {
            parts.Add($"skip {Count(DynamicGroups.Count, "dynamic group")} (membership follows the group's rule; change the user's attributes or the rule): {Names(DynamicGroups)}");
        }

        parts.Add(Apps.Count == 0 ? "no app role assignments to remove" : $"remove {Count(Apps.Count, "app role assignment")}: {Names(Apps)}");
        parts.Add(DirectLicences.Count == 0 ? "no directly assigned licences to remove" : $"remove {Count(DirectLicences.Count, "direct licence")}: {Names(DirectLicences)}");
        if (InheritedLicences.Count > 0)
        {
            parts.Add($"licences inherited from groups go with the group removals: {Names(InheritedLicences)}");
        }

        if (Grants.Count > 0)
        {
            parts.Add($"end {Count(Grants.Count, "live temporary grant")}: {Names(Grants)}");
        }

        parts.Add(ManagerUpn is null ? "no manager to notify" : $"notify the manager {ManagerName} ({ManagerUpn})");
        if (DeleteAfter is { } after)
        {
            parts.Add($"delete the account after {DescribeWindow(after)} (cancellable until then; restorable from deleted items for 30 days after)");
        }
        return $"Offboard {who}: {string.Join("; ", parts)}";
    }

    public static string DescribeWindow(TimeSpan after)
        => after.TotalDays >= 1 && after.TotalDays == Math.Floor(after.TotalDays) ? Count((int)after.TotalDays, "day")
            : after.TotalHours >= 1 ? $"{after.TotalHours:0.#} hours" : $"{Math.Max(1, after.TotalSeconds):0} seconds";

    private static string Names(IEnumerable<RadiusItem> items) => string.Join(", ", items.Select(i => $"\"{i.Name}\""));

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
