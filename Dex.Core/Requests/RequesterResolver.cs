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

        return await OfAccountAsync(new TargetRef(user.Id, user.UserPrincipalName, user.DisplayName), cancellationToken);
    }

    /// <summary>The context of an account already found (by intake): only its roles and groups are read.</summary>
    public async Task<RequesterContext> OfAccountAsync(TargetRef account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var membership = await directory.GetMembershipAsync(account.Id, cancellationToken);
        return new RequesterContext(account.Id, account.UserPrincipalName, account.DisplayName, membership.DirectoryRoles, [.. membership.Groups.Select(g => g.DisplayName)]);
    }

    /// <summary>The requester's context; a <see cref="DirectoryException"/> (404) when the UPN is no user of this directory.</summary>
    public async Task<RequesterContext> RequireAsync(string upn, CancellationToken cancellationToken = default)
        => await FindAsync(upn, cancellationToken) ?? throw new DirectoryException($"{upn} is not a user of this directory.", 404);
}
