namespace Dex.GraphEmulator.Model;

/// <summary>The whole directory in memory: ordered lists for listing, dictionaries for lookups.</summary>
internal sealed class TenantState
{
    public required string Domain { get; init; }
    public required string DisplayName { get; init; }
    public required string TenantId { get; init; }
    public required List<string> VerifiedDomains { get; init; }

    public List<UserEntity> Users { get; } = [];
    public Dictionary<string, UserEntity> UsersById { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, UserEntity> UsersByUpn { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<GroupEntity> Groups { get; } = [];
    public Dictionary<string, GroupEntity> GroupsById { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<RoleEntity> Roles { get; } = [];
    public Dictionary<string, RoleEntity> RolesById { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<ServicePrincipalEntity> ServicePrincipals { get; } = [];
    public Dictionary<string, ServicePrincipalEntity> ServicePrincipalsById { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<SkuEntity> Skus { get; } = [];
    public string CountryLetterCode { get; init; } = "US";
    public List<UserEntity> DeletedUsers { get; } = [];
    public List<GroupEntity> DeletedGroups { get; } = [];
    public List<AdministrativeUnitEntity> AdministrativeUnits { get; } = [];
    public List<RoleScheduleEntity> RoleSchedules { get; } = [];
    public List<ScheduleRequestEntity> ScheduleRequests { get; } = [];
    public List<RiskDetectionEntity> RiskDetections { get; } = [];
    public List<SignInEntity> SignIns { get; } = [];
    public List<DirectoryAuditEntity> DirectoryAudits { get; } = [];

    /// <summary>Delta snapshots: token → object id → hash of what the object looked like.</summary>
    public Dictionary<string, Dictionary<string, int>> DeltaSnapshots { get; } = new(StringComparer.Ordinal);

    // Users whose directory-wide list position changed (deletes) invalidate nothing else: listings are computed per request.

    public void AddUser(UserEntity user)
    {
        user.Owner = this;
        Users.Add(user);
        UsersById[user.Id] = user;
        UsersByUpn[user.UserPrincipalName] = user;
    }

    public void RemoveUser(UserEntity user)
    {
        Users.Remove(user);
        UsersById.Remove(user.Id);
        UsersByUpn.Remove(user.UserPrincipalName);
        foreach (var g in Groups)
        {
            g.RemoveMember(user.Id);
            g.RemoveOwner(user.Id);
        }

        foreach (var r in Roles)
        {
            r.RemoveMember(user.Id);
        }

        foreach (var au in AdministrativeUnits)
        {
            au.RemoveMember(user.Id);
        }

        RoleSchedules.RemoveAll(x => string.Equals(x.PrincipalId, user.Id, StringComparison.OrdinalIgnoreCase));
        foreach (var sp in ServicePrincipals)
        {
            sp.AppRoleAssignedTo.RemoveAll(a => string.Equals(a.PrincipalId, user.Id, StringComparison.OrdinalIgnoreCase));
        }

        foreach (var u in Users)
        {
            if (string.Equals(u.ManagerId, user.Id, StringComparison.OrdinalIgnoreCase))
            {
                u.ManagerId = null;
            }
        }
    }

    public void AddGroup(GroupEntity group)
    {
        group.Owner = this;
        Groups.Add(group);
        GroupsById[group.Id] = group;
    }

    public UserEntity? FindUser(string idOrUpn) =>
        UsersById.TryGetValue(idOrUpn, out var u) ? u : UsersByUpn.GetValueOrDefault(idOrUpn);

    public GroupEntity? FindGroupByIdOrName(string idOrName) =>
        GroupsById.TryGetValue(idOrName, out var g) ? g
            : Groups.Find(x => string.Equals(x.DisplayName, idOrName, StringComparison.OrdinalIgnoreCase));

    /// <summary>Any directory object by id: user, group, servicePrincipal or directoryRole.</summary>
    public object? FindObject(string id) =>
        UsersById.TryGetValue(id, out var u) ? u
        : GroupsById.TryGetValue(id, out var g) ? g
        : ServicePrincipalsById.TryGetValue(id, out var sp) ? sp
        : RolesById.TryGetValue(id, out var r) ? r
        : AdministrativeUnits.Find(a => string.Equals(a.Id, id, StringComparison.OrdinalIgnoreCase));

    public SkuEntity? FindSku(string skuIdOrPartNumber) =>
        Skus.Find(k => string.Equals(k.SkuId, skuIdOrPartNumber, StringComparison.OrdinalIgnoreCase) || string.Equals(k.SkuPartNumber, skuIdOrPartNumber, StringComparison.OrdinalIgnoreCase));

    /// <summary>Administrative units that contain the object.</summary>
    public IEnumerable<AdministrativeUnitEntity> UnitsOf(string objectId) => AdministrativeUnits.Where(a => a.Members.Contains(objectId));

    /// <summary>Members of a restricted-management administrative unit can only be changed by AU-scoped admins, never by tenant-wide app permissions.</summary>
    public bool IsManagementRestricted(string objectId) => AdministrativeUnits.Exists(a => a.IsMemberManagementRestricted && a.Members.Contains(objectId));

    /// <summary>Groups that directly contain <paramref name="objectId"/>.</summary>
    public IEnumerable<GroupEntity> DirectGroupsOf(string objectId) => Groups.Where(g => g.Members.Contains(objectId));

    /// <summary>All groups containing the object directly or through nested groups (cycle-safe).</summary>
    public List<GroupEntity> TransitiveGroupsOf(string objectId)
    {
        var result = new List<GroupEntity>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var frontier = new Queue<string>();
        frontier.Enqueue(objectId);
        while (frontier.Count > 0)
        {
            var current = frontier.Dequeue();
            foreach (var g in Groups)
            {
                if (g.Members.Contains(current) && seen.Add(g.Id))
                {
                    result.Add(g);
                    frontier.Enqueue(g.Id);
                }
            }
        }

        return result;
    }

    /// <summary>Directory roles held directly, or through role-assignable groups when transitive.</summary>
    public List<RoleEntity> RolesOf(string objectId, IReadOnlyCollection<GroupEntity>? viaGroups)
    {
        var result = new List<RoleEntity>();
        foreach (var r in Roles)
        {
            if (r.Members.Contains(objectId) || (viaGroups is not null && viaGroups.Any(g => r.Members.Contains(g.Id))))
            {
                result.Add(r);
            }
        }

        return result;
    }

    /// <summary>Members of a group, expanded through nested groups (users, service principals and the nested groups themselves).</summary>
    public List<string> TransitiveMembersOf(GroupEntity group)
    {
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { group.Id };
        var frontier = new Queue<GroupEntity>();
        frontier.Enqueue(group);
        while (frontier.Count > 0)
        {
            foreach (var m in frontier.Dequeue().Members)
            {
                if (!seen.Add(m))
                {
                    continue;
                }

                result.Add(m);
                if (GroupsById.TryGetValue(m, out var nested))
                {
                    frontier.Enqueue(nested);
                }
            }
        }

        return result;
    }
}
