using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Dex.Benchmarks.DirectoryOps;

/// <summary>Options as name=value arguments.</summary>
internal static class BenchArgs
{
    public static string? Get(string[] args, string name)
    {
        foreach (var a in args)
        {
            if (a.StartsWith(name + "=", StringComparison.OrdinalIgnoreCase))
            {
                return a[(name.Length + 1)..];
            }
        }

        return null;
    }

    public static int Int(string[] args, string name, int fallback)
        => int.TryParse(Get(args, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : fallback;

    public static bool Flag(string[] args, string name) => args.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase));

    public static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Watches the wire between the SDK pipeline and the socket: every PATCH of a user, sent on its own or as a $batch item,
/// with the status it got. Lets the benchmark tell "done once" from "done twice" per user, which the emulator's
/// counters (per route, not per user) cannot.
/// </summary>
internal sealed class UserPatchTap(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ConcurrentDictionary<string, int> _sent = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _succeeded = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>PATCH attempts per user (a throttled attempt and its retry count as two).</summary>
    public IReadOnlyDictionary<string, int> Sent => _sent;

    /// <summary>PATCHes per user answered 2xx: more than one means the user was changed twice.</summary>
    public IReadOnlyDictionary<string, int> Succeeded => _succeeded;

    private readonly ConcurrentQueue<(string What, long Start, long End)> _timeline = new();

    /// <summary>Each request's kind ("GET /users", "POST /$batch", "PATCH /users/{id}") and its start/end timestamps.</summary>
    public IReadOnlyCollection<(string What, long Start, long End)> Timeline => _timeline;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var response = await SendTappedAsync(request, cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        var what = request.Method.Method + (path.EndsWith("/$batch", StringComparison.Ordinal) ? " /$batch" : UserOf(path) is not null ? " /users/{id}" : " " + path.Replace("/v1.0", "", StringComparison.Ordinal));
        _timeline.Enqueue((what, start, System.Diagnostics.Stopwatch.GetTimestamp()));
        return response;
    }

    private async Task<HttpResponseMessage> SendTappedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (request.Method == HttpMethod.Patch && UserOf(path) is { } single)
        {
            _sent.AddOrUpdate(single, 1, static (_, n) => n + 1);
            var response = await base.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                _succeeded.AddOrUpdate(single, 1, static (_, n) => n + 1);
            }

            return response;
        }

        if (request.Method == HttpMethod.Post && path.EndsWith("/$batch", StringComparison.Ordinal) && request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken);
            var patches = new Dictionary<string, string>(StringComparer.Ordinal);
            using (var doc = JsonDocument.Parse(await request.Content.ReadAsStringAsync(cancellationToken)))
            {
                foreach (var item in doc.RootElement.GetProperty("requests").EnumerateArray())
                {
                    if (string.Equals(item.GetProperty("method").GetString(), "PATCH", StringComparison.OrdinalIgnoreCase)
                        && UserOf("/v1.0" + item.GetProperty("url").GetString()) is { } user)
                    {
                        patches[item.GetProperty("id").GetString()!] = user;
                        _sent.AddOrUpdate(user, 1, static (_, n) => n + 1);
                    }
                }
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (patches.Count > 0 && response.IsSuccessStatusCode)
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                foreach (var item in doc.RootElement.GetProperty("responses").EnumerateArray())
                {
                    if (patches.TryGetValue(item.GetProperty("id").GetString()!, out var user) && item.GetProperty("status").GetInt32() is >= 200 and < 300)
                    {
                        _succeeded.AddOrUpdate(user, 1, static (_, n) => n + 1);
                    }
                }
            }

            return response;
        }

        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>"/v1.0/users/{x}" → x; anything deeper (photo, manager…) → null.</summary>
    private static string? UserOf(string path)
    {
        var q = path.IndexOf('?', StringComparison.Ordinal);
        var parts = (q >= 0 ? path[..q] : path).Trim('/').Split('/');
        return parts.Length == 3 && parts[0] == "v1.0" && string.Equals(parts[1], "users", StringComparison.OrdinalIgnoreCase) ? Uri.UnescapeDataString(parts[2]) : null;
    }
}

/// <summary>
/// The same client <c>GraphClientBuilder.CreateForEmulator</c> builds (SDK default handlers incl. retry, SocketsHttpHandler with a
/// 5-minute connection lifetime, 100 s timeout, static bearer token for the emulator host), with <see cref="UserPatchTap"/>
/// between the SDK pipeline and the socket.
/// </summary>
internal static class TappedClient
{
    public static (GraphServiceClient Client, UserPatchTap Tap) Create(string baseUrl)
    {
        var uri = new Uri(baseUrl);
        var tap = new UserPatchTap(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        var http = GraphClientFactory.Create(GraphClientFactory.CreateDefaultHandlers(), finalHandler: tap);
        http.Timeout = TimeSpan.FromSeconds(100);
        var auth = new BaseBearerTokenAuthenticationProvider(new StaticToken(uri.Host));
        return (new GraphServiceClient(http, auth, baseUrl.TrimEnd('/')), tap);
    }

    private sealed class StaticToken(string host) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new([host]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
            => Task.FromResult(AllowedHostsValidator.IsUrlHostValid(uri) ? "dex-emulator-token" : string.Empty);
    }
}
