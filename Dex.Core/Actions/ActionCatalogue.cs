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

namespace Dex.Core.Actions;

/// <summary>
/// The action catalogue: the set of registered <see cref="IDexAction"/>s, in catalogue order. Nothing
/// outside it can ever be planned; nothing else knows what an action does.
/// </summary>
public sealed class ActionCatalogue
{
    private readonly Dictionary<string, IDexAction> _byName;

    public ActionCatalogue(IEnumerable<IDexAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        All = [.. actions];
        _byName = new Dictionary<string, IDexAction>(StringComparer.Ordinal);
        foreach (var a in All)
        {
            if (!_byName.TryAdd(a.Entry.Name, a))
            {
                throw new InvalidOperationException($"The action '{a.Entry.Name}' is registered twice.");
            }
        }
    }

    /// <summary>
    /// The built-in actions: the one registration list. DI registers exactly these; static readers of the
    /// catalogue (policy file validation, the model's tool list, the rule parser's checks) read them here.
    /// </summary>
    public static ActionCatalogue BuiltIn { get; } = new(
    [
        new CreateUserAction(), new SearchUsersAction(), new ListLockedUsersAction(), new UnlockUserAction(),
        new UpdateUserAction(), new UpdateUserProfileAction(), new UpdatePhotoAction(), new PasswordResetAction(),
        new MfaResetAction(), new UnblockSignInAction(), new GrantAccessAction(), new RevokeAccessAction(),
        new ExtendAccessAction(), new EndAccessAction(), new ListGrantsAction(),
        new CheckMembershipAction(), new ListGroupMembersAction(), new ListUserGroupsAction(), new ViewProfileAction(),
        new DiscoverAction(), new ListLicensesAction(), new AssignLicenseAction(), new RemoveLicenseAction(), new SwapLicenseAction(),
        new ReclaimLicensesAction(), new OffboardUserAction(), new CancelDeletion.CancelDeletionAction(),
    ]);

    public IReadOnlyList<IDexAction> All { get; }

    public IReadOnlyList<string> Names => [.. All.Select(a => a.Entry.Name)];

    public bool IsKnown(string action) => action is not null && _byName.ContainsKey(action);

    public IDexAction? Find(string action) => action is null ? null : _byName.GetValueOrDefault(action);

    public IDexAction Get(string action)
        => Find(action) ?? throw new KeyNotFoundException($"'{action}' is not in the action catalogue.");
}

public static class ActionServiceCollectionExtensions
{
    /// <summary>Registers the built-in actions, the catalogue over them, and what actions plan and execute with.</summary>
    public static IServiceCollection AddDexActions(this IServiceCollection services)
    {
        foreach (var action in ActionCatalogue.BuiltIn.All)
        {
            services.AddSingleton(action);
        }

        services.TryAddSingleton(sp => new ActionCatalogue(sp.GetServices<IDexAction>()));
        services.TryAddSingleton<DexLinks>();
        services.TryAddSingleton<CredentialDelivery>();
        services.TryAddSingleton<PlanningServices>();
        services.TryAddSingleton<ExecutionServices>();
        return services;
    }
}
