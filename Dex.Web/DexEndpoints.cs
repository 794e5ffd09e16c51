using Dex.Web.Chat;
using Dex.Core.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dex.Web;

/// <summary>Maps the HTTP API of DESIGN §5 onto an ASP.NET Core app (Dex.Local). Dex.Functions calls the same <see cref="DexApi"/> methods from its triggers.</summary>
public static class DexEndpoints
{
    public static IEndpointRouteBuilder MapDexApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        app.MapDexChat(); // POST /api/messages (+ /teams, /slack): signature checks in Dex.Web/Chat
        api.MapGet("/requests/{id}", (string id, DexApi dex, CancellationToken ct) => dex.GetRequestAsync(id, ct));
        api.MapGet("/approvals/{token}", (string token, HttpRequest r, DexApi dex, CancellationToken ct) => dex.GetApprovalAsync(token, r, ct));
        api.MapPost("/approvals/{token}", (string token, HttpRequest r, DexApi dex, CancellationToken ct) => dex.PostApprovalAsync(token, r, ct)).DisableAntiforgery();
        api.MapPost("/plan", (HttpRequest r, DexApi dex, CancellationToken ct) => dex.PlanAsync(r, ct));
        api.MapGet("/audit", (HttpRequest r, DexApi dex, CancellationToken ct) => dex.QueryAuditAsync(r, ct));
        api.MapGet("/audit/verify", (DexApi dex, CancellationToken ct) => dex.VerifyAuditAsync(ct));
        api.MapGet("/audit/export", (HttpContext c, DexApi dex, CancellationToken ct) => dex.ExportAuditAsync(c, ct));
        api.MapGet("/secrets/{token}", (string token, HttpRequest r, DexApi dex, CancellationToken ct) => dex.GetSecretAsync(token, r, ct));
        api.MapPost("/secrets/{token}", (string token, HttpRequest r, DexApi dex, CancellationToken ct) => dex.RevealSecretAsync(token, r, ct)).DisableAntiforgery();
        api.MapPost("/discovery/run", (DexApi dex, CancellationToken ct) => dex.RunDiscoveryAsync(ct));
        api.MapGet("/discovery/latest", (DexApi dex, CancellationToken ct) => dex.LatestDiscoveryAsync(ct));
        api.MapPost("/setup/validate", (DexApi dex, CancellationToken ct) => dex.ValidateSetupAsync(ct));
        api.MapGet("/health", (DexApi dex) => Results.Json(dex.Health(), DexApi.Json));
        return app;
    }

    /// <summary>Local host in Emulator mode only: what would have been sent to one person (never everyone's at once).</summary>
    public static IEndpointRouteBuilder MapDexOutbox(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/local/outbox", (string? recipient, IOutbox outbox) =>
            string.IsNullOrWhiteSpace(recipient)
                ? ApiErrors.BadRequest("missing_recipient", "Name whose notifications to show: /api/local/outbox?recipient=<upn>.")
                : Results.Json(new { recipient, notifications = outbox.For(recipient) }, DexApi.Json));
        return app;
    }
}
