using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dex.Web;

/// <summary>
/// The one route table of the HTTP API (DESIGN §5). Routes are relative to <c>/api</c>, the Functions route prefix:
/// Dex.Functions' triggers name these constants, Dex.Local maps them with <see cref="MapDexApi"/>. Both call the same
/// <see cref="DexEndpoints"/> classes.
/// </summary>
public static class DexRoutes
{
    public const string Prefix = "/api";

    public const string Messages = "messages";
    public const string TeamsMessages = "messages/teams";
    public const string SlackMessages = "messages/slack";
    public const string Request = "requests/{id}";
    public const string Approval = "approvals/{token}";
    public const string Plan = "plan";
    public const string Audit = "audit";
    public const string AuditVerify = "audit/verify";
    public const string AuditExport = "audit/export";
    public const string Secret = "secrets/{token}";
    public const string DiscoveryRun = "discovery/run";
    public const string DiscoveryLatest = "discovery/latest";
    public const string SetupValidate = "setup/validate";
    public const string PolicyReplay = "policy/replay";
    public const string Health = "health";

    /// <summary>Local host only: what would have been sent to a person.</summary>
    public const string LocalOutbox = "local/outbox";

    public static IEndpointRouteBuilder MapDexApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix);

        // The chat front-ends check their signatures first (Dex.Web/Chat); forms are signed, not antiforgery-protected.
        api.MapPost(Messages, (HttpRequest r, DexEndpoints dex, CancellationToken ct) => dex.Chat.PostMessageAsync(r, ct));
        api.MapPost(TeamsMessages, (HttpRequest r, DexEndpoints dex, CancellationToken ct) => dex.Chat.PostTeamsAsync(r, ct));
        api.MapPost(SlackMessages, (HttpRequest r, DexEndpoints dex, CancellationToken ct) => dex.Chat.PostSlackAsync(r, ct)).DisableAntiforgery();

        api.MapGet(Request, (string id, DexEndpoints dex, CancellationToken ct) => dex.Requests.GetAsync(id, ct));
        api.MapGet(Approval, (string token, HttpRequest r, DexEndpoints dex, CancellationToken ct) => dex.Approvals.GetAsync(token, r, ct));
        api.MapPost(Approval, (string token, HttpRequest r, DexEndpoints dex, CancellationToken ct) => dex.Approvals.PostAsync(token, r, ct)).DisableAntiforgery();
        api.MapPost(Plan, (HttpRequest r, DexEndpoints dex, CancellationToken ct) => dex.Plan.PostAsync(r, ct));
        api.MapGet(Audit, (HttpRequest r, DexEndpoints dex, CancellationToken ct) => dex.Audit.QueryAsync(r, ct));
        api.MapGet(AuditVerify, (DexEndpoints dex, CancellationToken ct) => dex.Audit.VerifyAsync(ct));
        api.MapGet(AuditExport, (HttpContext c, DexEndpoints dex, CancellationToken ct) => dex.Audit.ExportAsync(c, ct));
        api.MapGet(Secret, (string token, HttpRequest r, DexEndpoints dex, CancellationToken ct) => dex.Secrets.GetAsync(token, r, ct));
        api.MapPost(Secret, (string token, HttpRequest r, DexEndpoints dex, CancellationToken ct) => dex.Secrets.RevealAsync(token, r, ct)).DisableAntiforgery();
        api.MapPost(DiscoveryRun, (DexEndpoints dex, CancellationToken ct) => dex.Discovery.RunAsync(ct));
        api.MapGet(DiscoveryLatest, (DexEndpoints dex, CancellationToken ct) => dex.Discovery.LatestAsync(ct));
        api.MapPost(SetupValidate, (DexEndpoints dex, CancellationToken ct) => dex.Setup.ValidateAsync(ct));
        api.MapPost(PolicyReplay, (HttpRequest r, DexEndpoints dex, CancellationToken ct) => dex.PolicyReplay.PostAsync(r, ct));
        api.MapGet(Health, (DexEndpoints dex) => dex.Health.Get());
        return app;
    }

    /// <summary>Local host only: what would have been sent to a person.</summary>
    public static IEndpointRouteBuilder MapDexOutbox(this IEndpointRouteBuilder app)
    {
        app.MapGroup(Prefix).MapGet(LocalOutbox, (string? recipient, DexEndpoints dex) => dex.Outbox.Get(recipient));
        return app;
    }
}
