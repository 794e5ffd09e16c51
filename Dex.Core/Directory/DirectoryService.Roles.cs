using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;

namespace Dex.Core.Directory;

public sealed partial class DirectoryService
{
    /// <summary>
    /// Directory roles the user may activate through PIM (eligible, not active): their own eligibilities and those of
    /// groups they are in. Read from roleManagement, never from the message.
    /// </summary>
    public async Task<IReadOnlyList<string>> GetEligibleRolesAsync(string userId, IEnumerable<string> groupIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupIds);
        var principals = new HashSet<string>(groupIds, StringComparer.OrdinalIgnoreCase) { userId };
        try
        {
            var page = await graph.RoleManagement.Directory.RoleEligibilityScheduleInstances.GetAsync(
                r => r.QueryParameters.Expand = ["roleDefinition"], cancellationToken);
            var roles = new List<string>();
            await CollectAsync<UnifiedRoleEligibilityScheduleInstance, UnifiedRoleEligibilityScheduleInstanceCollectionResponse>(
                page,
                i =>
                {
                    if (i.PrincipalId is { } p && principals.Contains(p) && i.RoleDefinition?.DisplayName is { } name)
                    {
                        roles.Add(name);
                    }

                    return true;
                },
                cancellationToken);
            return [.. roles.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];
        }
        catch (ApiException e)
        {
            throw Translate(e, "reading eligible role assignments");
        }
    }

    /// <summary>People PIM-eligible for <paramref name="roleName"/>: eligible users, and the members of eligible groups.</summary>
    public async Task<IReadOnlyList<DirectoryUser>> GetEligibleRoleMembersAsync(string roleName, CancellationToken cancellationToken = default)
    {
        try
        {
            var page = await graph.RoleManagement.Directory.RoleEligibilityScheduleInstances.GetAsync(
                r => r.QueryParameters.Expand = ["roleDefinition", "principal"], cancellationToken);
            var users = new List<DirectoryUser>();
            var groupIds = new List<string>();
            await CollectAsync<UnifiedRoleEligibilityScheduleInstance, UnifiedRoleEligibilityScheduleInstanceCollectionResponse>(
                page,
                i =>
                {
                    if (!string.Equals(i.RoleDefinition?.DisplayName, roleName, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }

                    switch (i.Principal)
                    {
                        case User u:
                            users.Add(ToUser(u));
                            break;
                        case Group { Id: { } gid }:
                            groupIds.Add(gid);
                            break;
                    }

                    return true;
                },
                cancellationToken);
            foreach (var gid in groupIds)
            {
                users.AddRange(await GetGroupMembersAsync(gid, cancellationToken));
            }

            return users;
        }
        catch (ApiException e)
        {
            throw Translate(e, $"reading who is eligible for {roleName}");
        }
    }
}
