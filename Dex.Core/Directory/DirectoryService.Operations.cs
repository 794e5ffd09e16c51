using System.Net;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.IdentityProtection.RiskyUsers.Dismiss;
using Microsoft.Graph.Users.Item.CheckMemberGroups;
using Microsoft.Kiota.Abstractions;

namespace Dex.Core.Directory;

/// <summary>Outcome of a membership change; "already a member" and "not a member" are successes.</summary>
public sealed record MembershipChange(bool Changed, string Message);

/// <summary>Risk state of a user before and after an unblock.</summary>
public sealed record UnblockResult(string? RiskLevelBefore, string? RiskStateBefore, string? RiskStateAfter, bool Reenabled);

public sealed record ProfileView(DirectoryUser User, IReadOnlyList<string> DirectoryRoles, IReadOnlyList<DirectoryGroup> Groups, DirectoryUser? Manager)
{
    /// <summary>Roles the user may activate through PIM (eligible, not active).</summary>
    public IReadOnlyList<string> EligibleRoles { get; init; } = [];
}

public sealed partial class DirectoryService
{
    /// <summary>Adds a user to a group. Already a member → no change, reported as success.</summary>
    public async Task<MembershipChange> AddMemberAsync(string groupId, string groupName, string userId, CancellationToken cancellationToken = default)
    {
        try
        {
            await graph.Groups[groupId].Members.Ref.PostAsync(
                new ReferenceCreate { OdataId = $"https://graph.microsoft.com/v1.0/directoryObjects/{userId}" },
                cancellationToken: cancellationToken);
            return new MembershipChange(true, $"was added to \"{groupName}\"");
        }
        catch (ODataError e) when (e.ResponseStatusCode == 400 && (e.Error?.Message?.Contains("already exist", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return new MembershipChange(false, $"is already a member of \"{groupName}\"");
        }
        catch (ApiException e)
        {
            throw Translate(e, $"adding a member to {groupName}");
        }
    }

    /// <summary>Removes a user from a group. Not a member → no change, reported as success.</summary>
    public async Task<MembershipChange> RemoveMemberAsync(string groupId, string groupName, string userId, CancellationToken cancellationToken = default)
    {
        try
        {
            await graph.Groups[groupId].Members[userId].Ref.DeleteAsync(cancellationToken: cancellationToken);
            return new MembershipChange(true, $"was removed from \"{groupName}\"");
        }
        catch (ODataError e) when (e.ResponseStatusCode == 404)
        {
            return new MembershipChange(false, $"was not a member of \"{groupName}\"");
        }
        catch (ApiException e)
        {
            throw Translate(e, $"removing a member from {groupName}");
        }
    }

    /// <summary>Transitive membership check (checkMemberGroups).</summary>
    public async Task<bool> IsMemberAsync(string userId, string groupId, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await graph.Users[userId].CheckMemberGroups.PostAsCheckMemberGroupsPostResponseAsync(
                new CheckMemberGroupsPostRequestBody { GroupIds = [groupId] },
                cancellationToken: cancellationToken);
            return result?.Value?.Contains(groupId, StringComparer.OrdinalIgnoreCase) ?? false;
        }
        catch (ApiException e)
        {
            throw Translate(e, "checking membership");
        }
    }

    public async Task<ProfileView> GetProfileAsync(string userId, CancellationToken cancellationToken = default)
    {
        var user = await FindUserAsync(userId, cancellationToken) ?? throw new DirectoryException("That user no longer exists.", 404);
        var membership = await GetMembershipAsync(user.Id, cancellationToken);
        var manager = await GetManagerAsync(user.Id, cancellationToken);
        var eligible = await GetEligibleRolesAsync(user.Id, membership.Groups.Select(g => g.Id), cancellationToken);
        return new ProfileView(user, membership.DirectoryRoles, membership.Groups, manager) { EligibleRoles = [.. eligible.Except(membership.DirectoryRoles, StringComparer.OrdinalIgnoreCase)] };
    }

    /// <summary>Sets a new password that must be changed at next sign-in. The caller owns the password; it is never logged here.</summary>
    public async Task SetPasswordAsync(string userId, string password, CancellationToken cancellationToken = default)
    {
        try
        {
            await graph.Users[userId].PatchAsync(
                new User { PasswordProfile = new PasswordProfile { Password = password, ForceChangePasswordNextSignIn = true } },
                cancellationToken: cancellationToken);
        }
        catch (ApiException e)
        {
            // The SDK error can echo request details; keep only status and code so nothing secret travels on.
            var code = (e as ODataError)?.Error?.Code;
            throw new DirectoryException($"Microsoft Graph refused the password reset (HTTP {e.ResponseStatusCode}{(code is null ? string.Empty : ", " + code)}).", e.ResponseStatusCode, code);
        }
    }

    /// <summary>Dismisses the user's Identity Protection risk and re-enables the account if it was disabled.</summary>
    public async Task<UnblockResult> UnblockSignInAsync(string userId, CancellationToken cancellationToken = default)
    {
        string? levelBefore = null, stateBefore = null, stateAfter = null;
        try
        {
            var risky = await graph.IdentityProtection.RiskyUsers[userId].GetAsync(cancellationToken: cancellationToken);
            levelBefore = Camel(risky?.RiskLevel?.ToString());
            stateBefore = Camel(risky?.RiskState?.ToString());
        }
        catch (ODataError e) when (e.ResponseStatusCode == 404)
        {
            stateBefore = "none";
        }
        catch (ApiException e)
        {
            throw Translate(e, "reading sign-in risk");
        }

        if (stateBefore is not null && !string.Equals(stateBefore, "none", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(stateBefore, "dismissed", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(stateBefore, "remediated", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                await graph.IdentityProtection.RiskyUsers.Dismiss.PostAsync(new DismissPostRequestBody { UserIds = [userId] }, cancellationToken: cancellationToken);
                var after = await graph.IdentityProtection.RiskyUsers[userId].GetAsync(cancellationToken: cancellationToken);
                stateAfter = Camel(after?.RiskState?.ToString());
            }
            catch (ApiException e)
            {
                throw Translate(e, "dismissing sign-in risk");
            }
        }
        else
        {
            stateAfter = stateBefore;
        }

        var user = await FindUserAsync(userId, cancellationToken) ?? throw new DirectoryException("That user no longer exists.", 404);
        var reenabled = false;
        if (!user.AccountEnabled)
        {
            await UpdateUserAsync(userId, new Dictionary<string, string> { ["accountEnabled"] = "true" }, cancellationToken);
            reenabled = true;
        }

        return new UnblockResult(levelBefore, stateBefore, stateAfter, reenabled);
    }

    /// <summary>Sets the profile photo (JPEG or PNG bytes already validated).</summary>
    public async Task SetPhotoAsync(string userId, byte[] image, string contentType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        try
        {
            using var stream = new MemoryStream(image);
            await graph.Users[userId].Photo.Content.PutAsync(stream, rc => rc.Headers.TryAdd("Content-Type", contentType), cancellationToken);
        }
        catch (ApiException e)
        {
            throw Translate(e, "setting the profile photo");
        }
    }

    /// <summary>Graph's own spelling of enum values ("atRisk"), not the SDK's C# names ("AtRisk").</summary>
    private static string? Camel(string? value) => string.IsNullOrEmpty(value) ? value : char.ToLowerInvariant(value[0]) + value[1..];

    internal static bool IsThrottled(ApiException e) => e.ResponseStatusCode == (int)HttpStatusCode.TooManyRequests;
}
