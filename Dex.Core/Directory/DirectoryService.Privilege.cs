using System.Net;
using System.Text.Json;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;

namespace Dex.Core.Directory;

/// <summary>Why one user counts as privileged (empty when they do not).</summary>
public sealed record PrivilegeFinding(string UserId, IReadOnlyList<string> Reasons)
{
    public bool Privileged => Reasons.Count > 0;
}

public sealed partial class DirectoryService
{
    private sealed record PrivilegeMemberships(List<string> ActiveRoles, List<(string Id, string Name, bool RoleAssignable)> Groups, List<string> RestrictedUnits);

    private sealed record RoleInstance(string PrincipalId, string RoleDefinitionId, bool Eligible, bool TimeBound);

    /// <summary>
    /// Finds which of the users are privileged: an active directory role in <paramref name="privilegedRoles"/>, a PIM
    /// eligible or time-bound assignment of one (directly or through a group), membership (direct or transitive) of a
    /// role-assignable group, or membership of a restricted-management administrative unit. Memberships are read with
    /// <c>$batch</c> (one request per user, 20 per batch) and PIM instances once for all users, so a bulk step of 200
    /// targets costs about a dozen round trips. Anything that cannot be read fails the check (throws) rather than
    /// passing a target as ordinary.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, PrivilegeFinding>> FindPrivilegeAsync(
        IReadOnlyCollection<string> userIds, IReadOnlyCollection<string> privilegedRoles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        ArgumentNullException.ThrowIfNull(privilegedRoles);
        var ids = userIds.Where(i => !string.IsNullOrWhiteSpace(i)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var result = new Dictionary<string, PrivilegeFinding>(StringComparer.OrdinalIgnoreCase);
        if (ids.Count == 0)
        {
            return result;
        }

        var counts = new HashSet<string>(privilegedRoles, StringComparer.OrdinalIgnoreCase);
        var memberships = await ReadPrivilegeMembershipsAsync(ids, cancellationToken);
        var (names, instances) = await ReadRoleInstancesAsync(cancellationToken);
        foreach (var id in ids)
        {
            var m = memberships[id];
            var reasons = new List<string>();
            reasons.AddRange(m.ActiveRoles.Where(counts.Contains).Distinct(StringComparer.OrdinalIgnoreCase).Select(r => $"holds {r}"));
            reasons.AddRange(m.Groups.Where(g => g.RoleAssignable).Select(g => $"member of role-assignable group {g.Name}"));
            reasons.AddRange(m.RestrictedUnits.Select(u => $"in restricted-management administrative unit {u}"));
            var principals = new HashSet<string>(m.Groups.Select(g => g.Id), StringComparer.OrdinalIgnoreCase) { id };
            foreach (var i in instances.Where(i => principals.Contains(i.PrincipalId) && (i.Eligible || i.TimeBound)))
            {
                var role = names.GetValueOrDefault(i.RoleDefinitionId, i.RoleDefinitionId);
                if (counts.Contains(role))
                {
                    reasons.Add(i.Eligible ? $"eligible for {role} through PIM" : $"time-bound {role} assignment through PIM");
                }
            }

            result[id] = new PrivilegeFinding(id, [.. reasons.Distinct(StringComparer.OrdinalIgnoreCase)]);
        }

        return result;
    }

    private async Task<Dictionary<string, PrivilegeMemberships>> ReadPrivilegeMembershipsAsync(List<string> ids, CancellationToken ct)
    {
        var batcher = new GraphBatcher(graph);
        var reads = ids.Select(id => (id, graph.Users[id].TransitiveMemberOf.ToGetRequestInformation(rc => rc.QueryParameters.Top = 999))).ToList();
        var results = await batcher.RunAsync(reads, ct);
        var byUser = new Dictionary<string, PrivilegeMemberships>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in results)
        {
            if (r.Status != HttpStatusCode.OK)
            {
                throw new DirectoryException($"Could not read the memberships of {r.Key} to check whether they are privileged ({ErrorText(r)}).", (int)r.Status);
            }

            using var doc = JsonDocument.Parse(r.Body);
            var m = new PrivilegeMemberships([], [], []);
            if (doc.RootElement.TryGetProperty("@odata.nextLink", out _))
            {
                // More than one page: read every page with the SDK rather than judge from part of the list.
                m = await ReadAllMembershipsAsync(r.Key, ct);
            }
            else if (doc.RootElement.TryGetProperty("value", out var value))
            {
                foreach (var o in value.EnumerateArray())
                {
                    AddMembership(m, o);
                }
            }

            byUser[r.Key] = m;
        }

