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
    /// The built-in actions: every <see cref="IDexAction"/> in Dex.Core, each in its folder under Actions, found there so that
    /// adding an action never means editing a list. DI registers exactly these; static readers of the catalogue (policy file
    /// validation, the model's tool list, the rule parser's checks) read them here. Ordered by name, so the order is stable.
    /// </summary>
    public static ActionCatalogue BuiltIn { get; } = new(
        typeof(ActionCatalogue).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDexAction).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IDexAction)Activator.CreateInstance(t)!)
            .OrderBy(a => a.Entry.Name, StringComparer.Ordinal));

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
