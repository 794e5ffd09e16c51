using Dex.Core.Actions.AssignLicense;
using Dex.Core.Actions.CheckMembership;
using Dex.Core.Actions.CreateUser;
using Dex.Core.Actions.Discover;
using Dex.Core.Actions.EndAccess;
using Dex.Core.Actions.ExtendAccess;
using Dex.Core.Actions.GrantAccess;
using Dex.Core.Actions.ListGrants;
using Dex.Core.Actions.ListGroupMembers;
using Dex.Core.Actions.ListLicenses;
using Dex.Core.Actions.ListLockedUsers;
using Dex.Core.Actions.ListUserGroups;
using Dex.Core.Actions.MfaReset;
using Dex.Core.Actions.OffboardUser;
using Dex.Core.Actions.PasswordReset;
using Dex.Core.Actions.ReclaimLicenses;
using Dex.Core.Actions.RemoveLicense;
using Dex.Core.Actions.RevokeAccess;
using Dex.Core.Actions.SearchUsers;
using Dex.Core.Actions.SwapLicense;
using Dex.Core.Actions.UnblockSignIn;
using Dex.Core.Actions.UnlockUser;
using Dex.Core.Actions.UpdatePhoto;
using Dex.Core.Actions.UpdateUser;
using Dex.Core.Actions.UpdateUserProfile;
using Dex.Core.Actions.ViewProfile;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dex.Core.Understanding;

/// <summary>The rule parser's recognisers: a static default set (for code that builds the parser without DI) and its DI registration.</summary>
public static class StepRecognisers
{
    /// <summary>Every recogniser, in pipeline order (see each one's <see cref="IStepRecogniser.Order"/>).</summary>
    public static readonly IReadOnlyList<IStepRecogniser> Default =
    [
        .. new IStepRecogniser[]
        {
            new OffboardUserRecogniser(),
            new Actions.CancelDeletion.CancelDeletionRecogniser(),
            new DiscoveryQuestionRecogniser(),
            new ProfileMoveRecogniser(),
            new CreateUserTitleAfterNameRecogniser(),
            new CreateUserRecogniser(),
            new ReclaimLicensesRecogniser(),
            new SwapLicenseRecogniser(),
            new ListLicensesRecogniser(),
            new AssignLicenseRecogniser(),
            new RemoveLicenseRecogniser(),
            new ListLockedUsersRecogniser(),
            new UnblockSignInRecogniser(),
            new AccountEnabledRecogniser(),
            new UnlockUserRecogniser(),
            new PasswordResetRecogniser(),
            new MfaResetRecogniser(),
            new UpdatePhotoRecogniser(),
            new ListGrantsRecogniser(),
            new ExtendAccessRecogniser(),
            new EndAccessRecogniser(),
            new ListUserGroupsRecogniser(),
            new CheckMembershipRecogniser(),
            new RevokeAccessRecogniser(),
            new GrantAccessRecogniser(),
            new DepartmentMembersRecogniser(),
            new ListGroupMembersRecogniser(),
            new CreateUserDetailsRecogniser(),
            new UpdateUserProfileRecogniser(),
            new UpdateUserRecogniser(),
            new ViewProfileRecogniser(),
            new DiscoverRecogniser(),
            new SearchUsersRecogniser(),
            new GrantAccessFollowUpRecogniser(),
            new RevokeAccessFollowUpRecogniser(),
        }.OrderBy(r => r.Order),
    ];

    /// <summary>Registers every default recogniser as an <see cref="IStepRecogniser"/> (idempotent).</summary>
    public static IServiceCollection AddStepRecognisers(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var recogniser in Default)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IStepRecogniser), recogniser.GetType()));
        }

        return services;
    }
}