        return byUser;
    }

    private static void AddMembership(PrivilegeMemberships m, JsonElement o)
    {
        string? Text(string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        bool Flag(string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
        switch (Text("@odata.type"))
        {
            case "#microsoft.graph.directoryRole":
                m.ActiveRoles.Add(Text("displayName") ?? string.Empty);
                break;
            case "#microsoft.graph.group":
                m.Groups.Add((Text("id") ?? string.Empty, Text("displayName") ?? string.Empty, Flag("isAssignableToRole")));
                break;
            case "#microsoft.graph.administrativeUnit" when Flag("isMemberManagementRestricted"):
                m.RestrictedUnits.Add(Text("displayName") ?? string.Empty);
                break;
        }
    }

    private async Task<PrivilegeMemberships> ReadAllMembershipsAsync(string userId, CancellationToken ct)
    {
        var m = new PrivilegeMemberships([], [], []);
        try
        {
            var page = await graph.Users[userId].TransitiveMemberOf.GetAsync(rc => rc.QueryParameters.Top = 999, ct);
            await CollectAsync<DirectoryObject, DirectoryObjectCollectionResponse>(
                page,
                o =>
                {
                    switch (o)
                    {
                        case DirectoryRole r:
                            m.ActiveRoles.Add(r.DisplayName ?? string.Empty);
                            break;
                        case Group g:
                            m.Groups.Add((g.Id ?? string.Empty, g.DisplayName ?? string.Empty, g.IsAssignableToRole == true));
                            break;
                        case AdministrativeUnit a when a.IsMemberManagementRestricted == true:
                            m.RestrictedUnits.Add(a.DisplayName ?? string.Empty);
                            break;
                    }

                    return true;
                },
                ct);
            return m;
        }
        catch (ApiException e)
        {
            throw Translate(e, "reading memberships to check privilege");
        }
    }

    /// <summary>Role definition names by id, and every live PIM instance (eligible, and active ones with an end or activated).</summary>
    private async Task<(Dictionary<string, string> Names, List<RoleInstance> Instances)> ReadRoleInstancesAsync(CancellationToken ct)
    {
        try
        {
            var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var defs = await graph.RoleManagement.Directory.RoleDefinitions.GetAsync(rc => rc.QueryParameters.Select = ["id", "displayName"], ct);
            await CollectAsync<UnifiedRoleDefinition, UnifiedRoleDefinitionCollectionResponse>(defs, d =>
            {
                if (d.Id is not null && d.DisplayName is not null)
                {
                    names[d.Id] = d.DisplayName;
                }

                return true;
            }, ct);

            var instances = new List<RoleInstance>();
            var eligible = await graph.RoleManagement.Directory.RoleEligibilityScheduleInstances.GetAsync(cancellationToken: ct);
            await CollectAsync<UnifiedRoleEligibilityScheduleInstance, UnifiedRoleEligibilityScheduleInstanceCollectionResponse>(eligible, i =>
            {
                if (i.PrincipalId is not null && i.RoleDefinitionId is not null)
                {
                    instances.Add(new RoleInstance(i.PrincipalId, i.RoleDefinitionId, true, false));
                }

                return true;
            }, ct);

            var active = await graph.RoleManagement.Directory.RoleAssignmentScheduleInstances.GetAsync(cancellationToken: ct);
            await CollectAsync<UnifiedRoleAssignmentScheduleInstance, UnifiedRoleAssignmentScheduleInstanceCollectionResponse>(active, i =>
            {
                if (i.PrincipalId is not null && i.RoleDefinitionId is not null)
                {
                    var timeBound = i.EndDateTime is not null || string.Equals(i.AssignmentType, "Activated", StringComparison.OrdinalIgnoreCase);
                    instances.Add(new RoleInstance(i.PrincipalId, i.RoleDefinitionId, false, timeBound));
                }

                return true;
            }, ct);
            return (names, instances);
        }
        catch (ApiException e)
        {
            throw Translate(e, "reading PIM role assignments to check privilege");
        }
    }
}
