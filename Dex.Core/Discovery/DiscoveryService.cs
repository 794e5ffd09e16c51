using System.Diagnostics;
using System.Text.Json;
using Dex.Core.Directory;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace Dex.Core.Discovery;

/// <summary>
/// Enumerates the tenant (users counted, groups, directory roles and members, enterprise apps,
/// licenses) page by page without holding any collection twice, and proposes approver groups: security
/// groups where Global or Helpdesk Administrators make up at least half the members.
/// </summary>
public sealed class DiscoveryService(GraphServiceClient graph, IDiscoveryStore store, TimeProvider time)
{
    public static readonly IReadOnlyList<string> ApproverRoles = [PrivilegedRoles.GlobalAdministrator, PrivilegedRoles.HelpdeskAdministrator];

    public Task<DiscoverySnapshot?> LatestAsync(CancellationToken cancellationToken = default) => store.LatestAsync(cancellationToken);

    public async Task<DiscoverySnapshot> RunAsync(string runBy, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var requests = 0;
        var ct = cancellationToken;
        try
        {
            // Users: counted only; a 50,000-user tenant is never held in memory.
            var (users, disabled, heldByDisabled, userRequests) = await CountUsersAsync(ct);
            requests += userRequests;

            var security = new List<DiscoveredGroup>();
            var m365 = new List<DiscoveredGroup>();
            requests++;
            var groupPage = await graph.Groups.GetAsync(rc => { rc.QueryParameters.Select = ["id", "displayName", "groupTypes", "securityEnabled", "isAssignableToRole"]; rc.QueryParameters.Top = 999; }, ct);
            await Iterate<Group, GroupCollectionResponse>(
                groupPage,
                g =>
                {
                    var unified = g.GroupTypes?.Contains("Unified", StringComparer.OrdinalIgnoreCase) ?? false;
                    var item = new DiscoveredGroup(g.Id ?? string.Empty, g.DisplayName ?? string.Empty, unified ? "m365" : "security", g.IsAssignableToRole ?? false);
                    if (unified)
                    {
                        m365.Add(item);
                    }
                    else if (g.SecurityEnabled ?? false)
                    {
                        security.Add(item);
                    }
                },
                () => requests++,
                ct);

            var roles = new List<DiscoveredRole>();
            var adminIds = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            requests++;
            var rolePage = await graph.DirectoryRoles.GetAsync(cancellationToken: ct);
            foreach (var role in rolePage?.Value ?? [])
            {
                requests++;
                var memberPage = await graph.DirectoryRoles[role.Id].Members.GetAsync(cancellationToken: ct);
                var members = new List<string>();
                await Iterate<DirectoryObject, DirectoryObjectCollectionResponse>(
                    memberPage,
                    o =>
                    {
                        if (o is User u && u.UserPrincipalName is not null)
                        {
                            members.Add(u.UserPrincipalName);
                            if (ApproverRoles.Contains(role.DisplayName, StringComparer.OrdinalIgnoreCase))
                            {
                                adminIds[u.Id!] = role.DisplayName!;
                            }
                        }
                    },
                    () => requests++,
                    ct);
                roles.Add(new DiscoveredRole(role.DisplayName ?? string.Empty, role.RoleTemplateId, members));
            }

            var apps = new List<DiscoveredApp>();
            requests++;
            var spPage = await graph.ServicePrincipals.GetAsync(rc => { rc.QueryParameters.Select = ["id", "displayName", "tags"]; rc.QueryParameters.Top = 999; }, ct);
            await Iterate<ServicePrincipal, ServicePrincipalCollectionResponse>(spPage, sp => apps.Add(new DiscoveredApp(sp.Id ?? string.Empty, sp.DisplayName ?? string.Empty)), () => requests++, ct);

            requests++;
            var skus = (await graph.SubscribedSkus.GetAsync(cancellationToken: ct))?.Value ?? [];
            var licenses = skus.Select(s => new DiscoveredSku(s.SkuPartNumber ?? string.Empty, s.PrepaidUnits?.Enabled ?? 0, s.ConsumedUnits ?? 0)
            {
                Reclaimable = heldByDisabled.GetValueOrDefault(s.SkuId?.ToString() ?? string.Empty),
            }).ToList();

            var (proposals, proposalRequests) = await ProposeAsync(adminIds, security, ct);
            requests += proposalRequests;

            var snapshot = new DiscoverySnapshot
            {
                At = time.GetUtcNow(),
                RunBy = runBy,
                Users = users,
                DisabledUsers = disabled,
                SecurityGroups = security,
                Microsoft365Groups = m365,
                DirectoryRoles = roles,
                EnterpriseApps = apps,
                Licenses = licenses,
                ProposedApproverGroups = proposals,
                GraphRequests = requests,
                DurationMs = clock.ElapsedMilliseconds,
            };
            await store.SaveAsync(snapshot, ct);
            return snapshot;
        }
        catch (ApiException e)
        {
            throw DirectoryService.Translate(e, "running discovery");
        }
    }

