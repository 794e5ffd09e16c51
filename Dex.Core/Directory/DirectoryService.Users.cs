using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace Dex.Core.Directory;

public sealed record EnterpriseApp(string Id, string DisplayName, IReadOnlyList<(string Id, string Value)> AppRoles);

public sealed partial class DirectoryService
{
    /// <summary>
    /// Users whose UPN is one of <paramref name="addresses"/>, in few calls: <c>$filter=userPrincipalName in (...)</c>, 15
    /// addresses per call (Graph's limit for <c>in</c>), four calls at a time. Keyed by lower-case UPN; missing ones are absent.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, DirectoryUser>> FindUsersByUpnAsync(IEnumerable<string> addresses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var distinct = addresses.Select(a => a.Trim().ToLowerInvariant()).Where(a => a.Contains('@', StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        var found = new System.Collections.Concurrent.ConcurrentDictionary<string, DirectoryUser>(StringComparer.OrdinalIgnoreCase);
        using var gate = new SemaphoreSlim(4);
        await Task.WhenAll(distinct.Chunk(15).Select(async chunk =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var filter = $"userPrincipalName in ({string.Join(",", chunk.Select(ODataText.Quote))})";
                foreach (var u in await QueryUsersAsync(filter, chunk.Length, cancellationToken))
                {
                    found[u.UserPrincipalName.ToLowerInvariant()] = u;
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return found;
    }

    /// <summary>The tenant's verified domains (new users' UPNs must use one).</summary>
    public async Task<IReadOnlyList<string>> GetVerifiedDomainsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var orgs = await graph.Organization.GetAsync(cancellationToken: cancellationToken);
            return [.. (orgs?.Value ?? []).SelectMany(o => o.VerifiedDomains ?? []).Select(d => d.Name).Where(n => n is not null).Select(n => n!)];
        }
        catch (ApiException e)
        {
            throw Translate(e, "reading the organization");
        }
    }

    /// <summary>
    /// Creates a user with the given profile and password (force change at next sign-in). If the
    /// UPN already exists (a retried activity whose first attempt succeeded), nothing is created
    /// and the existing user is returned with <c>Created = false</c>.
    /// </summary>
    public async Task<(DirectoryUser User, bool Created)> CreateUserAsync(
        string userPrincipalName, string displayName, IReadOnlyDictionary<string, string> fields, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var existing = await FindUserAsync(userPrincipalName, cancellationToken);
        if (existing is not null)
        {
            return (existing, false);
        }

        var user = UserPatch.Build(fields.Where(f => !string.Equals(f.Key, "displayName", StringComparison.OrdinalIgnoreCase)).ToDictionary(f => f.Key, f => f.Value));
        user.UserPrincipalName = userPrincipalName;
        user.DisplayName = displayName;
        user.MailNickname = MailNickname(userPrincipalName);
        user.AccountEnabled = true;
        user.PasswordProfile = new PasswordProfile { Password = password, ForceChangePasswordNextSignIn = true };
        try
        {
            var created = await graph.Users.PostAsync(user, cancellationToken: cancellationToken)
                ?? throw new DirectoryException("Microsoft Graph returned no user after creating it.");
            return (await FindUserAsync(created.Id!, cancellationToken) ?? ToUser(created), true);
        }
        catch (ODataError e) when (e.ResponseStatusCode == 400 && (e.Error?.Details?.Any(d => d.Code == "ObjectConflict") ?? false))
        {
            // Created concurrently by an earlier attempt of the same activity.
            return ((await FindUserAsync(userPrincipalName, cancellationToken))!, false);
        }
        catch (ApiException e)
        {
            // Never pass the SDK's text on as-is: the request carried a password.
            var code = (e as ODataError)?.Error?.Code;
            var message = (e as ODataError)?.Error?.Message;
            throw new DirectoryException(
                $"Microsoft Graph refused to create {userPrincipalName} (HTTP {e.ResponseStatusCode}{(message is null ? string.Empty : ": " + message)}).",
                e.ResponseStatusCode,
                code);
        }
    }

    /// <summary>Sets the manager (PUT manager/$ref); setting the same manager again is harmless.</summary>
    public async Task SetManagerAsync(string userId, string managerId, CancellationToken cancellationToken = default)
    {
        try
        {
            await graph.Users[userId].Manager.Ref.PutAsync(
                new ReferenceUpdate { OdataId = $"https://graph.microsoft.com/v1.0/users/{managerId}" },
                cancellationToken: cancellationToken);
        }
        catch (ApiException e)
        {
            throw Translate(e, "setting the manager");
        }
    }

    /// <summary>An enterprise app (service principal) by display name.</summary>
    public async Task<Lookup<EnterpriseApp>> ResolveAppAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        try
        {
            var page = await graph.ServicePrincipals.GetAsync(
                rc =>
                {
                    rc.QueryParameters.Filter = $"displayName eq {ODataText.Quote(name.Trim())}";
                    rc.QueryParameters.Select = ["id", "displayName", "appRoles"];
                },
                cancellationToken);
            var apps = (page?.Value ?? [])
                .Select(sp => new EnterpriseApp(
                    sp.Id ?? string.Empty,
                    sp.DisplayName ?? string.Empty,
                    [.. (sp.AppRoles ?? []).Where(r => r.Id is not null).Select(r => (r.Id!.Value.ToString(), r.Value ?? r.DisplayName ?? string.Empty))]))
                .ToList();
            return Lookup<EnterpriseApp>.Many(apps);
        }
        catch (ApiException e)
        {
            throw Translate(e, $"looking up the app {name}");
        }
    }

    /// <summary>Assigns the user to an enterprise app (its first app role, or the default access role). Already assigned → no change.</summary>
    public async Task<MembershipChange> AssignAppAsync(string userId, string appId, string appName, CancellationToken cancellationToken = default)
    {
        try
        {
            var existing = await graph.Users[userId].AppRoleAssignments.GetAsync(cancellationToken: cancellationToken);
            if ((existing?.Value ?? []).Any(a => string.Equals(a.ResourceId?.ToString(), appId, StringComparison.OrdinalIgnoreCase)))
            {
                return new MembershipChange(false, $"already has access to {appName}");
            }

            var app = await graph.ServicePrincipals[appId].GetAsync(rc => rc.QueryParameters.Select = ["id", "appRoles"], cancellationToken);
            var roleId = app?.AppRoles?.FirstOrDefault(r => r.IsEnabled ?? true)?.Id ?? Guid.Empty;
            await graph.Users[userId].AppRoleAssignments.PostAsync(
                new AppRoleAssignment { PrincipalId = Guid.Parse(userId), ResourceId = Guid.Parse(appId), AppRoleId = roleId },
                cancellationToken: cancellationToken);
            return new MembershipChange(true, $"was given access to {appName}");
        }
        catch (ApiException e)
        {
            throw Translate(e, $"assigning {appName}");
        }
    }

    public static string MailNickname(string userPrincipalName)
    {
        ArgumentNullException.ThrowIfNull(userPrincipalName);
        var local = userPrincipalName.Split('@')[0];
        var nick = new string([.. local.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')]);
        return nick.Length == 0 ? "user" : nick[..Math.Min(nick.Length, 64)];
    }

    /// <summary>"noa.levi" → "Noa Levi".</summary>
    public static string DisplayNameFromUpn(string userPrincipalName)
    {
        ArgumentNullException.ThrowIfNull(userPrincipalName);
        var parts = userPrincipalName.Split('@')[0].Split(['.', '_', '-'], StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', parts.Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
