using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dex.Core.Understanding;

/// <summary>
/// The rule parser's recognisers: a static default set (for code that builds the parser without DI) and its DI registration.
/// Every recogniser lives in its action's folder and is found there, so adding an action never means editing a list here.
/// </summary>
public static class StepRecognisers
{
    /// <summary>Every recogniser in Dex.Core, in pipeline order (see each one's <see cref="IStepRecogniser.Order"/>).</summary>
    public static readonly IReadOnlyList<IStepRecogniser> Default =
    [
        .. typeof(StepRecognisers).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IStepRecogniser).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IStepRecogniser)Activator.CreateInstance(t)!)
            .OrderBy(r => r.Order)
            .ThenBy(r => r.GetType().FullName, StringComparer.Ordinal),
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
