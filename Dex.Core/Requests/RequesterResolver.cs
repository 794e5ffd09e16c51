using Dex.Core.Directory;

namespace Dex.Core.Requests;

/// <summary>Builds the requester's context (id, roles, groups) from the directory, once per request; never from the message text.</summary>
public sealed class RequesterResolver(DirectoryService directory)
{
    /// <summary>The requester's context, or null when the UPN is no user of this directory.</summary>
    public async Task<RequesterContext?> FindAsync(string upn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upn);
        var user = await directory.FindUserAsync(upn, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var membership = await directory.GetMembershipAsync(user.Id, cancellationToken);
        return new RequesterContext(user.Id, user.UserPrincipalName, user.DisplayName, membership.DirectoryRoles, [.. membership.Groups.Select(g => g.DisplayName)]);
    }

    /// <summary>The requester's context; a <see cref="DirectoryException"/> (404) when the UPN is no user of this directory.</summary>
    public async Task<RequesterContext> RequireAsync(string upn, CancellationToken cancellationToken = default)
        => await FindAsync(upn, cancellationToken) ?? throw new DirectoryException($"{upn} is not a user of this directory.", 404);
}
