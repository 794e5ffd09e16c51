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

    // Users whose directory-wide list position changed (deletes) invalidate nothing else: listings are computed per request.

    public void AddUser(UserEntity user)
    {
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
        : null;

    /// <summary>Groups that directly contain <paramref name="objectId"/>.</summary>
    public IEnumerable<GroupEntity> DirectGroupsOf(string objectId) => Groups.Where(g => g.MemberSet.Contains(objectId));

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
                if (g.MemberSet.Contains(current) && seen.Add(g.Id))
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
            if (r.MemberSet.Contains(objectId) || (viaGroups is not null && viaGroups.Any(g => r.MemberSet.Contains(g.Id))))
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
