using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace Dex.Core.Directory;

/// <summary>
/// Dex's directory operations over Microsoft Graph. Every write is idempotent: repeating it after
/// success (a retried durable activity) converges to the same state without a second effect.
/// </summary>
public sealed partial class DirectoryService(GraphServiceClient graph)
{
    internal static readonly string[] UserSelect =
    [
        "id", "userPrincipalName", "displayName", "mail", "department", "jobTitle", "officeLocation",
        "mobilePhone", "businessPhones", "usageLocation", "accountEnabled",
    ];

    private static readonly string[] GroupSelect = ["id", "displayName", "groupTypes", "securityEnabled", "mailEnabled", "isAssignableToRole", "description"];

    public GraphServiceClient Graph => graph;

    /// <summary>A user by id or UPN; null when there is none.</summary>
    public async Task<DirectoryUser?> FindUserAsync(string idOrUpn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrUpn);
        try
        {
            var user = await graph.Users[idOrUpn.Trim()].GetAsync(rc => rc.QueryParameters.Select = UserSelect, cancellationToken);
            return user is null ? null : ToUser(user);
        }
        catch (ODataError e) when (e.ResponseStatusCode == 404)
        {
            return null;
        }
        catch (ApiException e)
        {
            throw Translate(e, $"looking up {idOrUpn}");
        }
    }

    /// <summary>
    /// Resolves how a person was named: "me" is the requester; an address matches UPN then mail
    /// exactly; a name matches display names exactly, then by prefix. Several matches are returned
    /// as candidates (the caller asks), never guessed.
    /// </summary>
    public async Task<Lookup<DirectoryUser>> ResolveUserAsync(string raw, string requesterUpn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var text = raw.Trim().Trim('"', '\'', '“', '”').Trim();
        if (text.Length == 0)
        {
            return Lookup<DirectoryUser>.None();
        }

        if (text is "me" or "myself" or "my" or "I" or "i")
        {
            text = requesterUpn;
        }

        if (text.Contains('@', StringComparison.Ordinal))
        {
            var byUpn = await FindUserAsync(text, cancellationToken);
            if (byUpn is not null)
            {
                return Lookup<DirectoryUser>.One(byUpn);
            }

            return Lookup<DirectoryUser>.Many(await QueryUsersAsync($"mail eq {ODataText.Quote(text)}", 10, cancellationToken));
        }

        var exact = await QueryUsersAsync($"displayName eq {ODataText.Quote(text)}", 10, cancellationToken);
        if (exact.Count > 0)
        {
            return Lookup<DirectoryUser>.Many(exact);
        }

        return Lookup<DirectoryUser>.Many(await QueryUsersAsync($"startswith(displayName,{ODataText.Quote(text)})", 10, cancellationToken));
    }

    /// <summary>Users matching an OData filter (values must already be quoted with <see cref="ODataText"/>), all pages up to <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<DirectoryUser>> QueryUsersAsync(string filter, int max = 999, CancellationToken cancellationToken = default)
    {
        try
        {
            var page = await graph.Users.GetAsync(
                rc =>
                {
                    rc.QueryParameters.Filter = filter;
                    rc.QueryParameters.Select = UserSelect;
                    rc.QueryParameters.Top = Math.Min(max, 999);
                },
                cancellationToken);
            var result = new List<DirectoryUser>();
            await CollectAsync<User, UserCollectionResponse>(page, u => { result.Add(ToUser(u)); return result.Count < max; }, cancellationToken);
            return result;
        }
        catch (ApiException e)
        {
            throw Translate(e, "searching users");
        }
    }

    /// <summary>The user's directory roles and groups, from the directory (never from what a message claims).</summary>
    public async Task<Membership> GetMembershipAsync(string userId, CancellationToken cancellationToken = default)
    {
        try
        {
            var page = await graph.Users[userId].TransitiveMemberOf.GetAsync(cancellationToken: cancellationToken);
            var roles = new List<string>();
            var groups = new List<DirectoryGroup>();
            await CollectAsync<DirectoryObject, DirectoryObjectCollectionResponse>(
                page,
                o =>
                {
                    switch (o)
                    {
                        case DirectoryRole r when r.DisplayName is not null:
                            roles.Add(r.DisplayName);
                            break;
                        case Group g:
                            groups.Add(ToGroup(g));
                            break;
                    }

                    return true;
                },
                cancellationToken);
            return new Membership(roles, groups);
        }
        catch (ApiException e)
        {
            throw Translate(e, "reading memberships");
        }
    }

    /// <summary>Groups by display name (exact, case-insensitive as Graph compares).</summary>
    public async Task<Lookup<DirectoryGroup>> ResolveGroupAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = name.Trim().Trim('"', '\'', '“', '”').Trim();
        try
        {
            var page = await graph.Groups.GetAsync(
                rc =>
                {
                    rc.QueryParameters.Filter = $"displayName eq {ODataText.Quote(text)}";
                    rc.QueryParameters.Select = GroupSelect;
                },
                cancellationToken);
            var groups = new List<DirectoryGroup>();
            await CollectAsync<Group, GroupCollectionResponse>(page, g => { groups.Add(ToGroup(g)); return true; }, cancellationToken);
            return Lookup<DirectoryGroup>.Many(groups);
        }
        catch (ApiException e)
        {
            throw Translate(e, $"looking up group {text}");
        }
    }

    /// <summary>Users who are direct members of a group.</summary>
    public async Task<IReadOnlyList<DirectoryUser>> GetGroupMembersAsync(string groupId, CancellationToken cancellationToken = default)
    {
        try
        {
            var page = await graph.Groups[groupId].Members.GetAsync(rc => rc.QueryParameters.Top = 999, cancellationToken);
            var users = new List<DirectoryUser>();
            await CollectAsync<DirectoryObject, DirectoryObjectCollectionResponse>(page, o => { if (o is User u) { users.Add(ToUser(u)); } return true; }, cancellationToken);
            return users;
        }
        catch (ApiException e)
        {
            throw Translate(e, "reading group members");
        }
    }

    /// <summary>Users who own a group.</summary>
    public async Task<IReadOnlyList<DirectoryUser>> GetGroupOwnersAsync(string groupId, CancellationToken cancellationToken = default)
    {
        try
        {
            var page = await graph.Groups[groupId].Owners.GetAsync(cancellationToken: cancellationToken);
            var users = new List<DirectoryUser>();
            await CollectAsync<DirectoryObject, DirectoryObjectCollectionResponse>(page, o => { if (o is User u) { users.Add(ToUser(u)); } return true; }, cancellationToken);
            return users;
        }
        catch (ApiException e)
        {
            throw Translate(e, "reading group owners");
        }
    }

    /// <summary>Members of an activated directory role, by role name; empty when the role is not activated.</summary>
    public async Task<IReadOnlyList<DirectoryUser>> GetRoleMembersAsync(string roleName, CancellationToken cancellationToken = default)
    {
        try
        {
            var roles = await graph.DirectoryRoles.GetAsync(cancellationToken: cancellationToken);
            var role = roles?.Value?.FirstOrDefault(r => string.Equals(r.DisplayName, roleName, StringComparison.OrdinalIgnoreCase));
            if (role?.Id is null)
            {
                return [];
            }

            var page = await graph.DirectoryRoles[role.Id].Members.GetAsync(cancellationToken: cancellationToken);
            var users = new List<DirectoryUser>();
            await CollectAsync<DirectoryObject, DirectoryObjectCollectionResponse>(page, o => { if (o is User u) { users.Add(ToUser(u)); } return true; }, cancellationToken);
            return users;
        }
        catch (ApiException e)
        {
            throw Translate(e, $"reading members of {roleName}");
        }
    }

    /// <summary>The user's manager, or null.</summary>
    public async Task<DirectoryUser?> GetManagerAsync(string userId, CancellationToken cancellationToken = default)
    {
        try
        {
            var manager = await graph.Users[userId].Manager.GetAsync(cancellationToken: cancellationToken);
            return manager is User u ? ToUser(u) : manager?.Id is { } id ? await FindUserAsync(id, cancellationToken) : null;
        }
        catch (ODataError e) when (e.ResponseStatusCode == 404)
        {
            return null;
        }
        catch (ApiException e)
        {
            throw Translate(e, "reading the manager");
        }
    }

    /// <summary>Sets the given user properties (PATCH). Setting a value it already has is a no-op, so a retry is safe.</summary>
    public async Task UpdateUserAsync(string userId, IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var patch = UserPatch.Build(fields);
        try
        {
            await graph.Users[userId].PatchAsync(patch, cancellationToken: cancellationToken);
        }
        catch (ApiException e)
        {
            throw Translate(e, "updating the user");
        }
    }

    /// <summary>The user's registered authentication methods, as short type names ("password", "phone", ...).</summary>
    public async Task<IReadOnlyList<(string Type, string Id)>> GetAuthenticationMethodsAsync(string userId, CancellationToken cancellationToken = default)
    {
        try
        {
            var page = await graph.Users[userId].Authentication.Methods.GetAsync(cancellationToken: cancellationToken);
            return [.. (page?.Value ?? []).Where(m => m.Id is not null).Select(m => (AuthMethodTypes.ShortName(m), m.Id!))];
        }
        catch (ApiException e)
        {
            throw Translate(e, "reading authentication methods");
        }
    }

    /// <summary>
    /// Removes every registered method except the password (each through its type-specific
    /// endpoint), then revokes sign-in sessions so the user must register again. A method already
    /// gone (404) counts as removed, so a retried reset converges.
    /// </summary>
    public async Task<MfaResetResult> ResetMfaAsync(string userId, CancellationToken cancellationToken = default)
    {
        var methods = await GetAuthenticationMethodsAsync(userId, cancellationToken);
        var removed = new List<string>();
        foreach (var (type, id) in methods)
        {
            if (type is AuthMethodTypes.Password)
            {
                continue;
            }

            try
            {
                await DeleteMethodAsync(userId, type, id, cancellationToken);
                removed.Add(type);
            }
            catch (ODataError e) when (e.ResponseStatusCode == 404)
            {
                removed.Add(type);
            }
            catch (ApiException e)
            {
                throw Translate(e, $"removing the {AuthMethodTypes.Describe(type)} method");
            }
        }

        try
        {
            await graph.Users[userId].RevokeSignInSessions.PostAsRevokeSignInSessionsPostResponseAsync(cancellationToken: cancellationToken);
        }
        catch (ApiException e)
        {
            throw Translate(e, "revoking sign-in sessions");
        }

        return new MfaResetResult(removed, true);
    }

    private Task DeleteMethodAsync(string userId, string type, string id, CancellationToken ct)
    {
        var auth = graph.Users[userId].Authentication;
        return type switch
        {
            AuthMethodTypes.Phone => auth.PhoneMethods[id].DeleteAsync(cancellationToken: ct),
            AuthMethodTypes.MicrosoftAuthenticator => auth.MicrosoftAuthenticatorMethods[id].DeleteAsync(cancellationToken: ct),
            AuthMethodTypes.SoftwareOath => auth.SoftwareOathMethods[id].DeleteAsync(cancellationToken: ct),
            AuthMethodTypes.Fido2 => auth.Fido2Methods[id].DeleteAsync(cancellationToken: ct),
            AuthMethodTypes.Email => auth.EmailMethods[id].DeleteAsync(cancellationToken: ct),
            AuthMethodTypes.TemporaryAccessPass => auth.TemporaryAccessPassMethods[id].DeleteAsync(cancellationToken: ct),
            AuthMethodTypes.WindowsHello => auth.WindowsHelloForBusinessMethods[id].DeleteAsync(cancellationToken: ct),
            _ => throw new DirectoryException($"Dex cannot remove an authentication method of type '{type}'.", 400),
        };
    }

    /// <summary>Walks every page of a collection (absolute nextLinks), stopping when <paramref name="onItem"/> returns false.</summary>
    internal async Task CollectAsync<TEntity, TPage>(TPage? firstPage, Func<TEntity, bool> onItem, CancellationToken cancellationToken)
        where TPage : IParsable, IAdditionalDataHolder, new()
    {
        if (firstPage is null)
        {
            return;
        }

        var iterator = PageIterator<TEntity, TPage>.CreatePageIterator(graph, firstPage, onItem);
        await iterator.IterateAsync(cancellationToken);
    }

    internal static DirectoryUser ToUser(User u) => new(
        u.Id ?? string.Empty,
        u.UserPrincipalName ?? string.Empty,
        u.DisplayName ?? u.UserPrincipalName ?? string.Empty,
        u.Mail,
        u.Department,
        u.JobTitle,
        u.OfficeLocation,
        u.MobilePhone,
        u.BusinessPhones ?? [],
        u.UsageLocation,
        u.AccountEnabled ?? true);

    internal static DirectoryGroup ToGroup(Group g) => new(
        g.Id ?? string.Empty,
        g.DisplayName ?? string.Empty,
        g.SecurityEnabled ?? false,
        g.GroupTypes?.Contains("Unified", StringComparer.OrdinalIgnoreCase) ?? false,
        g.IsAssignableToRole ?? false,
        g.Description);

    /// <summary>
    /// Turns an SDK failure into a message an admin can act on (no stack, no raw payload). Transient failures carry
    /// <see cref="TransientMarker"/> (and Graph's Retry-After), which the durable retry policy reads from the failure.
    /// </summary>
    internal static DirectoryException Translate(Exception e, string doing)
    {
        if (e is AggregateException { InnerExceptions: [var only] })
        {
            e = only;
        }

        var translated = e switch
        {
            ODataError o => new DirectoryException(
                $"Microsoft Graph refused {doing}: {o.Error?.Message ?? o.Message}",
                o.ResponseStatusCode,
                o.Error?.Code,
                o),
            ApiException a => new DirectoryException($"Microsoft Graph failed while {doing} (HTTP {a.ResponseStatusCode}).", a.ResponseStatusCode, null, a),
            _ => new DirectoryException($"Microsoft Graph failed while {doing}.", null, null, e),
        };
        if (!translated.IsTransient)
        {
            return translated;
        }

        var after = e is ApiException api ? RetryAfterSeconds(api) : null;
        var marker = after is { } s ? $" {TransientMarker}; retry after {s} s]" : $" {TransientMarker}]";
        return new DirectoryException(translated.Message + marker, translated.StatusCode, translated.GraphCode, translated.InnerException);
    }

    /// <summary>Start of the tag a transient failure's message ends with: "[transient" + optional "; retry after N s" + "]".</summary>
    public const string TransientMarker = "[transient";

    private static int? RetryAfterSeconds(ApiException e)
    {
        var value = e.ResponseHeaders?.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        return int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? Math.Min(seconds, 300)
            : null;
    }
}
