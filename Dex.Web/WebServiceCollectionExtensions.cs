using Dex.Web.Chat;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Web;

public static class WebServiceCollectionExtensions
{
    /// <summary>
    /// Registers the HTTP surface over <see cref="Dex.Core.DexServiceCollectionExtensions.AddDexCore"/> for a host whose
    /// durable client is in DI (Dex.Local). Dex.Functions builds <see cref="DexEndpoints"/> per call over its binding's client.
    /// </summary>
    public static IServiceCollection AddDexWeb(this IServiceCollection services)
    {
        services.AddSingleton<ReplayCache>();
        Limits.RequesterRateLimiter.Register(services);
        services.AddSingleton(sp => new DexEndpoints(sp, sp.GetRequiredService<DurableTaskClient>()));
        return services;
    }
}
