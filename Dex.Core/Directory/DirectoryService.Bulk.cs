using System.Net;
using System.Text.Json;
using Dex.Core.Requests;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

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
    /// <summary>From this many distinct targets on, account state is read with a filtered list of the disabled accounts first.</summary>
    internal const int DisabledListThreshold = 2 * GraphBatcher.MaxBatchSize;

    private static readonly Dictionary<string, ParsableFactory<IParsable>> ErrorMapping = new(StringComparer.OrdinalIgnoreCase)
    {
        ["XXX"] = ODataError.CreateFromDiscriminatorValue,
    };

    /// <summary>
    /// Re-enables many accounts: reads each account's state, then PATCHes only the disabled ones,
    /// both through <c>$batch</c>. Each user gets one outcome: enabled, already enabled, not found,
    /// or failed with the reason.
    /// </summary>
    /// <remarks>
    /// With many targets the state is read with one filtered, paged query of the disabled accounts
    /// (<c>accountEnabled eq false</c>, 999 per page) instead of one GET per target: 1,000 targets cost a few
    /// pages instead of 50 batches. The list is only trusted for what it shows (these accounts are disabled);
    /// targets it does not show are still read one by one (batched), which tells "already enabled" from
    /// "not found". The listing stops after half the batches the per-target reads would take, so a tenant
    /// with very many disabled accounts never costs much more than before; each account is PATCHed once.
    /// </remarks>
    public async Task<IReadOnlyList<StepItemResult>> EnableAccountsAsync(IReadOnlyList<string> users, GraphBatcher? batcher = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(users);
        batcher ??= new GraphBatcher(graph);
        var distinct = users.Select(u => u.Trim()).Where(u => u.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var outcomes = new Dictionary<string, StepItemResult>(StringComparer.OrdinalIgnoreCase);
        var toEnable = new List<(string Key, string Id, string Upn)>();

        var unresolved = distinct;
        if (distinct.Count >= DisabledListThreshold)
        {
            var listed = await ListDisabledTargetsAsync(distinct, cancellationToken);
            unresolved = [];
            foreach (var key in distinct)
            {
                if (listed.TryGetValue(key, out var found))
                {
                    toEnable.Add((key, found.Id, found.Upn));
                }
                else
                {
                    unresolved.Add(key);
                }
            }
        }

        var reads = unresolved.Select(u => (u, graph.Users[u].ToGetRequestInformation(rc => rc.QueryParameters.Select = ["id", "userPrincipalName", "accountEnabled"]))).ToList();
        var states = await batcher.RunAsync(reads, cancellationToken);
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

        // One PATCH per account, even when the caller named it twice (by id and by UPN).
        var byId = toEnable.GroupBy(t => t.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        // The body is the same for every account: serialize it once. Kiota serializes a User by visiting all of its ~150
        // backing-store properties, which cost 0.2-0.7 ms per request here, most of the CPU of a 1,000-user unlock.
        var body = await SerializeOnceAsync(graph.Users["-"].ToPatchRequestInformation(new User { AccountEnabled = true }), cancellationToken);
        var writes = byId.Keys.Select(id => (id, PatchRequest(id, body))).ToList();
        var written = await batcher.RunAsync(writes, cancellationToken);
        foreach (var w in written)
        {
            foreach (var (key, _, upn) in byId[w.Key])
            {
                outcomes[key] = (int)w.Status is >= 200 and < 300
                    ? new StepItemResult(upn, ItemStatus.Enabled, "re-enabled")
                    : w.Status == HttpStatusCode.NotFound
                        ? new StepItemResult(upn, ItemStatus.NotFound, "no longer exists")
                        : new StepItemResult(upn, ItemStatus.Failed, ErrorText(w));
            }
        }

        return [.. distinct.Select(d => outcomes[d])];
    }

    /// <summary>PATCH /users/{id} with a pre-serialized JSON body: the SDK's URL and headers, the SDK's body bytes.</summary>
    private RequestInformation PatchRequest(string id, byte[] body)
    {
        var info = graph.Users[id].ToGetRequestInformation();
        info.HttpMethod = Method.PATCH;
        info.SetStreamContent(new MemoryStream(body, writable: false), "application/json");
        return info;
    }

    private static async Task<byte[]> SerializeOnceAsync(RequestInformation info, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await info.Content.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }

    /// <summary>
    /// The targets (by id or UPN, case-insensitive) that a filtered list of disabled accounts shows, within a page budget
    /// of half the batches per-target reads would take. Holds only matching targets, never the pages. A failed or cut-short
    /// listing returns what it saw: the rest is read per target.
    /// </summary>
    private async Task<Dictionary<string, (string Id, string Upn)>> ListDisabledTargetsAsync(List<string> targets, CancellationToken cancellationToken)
    {
        var wanted = new HashSet<string>(targets, StringComparer.OrdinalIgnoreCase);
        var found = new Dictionary<string, (string Id, string Upn)>(StringComparer.OrdinalIgnoreCase);
        var budget = Math.Max(1, (targets.Count + GraphBatcher.MaxBatchSize - 1) / GraphBatcher.MaxBatchSize / 2);
        try
        {
            // Pages are read as raw JSON: Kiota would build a full User model (a backing store and ~150 field
            // deserializers) for each of up to 999 accounts per page, to keep three strings of the few that match.
            var request = graph.Users.ToGetRequestInformation(rc =>
            {
                rc.QueryParameters.Filter = "accountEnabled eq false";
                rc.QueryParameters.Select = ["id", "userPrincipalName", "accountEnabled"];
                rc.QueryParameters.Top = 999;
            });
            for (var pages = 1; ; pages++)
            {
                string? next;
                var stream = await graph.RequestAdapter.SendPrimitiveAsync<Stream>(request, ErrorMapping, cancellationToken);
                if (stream is null)
                {
                    break;
                }

                await using (stream)
                {
                    using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
                    var root = doc.RootElement;
                    if (root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var user in value.EnumerateArray())
                        {
                            if (!user.TryGetProperty("id", out var idProp) || idProp.GetString() is not { } id
                                || !user.TryGetProperty("accountEnabled", out var enabled) || enabled.ValueKind != JsonValueKind.False)
                            {
                                continue;
                            }

                            var upnText = user.TryGetProperty("userPrincipalName", out var upnProp) ? upnProp.GetString() : null;
                            var upn = upnText ?? id;
                            if (wanted.Contains(id))
                            {
                                found[id] = (id, upn);
                            }

                            if (upnText is not null && wanted.Contains(upnText))
                            {
                                found[upnText] = (id, upn);
                            }
                        }
                    }

                    next = root.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
                }

                if (string.IsNullOrEmpty(next) || pages >= budget || found.Count == wanted.Count)
                {
                    break;
                }

                request = new RequestInformation { HttpMethod = Method.GET, URI = new Uri(next) };
                request.Headers.Add("Accept", "application/json");
            }
        }
        catch (Exception e) when (e is ApiException or AggregateException or HttpRequestException)
        {
            // The listing is only a shortcut: whatever it did not confirm is read per target below.
        }

        return found;
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
