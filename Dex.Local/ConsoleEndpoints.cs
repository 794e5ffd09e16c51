using System.Text.Json.Serialization;
using Dex.Core;
using Dex.GraphEmulator;
using Dex.Web.Http;
using Microsoft.Extensions.FileProviders;

namespace Dex.Local;

/// <summary>
/// JSON the local web console (wwwroot) needs beyond the public API: the simulated tenant as it is right now, and the live time-bound grants.
/// Local host only, like the outbox.
/// </summary>
public static class ConsoleEndpoints
{
    /// <summary>Maps the console's JSON and makes sure the static files of the console are found (see <see cref="FindWebRoot"/>).</summary>
    public static WebApplication MapConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (FindWebRoot(app.Environment.WebRootPath, AppContext.BaseDirectory) is { } webRoot && webRoot != app.Environment.WebRootPath)
        {
            app.Environment.WebRootPath = webRoot;
            app.Environment.WebRootFileProvider = new PhysicalFileProvider(webRoot);
        }

        app.MapGet("/api/local/directory", (IServiceProvider services) =>
        {
            var emulator = services.GetService<GraphEmulatorServer>();
            return emulator is null
                ? ApiErrors.NotFound("directory_unavailable", "The directory view reads the embedded Graph emulator; it is not available in Live mode.")
                : Results.Json(Snapshot(emulator.Tenant), DexJson.Options);
        });
        app.MapGet("/api/local/grants", async (Dex.Core.Grants.GrantService grants, CancellationToken ct) =>
        {
            var now = grants.Now;
            var live = (await grants.Store.ListOpenAsync(cancellationToken: ct)).Where(g => g is { IsLive: true, EndsAt: not null });
            return Results.Json(new
            {
                grants = live.Select(g => new
                {
                    id = g.Id,
                    requestId = g.RequestId,
                    user = g.UserPrincipalName,
                    resource = g.ResourceName,
                    endsAt = g.EndsAt,
                    secondsLeft = Math.Max(0, (long)(g.EndsAt!.Value - now).TotalSeconds),
                    left = Dex.Core.Actions.ListGrants.ListGrantsAction.Left(g, now),
                    preExisting = g.PreExisting,
                    extensions = g.Extensions,
                }),
            }, DexJson.Options);
        });
        return app;
    }

    /// <summary>
    /// The folder holding the console's index.html: the configured web root when it has it (published app, or run from
    /// Dex.Local/), else wwwroot beside the binaries, else Dex.Local/wwwroot above them (dotnet run from the repository
    /// root, tests). Null when none is found.
    /// </summary>
    internal static string? FindWebRoot(string? configured, string baseDirectory)
    {
        if (HasIndex(configured))
        {
            return configured;
        }

        var beside = Path.Combine(baseDirectory, "wwwroot");
        if (HasIndex(beside))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(baseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "Dex.Local", "wwwroot"), Path.Combine(dir.FullName, "wwwroot") })
            {
                if (HasIndex(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;

        static bool HasIndex(string? path) => !string.IsNullOrEmpty(path) && File.Exists(Path.Combine(path, "index.html"));
    }

    /// <summary>Users with their directory roles and groups, groups with their members, roles with their holders.</summary>
    internal static ConsoleDirectory Snapshot(EmulatedTenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var users = tenant.Users;
        var groups = tenant.Groups;
        var upnById = users.ToDictionary(u => u.Id, u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase);
        var groupNameById = groups.ToDictionary(g => g.Id, g => g.DisplayName, StringComparer.OrdinalIgnoreCase);
        string NameOf(string id) => upnById.TryGetValue(id, out var upn) ? upn : groupNameById.TryGetValue(id, out var name) ? name : id;

        var roleHolders = new SortedDictionary<string, SortedSet<string>>(StringComparer.OrdinalIgnoreCase);
        var consoleUsers = new List<ConsoleUser>(users.Count);
        foreach (var u in users.OrderBy(u => u.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase))
        {
            var roles = tenant.RolesOf(u.Id).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
            foreach (var r in roles)
            {
                if (!roleHolders.TryGetValue(r, out var holders))
                {
                    roleHolders[r] = holders = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
                }

                holders.Add(u.UserPrincipalName);
            }

            var memberOf = groups.Where(g => g.MemberIds.Contains(u.Id, StringComparer.OrdinalIgnoreCase))
                .Select(g => g.DisplayName).Order(StringComparer.OrdinalIgnoreCase).ToList();
            consoleUsers.Add(new ConsoleUser(
                u.Id, u.UserPrincipalName, u.DisplayName, u.Department, u.JobTitle, u.AccountEnabled, roles, memberOf,
                u.AuthenticationMethods, string.IsNullOrEmpty(u.RiskLevel) || u.RiskLevel == "none" ? null : u.RiskLevel,
                u.SignInSessionsRevokedAt));
        }

        var consoleGroups = groups
            .OrderBy(g => g.DisplayName, StringComparer.OrdinalIgnoreCase)
            .Select(g => new ConsoleGroup(
                g.Id,
                g.DisplayName,
                g.IsMicrosoft365 ? "microsoft365" : g.IsSecurity ? "security" : "distribution",
                g.IsAssignableToRole,
                [.. g.MemberIds.Select(NameOf).Order(StringComparer.OrdinalIgnoreCase)],
                [.. g.OwnerIds.Select(NameOf).Order(StringComparer.OrdinalIgnoreCase)]))
            .ToList();

        var consoleRoles = roleHolders.Select(kv => new ConsoleRole(kv.Key, [.. kv.Value])).ToList();
        return new ConsoleDirectory(tenant.Domain, consoleUsers, consoleGroups, consoleRoles);
    }
}

internal sealed record ConsoleDirectory(
    [property: JsonPropertyName("domain")] string Domain,
    [property: JsonPropertyName("users")] IReadOnlyList<ConsoleUser> Users,
    [property: JsonPropertyName("groups")] IReadOnlyList<ConsoleGroup> Groups,
    [property: JsonPropertyName("roles")] IReadOnlyList<ConsoleRole> Roles);

internal sealed record ConsoleUser(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("userPrincipalName")] string UserPrincipalName,
    [property: JsonPropertyName("displayName")] string DisplayName,
    [property: JsonPropertyName("department")] string? Department,
    [property: JsonPropertyName("jobTitle")] string? JobTitle,
    [property: JsonPropertyName("accountEnabled")] bool AccountEnabled,
    [property: JsonPropertyName("roles")] IReadOnlyList<string> Roles,
    [property: JsonPropertyName("groups")] IReadOnlyList<string> Groups,
    [property: JsonPropertyName("authenticationMethods")] IReadOnlyList<string> AuthenticationMethods,
    [property: JsonPropertyName("riskLevel")] string? RiskLevel,
    [property: JsonPropertyName("sessionsRevokedAt")] DateTimeOffset? SessionsRevokedAt);

internal sealed record ConsoleGroup(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("displayName")] string DisplayName,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("isAssignableToRole")] bool IsAssignableToRole,
    [property: JsonPropertyName("members")] IReadOnlyList<string> Members,
    [property: JsonPropertyName("owners")] IReadOnlyList<string> Owners);

internal sealed record ConsoleRole(
    [property: JsonPropertyName("displayName")] string DisplayName,
    [property: JsonPropertyName("holders")] IReadOnlyList<string> Holders);
