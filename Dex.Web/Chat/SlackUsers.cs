using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Web.Chat;

/// <summary>Who a Slack user is, by Slack's own account record (never by the name they chose).</summary>
public interface ISlackUsers
{
    /// <summary>The user's e-mail when Slack says it is confirmed (and the account is a live human of that team); else null.</summary>
    Task<string?> ConfirmedEmailAsync(string teamId, string userId, CancellationToken cancellationToken);
}

/// <summary>
/// Slack Web API <c>users.info</c> (bot token with <c>users:read</c> and <c>users:read.email</c>), cached for an hour
/// per team and user. <c>Dex:Slack:ApiBaseUrl</c> points it at a local stand-in in tests.
/// </summary>
public sealed class SlackWebApiUsers(HttpClient http, string botToken, Uri apiBase, TimeProvider time) : ISlackUsers
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromHours(1);
    private static readonly ConcurrentDictionary<string, SlackWebApiUsers> Shared = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string? Email, DateTimeOffset At)> _cache = new(StringComparer.Ordinal);

    /// <summary>One client per configured token and base URL; null without <c>Dex:Slack:BotToken</c>.</summary>
    public static SlackWebApiUsers? FromConfiguration(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = ChatOptions.From(services.GetRequiredService<IConfiguration>());
        if (options.SlackBotToken is not { } token)
        {
            return null;
        }

        return Shared.GetOrAdd(options.SlackApiBaseUrl + "\n" + token, _ =>
            new SlackWebApiUsers(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, token, new Uri(options.SlackApiBaseUrl), services.GetService<TimeProvider>() ?? TimeProvider.System));
    }

    public async Task<string?> ConfirmedEmailAsync(string teamId, string userId, CancellationToken cancellationToken)
    {
        var key = teamId + "/" + userId;
        if (_cache.TryGetValue(key, out var hit) && time.GetUtcNow() - hit.At < CacheFor)
        {
            return hit.Email;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(apiBase, "users.info?user=" + Uri.EscapeDataString(userId)));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", botToken);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null; // not cached: Slack may be briefly unavailable
        }

        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var email = Read(doc.RootElement, teamId);
        _cache[key] = (email, time.GetUtcNow());
        return email;
    }

    private static string? Read(JsonElement root, string teamId)
    {
        if (!root.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.True || !root.TryGetProperty("user", out var user))
        {
            return null;
        }

        bool Flag(string name) => user.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
        var team = user.TryGetProperty("team_id", out var t) ? t.GetString() : null;
        if (Flag("deleted") || Flag("is_bot") || !Flag("is_email_confirmed") || (team is not null && team != teamId))
        {
            return null;
        }

        return user.TryGetProperty("profile", out var profile) && profile.TryGetProperty("email", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
    }
}