    /// <summary>Looks only at groups the admins belong to (a few requests), never at every group's members.</summary>
    private async Task<(IReadOnlyList<ApproverProposal> Proposals, int Requests)> ProposeAsync(
        Dictionary<string, string> adminIds, List<DiscoveredGroup> security, CancellationToken ct)
    {
        var requests = 0;
        var securityIds = security.ToDictionary(g => g.Id, StringComparer.OrdinalIgnoreCase);
        var candidates = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var adminId in adminIds.Keys)
        {
            requests++;
            var page = await graph.Users[adminId].MemberOf.GetAsync(cancellationToken: ct);
            await Iterate<DirectoryObject, DirectoryObjectCollectionResponse>(page, o => { if (o is Group g && g.Id is not null && securityIds.ContainsKey(g.Id)) { candidates.Add(g.Id); } }, () => requests++, ct);
        }

        var proposals = new List<ApproverProposal>();
        foreach (var groupId in candidates.Order(StringComparer.Ordinal))
        {
            requests++;
            var page = await graph.Groups[groupId].Members.GetAsync(cancellationToken: ct);
            var members = new List<(string Id, string Upn)>();
            await Iterate<DirectoryObject, DirectoryObjectCollectionResponse>(page, o => { if (o is User u && u.Id is not null) { members.Add((u.Id, u.UserPrincipalName ?? u.Id)); } }, () => requests++, ct);
            var admins = members.Where(m => adminIds.ContainsKey(m.Id)).ToList();
            if (members.Count > 0 && admins.Count * 2 >= members.Count)
            {
                var roleNames = admins.Select(a => adminIds[a.Id]).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal);
                proposals.Add(new ApproverProposal(
                    securityIds[groupId].DisplayName,
                    groupId,
                    [.. members.Select(m => m.Upn).Order(StringComparer.OrdinalIgnoreCase)],
                    $"{admins.Count} of {members.Count} members hold {string.Join(" or ", roleNames)}"));
            }
        }

        return ([.. proposals.OrderByDescending(p => p.Members.Count).ThenBy(p => p.Group, StringComparer.Ordinal)], requests);
    }

    private static readonly Dictionary<string, ParsableFactory<IParsable>> ErrorMapping = new(StringComparer.OrdinalIgnoreCase)
    {
        ["XXX"] = ODataError.CreateFromDiscriminatorValue,
    };

    /// <summary>
    /// Counts users and disabled users page by page from the raw JSON. Kiota would build a full User model (a backing store
    /// and ~150 field deserializers) per account to read one boolean: about 1.2 GB allocated for 50,000 users.
    /// </summary>
    private async Task<(int Users, int Disabled, Dictionary<string, int> HeldByDisabled, int Requests)> CountUsersAsync(CancellationToken ct)
    {
        int users = 0, disabled = 0, requests = 0;
        var held = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var request = graph.Users.ToGetRequestInformation(rc => { rc.QueryParameters.Select = ["id", "accountEnabled", "assignedLicenses"]; rc.QueryParameters.Top = 999; });
        while (true)
        {
            requests++;
            string? next;
            var stream = await graph.RequestAdapter.SendPrimitiveAsync<Stream>(request, ErrorMapping, ct);
            if (stream is null)
            {
                break;
            }

            await using (stream)
            {
                using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
                if (doc.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
                {
                    foreach (var u in value.EnumerateArray())
                    {
                        users++;
                        if (u.TryGetProperty("accountEnabled", out var enabled) && enabled.ValueKind == JsonValueKind.False)
                        {
                            disabled++;
                            CountLicences(u, held);
                        }
                    }
                }

                next = doc.RootElement.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
            }

            if (string.IsNullOrEmpty(next))
            {
                break;
            }

            if (!seen.Add(next))
            {
                throw new ApiException("Detected nextLink loop: Microsoft Graph returned the same users page link twice.");
            }

            request = new RequestInformation { HttpMethod = Method.GET, URI = new Uri(next) };
            request.Headers.Add("Accept", "application/json");
        }

        return (users, disabled, held, requests);
    }

    /// <summary>A disabled account's seats count as reclaimable, per SKU id.</summary>
    private static void CountLicences(JsonElement user, Dictionary<string, int> held)
    {
        if (!user.TryGetProperty("assignedLicenses", out var licences) || licences.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var l in licences.EnumerateArray())
        {
            if (l.TryGetProperty("skuId", out var id) && id.GetString() is { } skuId)
            {
                held[skuId] = held.GetValueOrDefault(skuId) + 1;
            }
        }
    }

    private async Task Iterate<TEntity, TPage>(TPage? first, Action<TEntity> onItem, Action onPage, CancellationToken ct)
        where TPage : Microsoft.Kiota.Abstractions.Serialization.IParsable, Microsoft.Kiota.Abstractions.Serialization.IAdditionalDataHolder, new()
    {
        if (first is null)
        {
            return;
        }

        var iterator = PageIterator<TEntity, TPage>.CreatePageIterator(
            graph,
            first,
            item => { onItem(item); return true; },
            rc => { onPage(); return rc; });
        await iterator.IterateAsync(ct);
    }
}
