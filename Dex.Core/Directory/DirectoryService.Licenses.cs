using System.Net;
using System.Text.Json;
using Dex.Core.Licensing;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.AssignLicense;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Serialization.Json;

namespace Dex.Core.Directory;

/// <summary>A licence change for one user: what to add (SKU and disabled plans) and which SKUs to remove.</summary>
public sealed record LicenseChange(string UserId, IReadOnlyList<(string SkuId, IReadOnlyList<string> DisabledPlans)> Add, IReadOnlyList<string> Remove);

public sealed partial class DirectoryService
{
    internal static readonly string[] LicensedUserSelect =
        ["id", "userPrincipalName", "displayName", "department", "usageLocation", "accountEnabled", "assignedLicenses", "licenseAssignmentStates"];

    /// <summary>The tenant's SKUs with seat counts and service plans (GET /subscribedSkus).</summary>
    public async Task<IReadOnlyList<TenantSku>> ListSkusAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var page = await graph.SubscribedSkus.GetAsync(cancellationToken: cancellationToken);
            return [.. (page?.Value ?? []).Select(s => new TenantSku(
                s.SkuId?.ToString() ?? string.Empty,
                s.SkuPartNumber ?? string.Empty,
                SkuNames.Friendly(s.SkuPartNumber ?? string.Empty),
                s.PrepaidUnits?.Enabled ?? 0,
                s.ConsumedUnits ?? 0,
                s.PrepaidUnits?.Suspended ?? 0,
                s.PrepaidUnits?.LockedOut ?? 0,
                s.AppliesTo ?? "User",
                [.. (s.ServicePlans ?? []).Select(p => new SkuPlan(p.ServicePlanId?.ToString() ?? string.Empty, p.ServicePlanName ?? string.Empty))]))];
        }
        catch (ApiException e)
        {
            throw Translate(e, "reading the tenant's licences");
        }
    }

    /// <summary>One user with their licences (direct and group-based); null when there is no such user.</summary>
    public async Task<LicensedUser?> GetLicensedUserAsync(string idOrUpn, bool withSignIn = false, CancellationToken cancellationToken = default)
    {
        try
        {
            var u = await graph.Users[idOrUpn].GetAsync(rc => rc.QueryParameters.Select = withSignIn ? [.. LicensedUserSelect, "signInActivity"] : LicensedUserSelect, cancellationToken);
            return u is null ? null : ToLicensedUser(u);
        }
        catch (ODataError e) when (e.ResponseStatusCode == 404)
        {
            return null;
        }
        catch (ApiException e)
        {
            throw Translate(e, "reading a user's licences");
        }
    }

    /// <summary>Many users with their licences, read through <c>$batch</c>; users that no longer exist are left out.</summary>
    public async Task<IReadOnlyList<LicensedUser>> GetLicensedUsersAsync(IReadOnlyList<string> ids, GraphBatcher? batcher = null, bool withSignIn = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 1)
        {
            return await GetLicensedUserAsync(ids[0], withSignIn, cancellationToken) is { } one ? [one] : [];
        }

        batcher ??= new GraphBatcher(graph);
        string[] select = withSignIn ? [.. LicensedUserSelect, "signInActivity"] : LicensedUserSelect;
        var reads = ids.Distinct(StringComparer.OrdinalIgnoreCase).Select(id => (id, graph.Users[id].ToGetRequestInformation(rc => rc.QueryParameters.Select = select))).ToList();
        var results = await batcher.RunAsync(reads, cancellationToken);
        var users = new List<LicensedUser>();
        foreach (var r in results)
        {
            if (r.Status == HttpStatusCode.NotFound)
            {
                continue;
            }

            if (r.Status != HttpStatusCode.OK)
            {
                throw new DirectoryException($"Microsoft Graph failed while reading licences ({ErrorText(r)}).", (int)r.Status);
            }

            users.Add(ParseLicensedUser(r.Body));
        }

        return users;
    }

    /// <summary>Every user matching a filter, with licences (and sign-in activity when asked), across all pages.</summary>
    public async Task<IReadOnlyList<LicensedUser>> ListLicensedUsersAsync(string filter, bool withSignIn, CancellationToken cancellationToken = default)
    {
        try
        {
            var page = await graph.Users.GetAsync(
                rc =>
                {
                    rc.QueryParameters.Filter = filter;
                    rc.QueryParameters.Select = withSignIn ? [.. LicensedUserSelect, "signInActivity"] : LicensedUserSelect;
                    rc.QueryParameters.Top = 999;
                },
                cancellationToken);
            var result = new List<LicensedUser>();
            await CollectAsync<User, UserCollectionResponse>(page, u => { result.Add(ToLicensedUser(u)); return true; }, cancellationToken);
            return result;
        }
        catch (ApiException e)
        {
            throw Translate(e, "listing users' licences");
        }
    }

    /// <summary>The part numbers of the licences a user holds (GET /users/{id}/licenseDetails).</summary>
    public async Task<IReadOnlyList<string>> GetLicenseDetailsAsync(string userId, CancellationToken cancellationToken = default)
    {
        try
        {
            var page = await graph.Users[userId].LicenseDetails.GetAsync(cancellationToken: cancellationToken);
            var result = new List<string>();
            await CollectAsync<LicenseDetails, LicenseDetailsCollectionResponse>(page, d => { result.Add(d.SkuPartNumber ?? d.SkuId?.ToString() ?? "?"); return true; }, cancellationToken);
            return result;
        }
        catch (ApiException e)
        {
            throw Translate(e, "reading a user's licences");
        }
    }

    /// <summary>Sets a user's usage location (two letters); licences need one.</summary>
    public async Task SetUsageLocationAsync(string userId, string usageLocation, CancellationToken cancellationToken = default)
    {
        try
        {
            await graph.Users[userId].PatchAsync(new User { UsageLocation = usageLocation }, cancellationToken: cancellationToken);
        }
        catch (ApiException e)
        {
            throw Translate(e, "setting the usage location");
        }
    }

    /// <summary>One assignLicense call. Graph's refusal message is returned (null on success), so callers can explain or retry it.</summary>
    public async Task<string?> AssignLicenseAsync(LicenseChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        try
        {
            await graph.Users[change.UserId].AssignLicense.PostAsync(Body(change), cancellationToken: cancellationToken);
            return null;
        }
        catch (ODataError e) when (e.ResponseStatusCode is 400 or 404)
        {
            return e.Error?.Message ?? e.Message;
        }
        catch (ApiException e)
        {
            throw Translate(e, "changing licences");
        }
    }

    /// <summary>Many assignLicense calls through <c>$batch</c> (20 per request, throttling retried); one result per change, keyed by user id.</summary>
    public async Task<IReadOnlyList<BatchItemResult>> AssignLicensesAsync(IReadOnlyList<LicenseChange> changes, GraphBatcher? batcher = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        batcher ??= new GraphBatcher(graph);
        var writes = changes.Select(c => (c.UserId, graph.Users[c.UserId].AssignLicense.ToPostRequestInformation(Body(c)))).ToList();
        return await batcher.RunAsync(writes, cancellationToken);
    }

    /// <summary>The Graph error message of a failed batch item.</summary>
    public static string BatchError(BatchItemResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        try
        {
            using var doc = JsonDocument.Parse(r.Body);
            if (doc.RootElement.TryGetProperty("error", out var err) && err.TryGetProperty("message", out var m))
            {
                return m.GetString() ?? $"HTTP {(int)r.Status}";
            }
        }
        catch (JsonException)
        {
            // Not JSON: the status alone.
        }

        return $"HTTP {(int)r.Status}";
    }

    private static AssignLicensePostRequestBody Body(LicenseChange c) => new()
    {
        AddLicenses = [.. c.Add.Select(a => new AssignedLicense { SkuId = Guid.Parse(a.SkuId), DisabledPlans = [.. a.DisabledPlans.Select(p => (Guid?)Guid.Parse(p))] })],
        RemoveLicenses = [.. c.Remove.Select(r => (Guid?)Guid.Parse(r))],
    };

    private static LicensedUser ParseLicensedUser(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var node = new JsonParseNode(doc.RootElement);
        return ToLicensedUser(node.GetObjectValue(User.CreateFromDiscriminatorValue)!);
    }

    internal static LicensedUser ToLicensedUser(User u)
    {
        var licences = new List<UserLicense>();
        var states = u.LicenseAssignmentStates ?? [];
        foreach (var bySku in states.Where(s => s.SkuId is not null && !string.Equals(s.State, "Error", StringComparison.OrdinalIgnoreCase)).GroupBy(s => s.SkuId!.Value))
        {
            var direct = bySku.FirstOrDefault(s => s.AssignedByGroup is null);
            licences.Add(new UserLicense(
                bySku.Key.ToString(),
                [.. (direct ?? bySku.First()).DisabledPlans?.Where(p => p is not null).Select(p => p!.Value.ToString()) ?? []],
                direct is not null,
                [.. bySku.Where(s => s.AssignedByGroup is not null).Select(s => s.AssignedByGroup!)]));
        }

        // Without states (a Graph that did not return them), assigned licences count as direct.
        foreach (var a in (u.AssignedLicenses ?? []).Where(a => a.SkuId is not null))
        {
            if (!licences.Exists(l => string.Equals(l.SkuId, a.SkuId!.Value.ToString(), StringComparison.OrdinalIgnoreCase)))
            {
                licences.Add(new UserLicense(a.SkuId!.Value.ToString(), [.. a.DisabledPlans?.Where(p => p is not null).Select(p => p!.Value.ToString()) ?? []], states.Count == 0, []));
            }
        }

        return new LicensedUser(
            u.Id ?? string.Empty,
            u.UserPrincipalName ?? string.Empty,
            u.DisplayName ?? u.UserPrincipalName ?? string.Empty,
            u.Department,
            u.UsageLocation,
            u.AccountEnabled ?? true,
            u.SignInActivity?.LastSignInDateTime,
            licences);
    }
}

public sealed partial class DirectoryService
{
    /// <summary>Display names of groups by id (for "this licence comes from group X"); unknown ids stay ids.</summary>
    public async Task<IReadOnlyList<string>> GetGroupNamesAsync(IEnumerable<string> groupIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupIds);
        var names = new List<string>();
        foreach (var id in groupIds.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            try
            {
                var g = await graph.Groups[id].GetAsync(rc => rc.QueryParameters.Select = ["id", "displayName"], cancellationToken);
                names.Add(g?.DisplayName ?? id);
            }
            catch (ODataError e) when (e.ResponseStatusCode == 404)
            {
                names.Add(id);
            }
            catch (ApiException e)
            {
                throw Translate(e, "reading a group");
            }
        }

        return names;
    }
}
