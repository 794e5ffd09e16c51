using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dex.Tests.Support;

/// <summary>
/// A local stand-in for Slack's Web API method <c>users.info</c> over real HTTP (Slack's documented response shape:
/// <c>{"ok":true,"user":{"id","team_id","deleted","is_bot","is_email_confirmed","profile":{"email"}}}</c>, or
/// <c>{"ok":false,"error":"invalid_auth"|"user_not_found"}</c>). Counts calls so tests can see the cache work.
/// </summary>
public sealed class SlackApiStandIn : IAsyncDisposable
{
    public const string BotToken = "xoxb-dex-test-token";
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private WebApplication? _app;

    public sealed record SlackUser(string TeamId, string? Email, bool EmailConfirmed = true, bool Deleted = false, bool IsBot = false);

    public IDictionary<string, SlackUser> Users { get; } = new ConcurrentDictionary<string, SlackUser>(StringComparer.Ordinal);

    /// <summary>Base URL to configure as <c>Dex:Slack:ApiBaseUrl</c> (ends with <c>/api/</c>).</summary>
    public string ApiBaseUrl { get; private set; } = string.Empty;

    public int CallsFor(string userId) => _calls.TryGetValue(userId, out var n) ? n : 0;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/api/users.info", (HttpRequest request, string? user) =>
        {
            _calls.AddOrUpdate(user ?? string.Empty, 1, (_, n) => n + 1);
            if (request.Headers.Authorization.ToString() != "Bearer " + BotToken)
            {
                return Results.Json(new { ok = false, error = "invalid_auth" });
            }

            if (user is null || !Users.TryGetValue(user, out var u))
            {
                return Results.Json(new { ok = false, error = "user_not_found" });
            }

            return Results.Json(new
            {
                ok = true,
                user = new { id = user, team_id = u.TeamId, deleted = u.Deleted, is_bot = u.IsBot, is_email_confirmed = u.EmailConfirmed, profile = new { email = u.Email } },
            });
        });
        await _app.StartAsync();
        ApiBaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/api/";
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
