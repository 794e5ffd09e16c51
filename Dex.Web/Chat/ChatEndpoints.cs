using Dex.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Web.Chat;

/// <summary>Maps the chat webhooks (generic, Teams, Slack) onto an ASP.NET Core app; Dex.Functions' triggers call the same <see cref="ChatGateway"/>.</summary>
public static class ChatEndpoints
{
    public static IEndpointRouteBuilder MapDexChat(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/messages");
        api.MapPost(string.Empty, (HttpRequest r, DexApi dex, CancellationToken ct) => ChatGateway.Create(r.HttpContext.RequestServices, dex).PostMessageAsync(r, ct));
        api.MapPost("/teams", (HttpRequest r, DexApi dex, CancellationToken ct) => ChatGateway.Create(r.HttpContext.RequestServices, dex).PostTeamsAsync(r, ct));
        api.MapPost("/slack", (HttpRequest r, DexApi dex, CancellationToken ct) => ChatGateway.Create(r.HttpContext.RequestServices, dex).PostSlackAsync(r, ct)).DisableAntiforgery();
        return app;
    }
}

public static class ChatServiceCollectionExtensions
{
    /// <summary>Optional: registers the replay cache explicitly (otherwise <see cref="ChatGateway.Create"/> keeps one per host).</summary>
    public static IServiceCollection AddDexChat(this IServiceCollection services)
    {
        services.AddSingleton<ReplayCache>();
        return services;
    }
}
