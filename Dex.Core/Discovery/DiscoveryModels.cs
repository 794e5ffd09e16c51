using System.Text.Json.Serialization;

namespace Dex.Core.Discovery;

public sealed record DiscoveredGroup(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("displayName")] string DisplayName,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("isAssignableToRole")] bool IsAssignableToRole);

public sealed record DiscoveredRole(
    [property: JsonPropertyName("displayName")] string DisplayName,
    [property: JsonPropertyName("roleTemplateId")] string? RoleTemplateId,
    [property: JsonPropertyName("members")] IReadOnlyList<string> Members);

public sealed record DiscoveredApp(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("displayName")] string DisplayName);

public sealed record DiscoveredSku(
    [property: JsonPropertyName("skuPartNumber")] string SkuPartNumber,
    [property: JsonPropertyName("enabled")] int Enabled,
    [property: JsonPropertyName("consumed")] int Consumed)
{
    /// <summary>The product name ("Microsoft 365 E5").</summary>
    [JsonPropertyName("name")] public string Name { get; init; } = Licensing.SkuNames.Friendly(SkuPartNumber);

    [JsonPropertyName("free")] public int Free => Math.Max(0, Enabled - Consumed);

    /// <summary>Assigned seats as a share of enabled ones, in percent.</summary>
    [JsonPropertyName("utilisation")] public int Utilisation => Enabled == 0 ? 0 : (int)Math.Round(100.0 * Consumed / Enabled);

    /// <summary>Seats held by disabled accounts: what reclaim_licenses could free.</summary>
    [JsonPropertyName("reclaimable")] public int Reclaimable { get; init; }
}

/// <summary>A group Dex proposes as approvers, with the evidence for it.</summary>
public sealed record ApproverProposal(
    [property: JsonPropertyName("group")] string Group,
    [property: JsonPropertyName("groupId")] string GroupId,
    [property: JsonPropertyName("members")] IReadOnlyList<string> Members,
    [property: JsonPropertyName("basis")] string Basis);

public sealed record DiscoverySnapshot
{
    [JsonPropertyName("at")] public required DateTimeOffset At { get; init; }
    [JsonPropertyName("runBy")] public required string RunBy { get; init; }
    [JsonPropertyName("users")] public int Users { get; init; }
    [JsonPropertyName("disabledUsers")] public int DisabledUsers { get; init; }
    [JsonPropertyName("securityGroups")] public IReadOnlyList<DiscoveredGroup> SecurityGroups { get; init; } = [];
    [JsonPropertyName("microsoft365Groups")] public IReadOnlyList<DiscoveredGroup> Microsoft365Groups { get; init; } = [];
    [JsonPropertyName("directoryRoles")] public IReadOnlyList<DiscoveredRole> DirectoryRoles { get; init; } = [];
    [JsonPropertyName("enterpriseApps")] public IReadOnlyList<DiscoveredApp> EnterpriseApps { get; init; } = [];
    [JsonPropertyName("licenses")] public IReadOnlyList<DiscoveredSku> Licenses { get; init; } = [];
    [JsonPropertyName("proposedApproverGroups")] public IReadOnlyList<ApproverProposal> ProposedApproverGroups { get; init; } = [];
    [JsonPropertyName("graphRequests")] public int GraphRequests { get; init; }
    [JsonPropertyName("durationMs")] public long DurationMs { get; init; }

    [JsonPropertyName("summary")]
    public string Summary =>
        $"Discovery found {Users} users ({DisabledUsers} disabled), {SecurityGroups.Count} security groups, {Microsoft365Groups.Count} Microsoft 365 groups, " +
        $"{DirectoryRoles.Count} active directory roles, {EnterpriseApps.Count} enterprise apps and {Licenses.Count} licenses" +
        (Licenses.Count == 0 ? ". " : " (" + string.Join("; ", Licenses.Select(l => $"{l.Name}: {l.Consumed}/{l.Enabled} used, {l.Free} free, {l.Reclaimable} reclaimable")) + "). ") +
        (ProposedApproverGroups.Count == 0
            ? "No approver group could be proposed."
            : "Proposed approver groups: " + string.Join("; ", ProposedApproverGroups.Select(p => $"{p.Group} ({p.Basis})")) + ".");
}

/// <summary>Keeps the latest discovery snapshot.</summary>
public interface IDiscoveryStore
{
    Task SaveAsync(DiscoverySnapshot snapshot, CancellationToken cancellationToken = default);

    Task<DiscoverySnapshot?> LatestAsync(CancellationToken cancellationToken = default);
}

public sealed class InMemoryDiscoveryStore : IDiscoveryStore
{
    private DiscoverySnapshot? _latest;

    public Task SaveAsync(DiscoverySnapshot snapshot, CancellationToken cancellationToken = default)
    {
        Volatile.Write(ref _latest, snapshot);
        return Task.CompletedTask;
    }

    public Task<DiscoverySnapshot?> LatestAsync(CancellationToken cancellationToken = default) => Task.FromResult(Volatile.Read(ref _latest));
}

/// <summary>The latest snapshot as a JSON file (Dex.Local's state folder); written to a temp file and renamed so a crash never leaves half a file.</summary>
public sealed class FileDiscoveryStore(string path) : IDiscoveryStore
{
    public async Task SaveAsync(DiscoverySnapshot snapshot, CancellationToken cancellationToken = default)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        System.IO.Directory.CreateDirectory(dir);
        var temp = path + ".tmp";
        await using (var stream = File.Create(temp))
        {
            await System.Text.Json.JsonSerializer.SerializeAsync(stream, snapshot, cancellationToken: cancellationToken);
        }

        File.Move(temp, path, overwrite: true);
    }

    public async Task<DiscoverySnapshot?> LatestAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = File.OpenRead(path);
        return await System.Text.Json.JsonSerializer.DeserializeAsync<DiscoverySnapshot>(stream, cancellationToken: cancellationToken);
    }
}
