using System.Net;
using System.Text.Json;
using Dex.Core.Requests;
using Microsoft.Graph.Models;

namespace Dex.Core.Directory;

public static class ItemStatus
{
    public const string Enabled = "enabled";
    public const string AlreadyEnabled = "already_enabled";
    public const string NotFound = "not_found";
    public const string Failed = "failed";
}

public sealed partial class DirectoryService
{
    /// <summary>
    /// Re-enables many accounts: reads each account's state, then PATCHes only the disabled ones,
    /// both through <c>$batch</c>. Each user gets one outcome: enabled, already enabled, not found,
    /// or failed with the reason.
    /// </summary>
    public async Task<IReadOnlyList<StepItemResult>> EnableAccountsAsync(IReadOnlyList<string> users, GraphBatcher? batcher = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(users);
        batcher ??= new GraphBatcher(graph);
        var distinct = users.Select(u => u.Trim()).Where(u => u.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var reads = distinct.Select(u => (u, graph.Users[u].ToGetRequestInformation(rc => rc.QueryParameters.Select = ["id", "userPrincipalName", "accountEnabled"]))).ToList();
        var states = await batcher.RunAsync(reads, cancellationToken);

        var outcomes = new Dictionary<string, StepItemResult>(StringComparer.OrdinalIgnoreCase);
        var toEnable = new List<(string Key, string Id, string Upn)>();
        foreach (var r in states)
        {
            if (r.Status == HttpStatusCode.NotFound)
            {
                outcomes[r.Key] = new StepItemResult(r.Key, ItemStatus.NotFound, "no such user in the directory");
                continue;
            }

            if (r.Status != HttpStatusCode.OK)
            {
                outcomes[r.Key] = new StepItemResult(r.Key, ItemStatus.Failed, ErrorText(r));
                continue;
            }

            using var doc = JsonDocument.Parse(r.Body);
            var root = doc.RootElement;
            var upn = root.TryGetProperty("userPrincipalName", out var u) ? u.GetString() ?? r.Key : r.Key;
            var enabled = root.TryGetProperty("accountEnabled", out var e) && e.ValueKind == JsonValueKind.True;
            if (enabled)
            {
                outcomes[r.Key] = new StepItemResult(upn, ItemStatus.AlreadyEnabled, "was already enabled");
            }
            else
            {
                toEnable.Add((r.Key, root.GetProperty("id").GetString()!, upn));
            }
        }

        var writes = toEnable.Select(t => (t.Key, graph.Users[t.Id].ToPatchRequestInformation(new User { AccountEnabled = true }))).ToList();
        var written = await batcher.RunAsync(writes, cancellationToken);
        foreach (var w in written)
        {
            var upn = toEnable.First(t => t.Key == w.Key).Upn;
            outcomes[w.Key] = (int)w.Status is >= 200 and < 300
                ? new StepItemResult(upn, ItemStatus.Enabled, "re-enabled")
                : w.Status == HttpStatusCode.NotFound
                    ? new StepItemResult(upn, ItemStatus.NotFound, "no longer exists")
                    : new StepItemResult(upn, ItemStatus.Failed, ErrorText(w));
        }

        return [.. distinct.Select(d => outcomes[d])];
    }

    /// <summary>Users matching search criteria (display name and UPN by prefix; the rest exactly). Values are escaped, never spliced raw.</summary>
    public Task<IReadOnlyList<DirectoryUser>> SearchUsersAsync(IReadOnlyDictionary<string, string> criteria, int max = 200, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var clauses = new List<string>();
        foreach (var (key, raw) in criteria)
        {
            var value = raw.Trim();
            switch (key.ToLowerInvariant())
            {
                case "displayname":
                case "name":
                    clauses.Add($"startswith(displayName,{ODataText.Quote(value)})");
                    break;
                case "userprincipalname":
                case "upn":
                    clauses.Add($"startswith(userPrincipalName,{ODataText.Quote(value)})");
                    break;
                case "mail":
                case "email":
                    clauses.Add($"mail eq {ODataText.Quote(value)}");
                    break;
                case "department":
                    clauses.Add($"department eq {ODataText.Quote(value)}");
                    break;
                case "jobtitle":
                    clauses.Add($"jobTitle eq {ODataText.Quote(value)}");
                    break;
                case "accountenabled":
                case "status":
                    var enabled = value.ToLowerInvariant() switch
                    {
                        "true" or "enabled" or "active" => true,
                        "false" or "disabled" or "locked" or "blocked" => false,
                        _ => throw new DirectoryException($"Account status must be enabled or disabled, not '{value}'.", 400),
                    };
                    clauses.Add($"accountEnabled eq {(enabled ? "true" : "false")}");
                    break;
                default:
                    throw new DirectoryException($"Dex cannot search users by '{key}'; use name, UPN, e-mail, department, job title or account status.", 400);
            }
        }

        if (clauses.Count == 0)
        {
            throw new DirectoryException("Say what to search for: a name, UPN, e-mail, department, job title or account status.", 400);
        }

        return QueryUsersAsync(string.Join(" and ", clauses), max, cancellationToken);
    }

    /// <summary>Disabled accounts, optionally in one department, across all pages.</summary>
    public Task<IReadOnlyList<DirectoryUser>> ListDisabledUsersAsync(string? department, CancellationToken cancellationToken = default)
    {
        var filter = "accountEnabled eq false";
        if (!string.IsNullOrWhiteSpace(department))
        {
            filter += $" and department eq {ODataText.Quote(department.Trim())}";
        }

        return QueryUsersAsync(filter, 100_000, cancellationToken);
    }

    private static string ErrorText(BatchItemResult r)
    {
        try
        {
            using var doc = JsonDocument.Parse(r.Body);
            if (doc.RootElement.TryGetProperty("error", out var err) && err.TryGetProperty("message", out var m))
            {
                return $"HTTP {(int)r.Status}: {m.GetString()}";
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the status alone.
        }

        return $"HTTP {(int)r.Status}";
    }
}
