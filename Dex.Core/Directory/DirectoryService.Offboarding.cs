using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace Dex.Core.Directory;

/// <summary>A group the user is a direct member of; dynamic groups follow their rule and cannot be left.</summary>
public sealed record DirectMembership(string Id, string DisplayName, bool Dynamic);

/// <summary>One app role assignment of a user (an enterprise app they can use).</summary>
public sealed record UserAppAssignment(string Id, string ResourceId, string ResourceName);

/// <summary>Sign-in state read before disabling and revoking, so a retry skips what is already done.</summary>
public sealed record SignInState(bool AccountEnabled, DateTimeOffset? SessionsValidFrom);

/// <summary>What offboarding a leaver reads and changes beyond group membership and licences.</summary>
public sealed partial class DirectoryService
{
    /// <summary>The user's direct group memberships (memberOf, not transitive: only direct ones can be removed).</summary>
    public async Task<IReadOnlyList<DirectMembership>> GetDirectGroupsAsync(string userId, CancellationToken cancellationToken = default)
    {
        try
        {
            var page = await graph.Users[userId].MemberOf.GetAsync(cancellationToken: cancellationToken);
            var groups = new List<DirectMembership>();
            await CollectAsync<DirectoryObject, DirectoryObjectCollectionResponse>(
                page,
                o =>
                {
                    if (o is Group g && g.Id is { } id)
                    {
                        var dynamic = g.GroupTypes?.Contains("DynamicMembership", StringComparer.OrdinalIgnoreCase) ?? false;
                        groups.Add(new DirectMembership(id, g.DisplayName ?? id, dynamic));
                    }

                    return true;
                },
                cancellationToken);
            return groups;
        }
        catch (ApiException e)
        {
            throw Translate(e, "reading group memberships");
        }
    }

    /// <summary>The user's app role assignments.</summary>
    public async Task<IReadOnlyList<UserAppAssignment>> GetAppAssignmentsAsync(string userId, CancellationToken cancellationToken = default)
    {
        try
        {
            var page = await graph.Users[userId].AppRoleAssignments.GetAsync(cancellationToken: cancellationToken);
            var result = new List<UserAppAssignment>();
            await CollectAsync<AppRoleAssignment, AppRoleAssignmentCollectionResponse>(
                page,
                a =>
                {
                    if (a.Id is { } id)
                    {
                        result.Add(new UserAppAssignment(id, a.ResourceId?.ToString() ?? string.Empty, a.ResourceDisplayName ?? a.ResourceId?.ToString() ?? id));
                    }

                    return true;
                },
                cancellationToken);
            return result;
        }
        catch (ApiException e)
        {
            throw Translate(e, "reading app assignments");
        }
    }

    /// <summary>Removes one app role assignment; false when it was already gone (success all the same).</summary>
    public async Task<bool> RemoveAppAssignmentAsync(string userId, string assignmentId, CancellationToken cancellationToken = default)
    {
        try
        {
            await graph.Users[userId].AppRoleAssignments[assignmentId].DeleteAsync(cancellationToken: cancellationToken);
            return true;
        }
        catch (ODataError e) when (e.ResponseStatusCode == 404)
        {
            return false;
        }
        catch (ApiException e)
        {
            throw Translate(e, "removing an app assignment");
        }
    }

    /// <summary>Whether the account can sign in and since when its sessions are valid.</summary>
    public async Task<SignInState> GetSignInStateAsync(string userId, CancellationToken cancellationToken = default)
    {
        try
        {
            var u = await graph.Users[userId].GetAsync(rc => rc.QueryParameters.Select = ["id", "accountEnabled", "signInSessionsValidFromDateTime"], cancellationToken);
            return new SignInState(u?.AccountEnabled ?? true, u?.SignInSessionsValidFromDateTime);
        }
        catch (ApiException e)
        {
            throw Translate(e, "reading the sign-in state");
        }
    }

    /// <summary>Blocks sign-in (accountEnabled false). Already blocked is a no-op PATCH.</summary>
    public async Task DisableAccountAsync(string userId, CancellationToken cancellationToken = default)
    {
        try
        {
            await graph.Users[userId].PatchAsync(new User { AccountEnabled = false }, cancellationToken: cancellationToken);
        }
        catch (ApiException e)
        {
            throw Translate(e, "disabling the account");
        }
    }

    /// <summary>Invalidates every refresh token and session cookie (revokeSignInSessions).</summary>
    public async Task RevokeSessionsAsync(string userId, CancellationToken cancellationToken = default)
    {
        try
        {
            await graph.Users[userId].RevokeSignInSessions.PostAsRevokeSignInSessionsPostResponseAsync(cancellationToken: cancellationToken);
        }
        catch (ApiException e)
        {
            throw Translate(e, "revoking sign-in sessions");
        }
    }
}

/// <summary>What removing the user from one group did: removed now, not a member (any more), or failed (and whether it may pass on retry).</summary>
public sealed record GroupRemoval(string GroupId, bool Removed, bool WasMember, bool Transient, string? Error);

public sealed partial class DirectoryService
{
    /// <summary>
    /// Removes the user from the given groups through <c>$batch</c> (20 per batch; throttled items are retried inside the
    /// batcher). Memberships are read first and only current ones are deleted, so a retry never deletes twice; a
    /// membership already gone (404) is success.
    /// </summary>
    public async Task<IReadOnlyList<GroupRemoval>> RemoveMembershipsAsync(string userId, IReadOnlyList<string> groupIds, GraphBatcher? batcher = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupIds);
        var current = (await GetDirectGroupsAsync(userId, cancellationToken)).Select(m => m.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var results = new Dictionary<string, GroupRemoval>(StringComparer.OrdinalIgnoreCase);
        var deletes = new List<(string Key, RequestInformation Request)>();
        foreach (var id in groupIds.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (current.Contains(id))
            {
                deletes.Add((id, graph.Groups[id].Members[userId].Ref.ToDeleteRequestInformation()));
            }
            else
            {
                results[id] = new GroupRemoval(id, false, false, false, null);
            }
        }

        if (deletes.Count > 0)
        {
            batcher ??= new GraphBatcher(graph);
            foreach (var r in await batcher.RunAsync(deletes, cancellationToken))
            {
                var code = (int)r.Status;
                results[r.Key] = code is >= 200 and < 300 ? new GroupRemoval(r.Key, true, true, false, null)
                    : code == 404 ? new GroupRemoval(r.Key, false, false, false, null)
                    : new GroupRemoval(r.Key, false, true, code is 429 or >= 500, ErrorText(r));
            }
        }

        return [.. groupIds.Distinct(StringComparer.OrdinalIgnoreCase).Select(id => results[id])];
    }

    /// <summary>Deletes the user (to deletedItems, restorable for 30 days); false when already gone.</summary>
    public async Task<bool> DeleteUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        try
        {
            await graph.Users[userId].DeleteAsync(cancellationToken: cancellationToken);
            return true;
        }
        catch (ODataError e) when (e.ResponseStatusCode == 404)
        {
            return false;
        }
        catch (ApiException e)
        {
            throw Translate(e, "deleting the account");
        }
    }

    /// <summary>Restores a deleted user from deletedItems; false when it is not there (never deleted, or purged).</summary>
    public async Task<bool> RestoreDeletedUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        try
        {
            await graph.Directory.DeletedItems[userId].Restore.PostAsync(cancellationToken: cancellationToken);
            return true;
        }
        catch (ODataError e) when (e.ResponseStatusCode == 404)
        {
            return false;
        }
        catch (ApiException e)
        {
            throw Translate(e, "restoring the account");
        }
    }
}
