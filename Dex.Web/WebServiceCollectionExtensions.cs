using Microsoft.Extensions.DependencyInjection;

namespace Dex.Web;

public static class WebServiceCollectionExtensions
{
    /// <summary>Registers the HTTP surface over <see cref="Dex.Core.DexServiceCollectionExtensions.AddDexCore"/> (a host with a durable client in DI: Dex.Local).</summary>
    public static IServiceCollection AddDexWeb(this IServiceCollection services)
    {
        services.AddSingleton<DexApi>();
        return services;
    }
}
