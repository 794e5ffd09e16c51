using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Core;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;

namespace Dex.Core.Directory;

public sealed record SetupCheck(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("detail")] string Detail);

public sealed record SetupReport(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("graph")] string Graph,
    [property: JsonPropertyName("tenant")] string? Tenant,
    [property: JsonPropertyName("checks")] IReadOnlyList<SetupCheck> Checks,
    [property: JsonPropertyName("missingPermissions")] IReadOnlyList<string> MissingPermissions)
{
    /// <summary>The policy's names looked up in this tenant (unknown ones with the nearest real names).</summary>
    [JsonPropertyName("policy")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Policy.PolicyLintReport? Policy { get; init; }

    /// <summary>Granted application permissions Dex does not use: each widens what a compromised Dex could do.</summary>
    [JsonPropertyName("excessPermissions")] public IReadOnlyList<string> ExcessPermissions { get; init; } = [];
}

/// <summary>
/// Checks the configured Graph connection before anyone relies on it: the organization can be read,
/// each area Dex uses answers, and (live) the app's token carries every application permission Dex needs.
/// </summary>
public sealed class SetupValidator(GraphServiceClient graph, GraphOptions options)
{
    /// <summary>The Microsoft Graph application permissions Dex uses, and no more (docs/deploy.md justifies each).</summary>
    public static readonly IReadOnlyList<string> RequiredPermissions =
    [
        "User.ReadWrite.All", "GroupMember.ReadWrite.All", "UserAuthenticationMethod.ReadWrite.All", "IdentityRiskyUser.ReadWrite.All",
        "Application.Read.All", "Organization.Read.All", "RoleManagement.Read.Directory", "AdministrativeUnit.Read.All",
    ];

    /// <summary>Permissions an operator may add on purpose (photo least privilege; direct enterprise-app assignment, opt-in): neither missing nor excess.</summary>
    public static readonly IReadOnlyList<string> OptionalPermissions = ["ProfilePhoto.ReadWrite.All", "AppRoleAssignment.ReadWrite.All"];

    public async Task<SetupReport> ValidateAsync(CancellationToken cancellationToken = default)
    {
        var checks = new List<SetupCheck>();
        string? tenant = null;
        try
        {
            var orgs = await graph.Organization.GetAsync(cancellationToken: cancellationToken);
            var org = orgs?.Value?.FirstOrDefault();
            tenant = org is null ? null : $"{org.DisplayName} ({org.Id})";
            checks.Add(new SetupCheck("organization", org is not null, org is null ? "no organization returned" : $"read {tenant}"));
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or AuthenticationFailedException)
        {
            checks.Add(new SetupCheck("organization", false, Describe(e)));
            return new SetupReport(false, options.BaseUrl, null, checks, []);
        }

        await Probe(checks, "users", () => graph.Users.GetAsync(rc => rc.QueryParameters.Top = 1, cancellationToken));
        await Probe(checks, "groups", () => graph.Groups.GetAsync(rc => rc.QueryParameters.Top = 1, cancellationToken));
        await Probe(checks, "directoryRoles", () => graph.DirectoryRoles.GetAsync(cancellationToken: cancellationToken));
        await Probe(checks, "subscribedSkus", () => graph.SubscribedSkus.GetAsync(cancellationToken: cancellationToken));

        var missing = new List<string>();
        var excess = new List<string>();
        if (options.IsLive)
        {
            try
            {
                var token = await GraphClientBuilder.CreateCredential(options).GetTokenAsync(new TokenRequestContext(["https://graph.microsoft.com/.default"]), cancellationToken);
                var roles = RolesOf(token.Token);
                missing.AddRange(RequiredPermissions.Where(p => !roles.Contains(p, StringComparer.OrdinalIgnoreCase)));
                excess.AddRange(Excess(roles));
                checks.Add(new SetupCheck("permissions", missing.Count == 0, missing.Count == 0 ? "all application permissions granted" : "missing: " + string.Join(", ", missing)));
                checks.Add(new SetupCheck("leastPrivilege", excess.Count == 0, excess.Count == 0 ? "no permission beyond what Dex uses" : "granted but not used by Dex (remove them): " + string.Join(", ", excess)));
            }
            catch (AuthenticationFailedException e)
            {
                checks.Add(new SetupCheck("permissions", false, Describe(e)));
            }
        }
        else
        {
            checks.Add(new SetupCheck("permissions", true, "emulator: every permission is granted"));
        }

        return new SetupReport(checks.All(c => c.Ok), options.BaseUrl, tenant, checks, missing) { ExcessPermissions = excess };
    }

    /// <summary>Granted permissions that are neither required nor an accepted option.</summary>
    public static IReadOnlyList<string> Excess(IEnumerable<string> granted)
    {
        ArgumentNullException.ThrowIfNull(granted);
        return [.. granted.Where(p => !RequiredPermissions.Concat(OptionalPermissions).Contains(p, StringComparer.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];
    }

    /// <summary>The "roles" claim of an app-only access token (application permissions).</summary>
    public static IReadOnlyList<string> RolesOf(string jwt)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        var parts = jwt.Split('.');
        if (parts.Length < 2)
        {
            return [];
        }

        var payload = parts[1].Replace('-', '+').Replace('_', '/');
        payload += (payload.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
        try
        {
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return doc.RootElement.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array
                ? [.. roles.EnumerateArray().Select(r => r.GetString() ?? string.Empty)]
                : [];
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return [];
        }
    }

    private static async Task Probe(List<SetupCheck> checks, string name, Func<Task> call)
    {
        try
        {
            await call();
            checks.Add(new SetupCheck(name, true, "readable"));
        }
        catch (Exception e) when (e is ApiException or HttpRequestException)
        {
            checks.Add(new SetupCheck(name, false, Describe(e)));
        }
    }

    private static string Describe(Exception e) => e switch
    {
        Microsoft.Graph.Models.ODataErrors.ODataError o => $"HTTP {o.ResponseStatusCode} {o.Error?.Code}: {o.Error?.Message}",
        ApiException a => $"HTTP {a.ResponseStatusCode}",
        AuthenticationFailedException => "could not get a token: check the tenant id, client id and credential",
        _ => e.GetType().Name,
    };
}
