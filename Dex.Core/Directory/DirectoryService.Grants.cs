using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace Dex.Core.Directory;

/// <summary>What time-bound grants need beyond adding and removing members: the user's time zone and app unassignment.</summary>
public sealed partial class DirectoryService
{
    /// <summary>The time zone in the user's mailbox settings (Windows or IANA id); null when there is no mailbox or none is set.</summary>
    public async Task<string?> GetMailboxTimeZoneAsync(string userId, CancellationToken cancellationToken = default)
    {
        try
        {
            var settings = await graph.Users[userId].MailboxSettings.GetAsync(cancellationToken: cancellationToken);
            return string.IsNullOrWhiteSpace(settings?.TimeZone) ? null : settings.TimeZone;
        }
        catch (ODataError e) when (e.ResponseStatusCode is 403 or 404)
        {
            return null; // no mailbox, or no permission to read it: the caller falls back to the usage location
        }
        catch (ApiException e)
        {
            throw Translate(e, "reading the mailbox time zone");
        }
    }

    /// <summary>Does the user hold any assignment to the app (service principal)?</summary>
    public async Task<bool> HasAppAsync(string userId, string appId, CancellationToken cancellationToken = default)
    {
        try
        {
            var existing = await graph.Users[userId].AppRoleAssignments.GetAsync(cancellationToken: cancellationToken);
            return (existing?.Value ?? []).Any(a => string.Equals(a.ResourceId?.ToString(), appId, StringComparison.OrdinalIgnoreCase));
        }
        catch (ApiException e)
        {
            throw Translate(e, "reading app assignments");
        }
    }

    /// <summary>Removes the user's assignments to the app. None left → no change, reported as success.</summary>
    public async Task<MembershipChange> UnassignAppAsync(string userId, string appId, string appName, CancellationToken cancellationToken = default)
    {
        try
        {
            var existing = await graph.Users[userId].AppRoleAssignments.GetAsync(cancellationToken: cancellationToken);
            var mine = (existing?.Value ?? []).Where(a => string.Equals(a.ResourceId?.ToString(), appId, StringComparison.OrdinalIgnoreCase) && a.Id is not null).ToList();
            foreach (var a in mine)
            {
                try
                {
                    await graph.Users[userId].AppRoleAssignments[a.Id].DeleteAsync(cancellationToken: cancellationToken);
                }
                catch (ODataError e) when (e.ResponseStatusCode == 404)
                {
                    // removed meanwhile: the goal is reached
                }
            }

            return mine.Count == 0
                ? new MembershipChange(false, $"had no access to {appName}")
                : new MembershipChange(true, $"no longer has access to {appName}");
        }
        catch (ApiException e)
        {
            throw Translate(e, $"removing access to {appName}");
        }
    }
}
