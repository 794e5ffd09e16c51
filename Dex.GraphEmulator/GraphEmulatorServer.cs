using System.Text.Json;
using Dex.GraphEmulator.Http;
using Dex.GraphEmulator.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.GraphEmulator;

/// <summary>A running Microsoft Graph v1.0 emulator on Kestrel. Dispose to stop it.</summary>
public sealed class GraphEmulatorServer : IAsyncDisposable
{
    private const int MaxBodyBytes = 16 * 1024 * 1024;
    private readonly WebApplication _app;
    private readonly GraphApi _api;
    private readonly EntraSignIn _signIn;
    private readonly GraphEmulatorOptions _options;
    private readonly Random _random;
    private readonly Lock _randomLock = new();
    private string _baseUrl = "";

    private GraphEmulatorServer(WebApplication app, EmulatedTenant tenant, GraphEmulatorOptions options)
    {
        _app = app;
        _options = options;
        Tenant = tenant;
        Stats = new EmulatorStats();
        _random = new Random(options.FaultSeed);
        _api = new GraphApi(tenant, options, Stats, () => _baseUrl);
        _signIn = new EntraSignIn(tenant, () => RootUrl);
    }

    /// <summary>e.g. "http://127.0.0.1:41234/v1.0" (no trailing slash).</summary>
    public string BaseUrl => _baseUrl;

    /// <summary>Root of the server, e.g. "http://127.0.0.1:41234" (where /_emulator/stats lives).</summary>
    public string RootUrl => _baseUrl[..^"/v1.0".Length];

    public EmulatedTenant Tenant { get; }

    public EmulatorStats Stats { get; }

    public GraphEmulatorOptions Options => _options;

    /// <summary>"METHOD /template" of every route the emulator serves.</summary>
    internal IEnumerable<string> RouteTemplates => _api.RouteTemplates;

    /// <summary>The self-signed certificate served when <see cref="GraphEmulatorOptions.Url"/> is https; trust it in clients.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate { get; private init; }

    /// <summary>Authority host for Azure.Identity credentials (https only), e.g. "https://127.0.0.1:41234".</summary>
    public Uri AuthorityHost => new(RootUrl + "/");

    private static readonly string[] DefaultTokenRoles =
    [
        "User.ReadWrite.All", "Group.ReadWrite.All", "GroupMember.ReadWrite.All", "Directory.Read.All",
        "UserAuthenticationMethod.ReadWrite.All", "IdentityRiskyUser.ReadWrite.All", "RoleManagement.Read.Directory",
        "Application.Read.All", "AppRoleAssignment.ReadWrite.All", "Organization.Read.All", "User.RevokeSessions.All",
    ];

    /// <summary>Loads the tenant (file, sample, generator), binds Kestrel and starts serving.</summary>
    /// <exception cref="TenantFileException">The tenant file is unreadable or invalid; the message names the field.</exception>
    public static async Task<GraphEmulatorServer> StartAsync(GraphEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new GraphEmulatorOptions();
        var source = options.TenantPath ?? "built-in sample tenant";
        TenantState Load()
        {
            var file = TenantLoader.LoadFile(options.TenantPath);
            if (!string.IsNullOrWhiteSpace(options.Generate))
            {
                file = TenantGenerator.Apply(file, options.Generate);
            }

            return TenantLoader.Build(file, source);
        }

        // The factory reloads on reset instead of keeping the parsed file: a 100k-user file would double memory.
        var tenant = new EmulatedTenant(Load);

        // An empty builder reads no appsettings.json or ASPNETCORE_* settings: embedded in Dex.Local it must not pick up
        // the host's Kestrel endpoints or URLs.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [], ApplicationName = typeof(GraphEmulatorServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore();
        var listen = ListenUrl(options.Url);
        var certificate = listen.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? TokenEndpoint.CreateCertificate() : null;
        if (certificate is not null)
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        builder.WebHost.UseUrls(listen);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = MaxBodyBytes;
            if (certificate is not null)
            {
                k.ConfigureHttpsDefaults(h => h.ServerCertificate = certificate);
            }
        });
        var app = builder.Build();
        var server = new GraphEmulatorServer(app, tenant, options) { Certificate = certificate };
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server._baseUrl = address.TrimEnd('/').Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal) + "/v1.0";
        return server;
    }

    /// <summary>Accepts "http://host:port", with or without a trailing "/" or "/v1.0" (Kestrel takes no path).</summary>
    internal static string ListenUrl(string url)
    {
        var u = url.Trim().TrimEnd('/');
        if (u.EndsWith("/v1.0", StringComparison.OrdinalIgnoreCase))
        {
            u = u[..^"/v1.0".Length];
        }

        return u;
    }

    /// <summary>Back to the loaded tenant; counters and throttling budgets cleared.</summary>
    public void Reset()
    {
        Tenant.Reset();
        Stats.Reset();
        _api.ActiveThrottler?.Reset();
    }

    public async ValueTask DisposeAsync()
    {
        // Bounded: a client holding a request open must not keep the process alive after SIGTERM.
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
        Certificate?.Dispose();
        _signIn.Dispose();
    }

    private double NextRandom()
    {
        lock (_randomLock)
        {
            return _random.NextDouble();
        }
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "/";
        if (path.StartsWith("/_emulator", StringComparison.OrdinalIgnoreCase))
        {
            await WriteAsync(ctx, Control(ctx.Request.Method, path));
            return;
        }

        // The emulated Entra sign-in (DESIGN §9): discovery, keys, authorize, code redemption; http or https.
        if (await _signIn.TryHandleAsync(ctx))
        {
            return;
        }

        if (Certificate is not null && ctx.Request.Method == "POST" && TokenEndpoint.IsTokenPath(path, out _))
        {
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            var fields = form.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal);
            await WriteAsync(ctx, TokenEndpoint.Issue(fields, Tenant.TenantId, _options.TokenRoles ?? DefaultTokenRoles));
            return;
        }

        if (Certificate is not null && ctx.Request.Method == "GET" && TokenEndpoint.IsMetadataPath(path))
        {
            await WriteAsync(ctx, TokenEndpoint.Metadata(RootUrl, path.Trim('/').Split('/')[0]));
            return;
        }

        if (_options.Latency > TimeSpan.Zero || _options.LatencyJitter > TimeSpan.Zero)
        {
            var delay = _options.Latency + TimeSpan.FromMilliseconds(_options.LatencyJitter.TotalMilliseconds * NextRandom());
            await Task.Delay(delay, ctx.RequestAborted);
        }

        var requestId = Guid.NewGuid().ToString();
        var clientRequestId = ctx.Request.Headers["client-request-id"].FirstOrDefault();

        if (_options.DropConnectionRate > 0 && NextRandom() < _options.DropConnectionRate)
        {
            Stats.Dropped();
            ctx.Abort();
            return;
        }

        if (_options.FaultRate > 0 && NextRandom() < _options.FaultRate)
        {
            Stats.Fault();
            var fake = new EmuRequest { Method = ctx.Request.Method, Path = path, Query = [], Header = _ => null, RequestId = requestId, ClientRequestId = clientRequestId };
            await WriteAsync(ctx, InjectedFaults.Response(InjectedFaults.Pick(_options.FaultStatuses, NextRandom()), fake));
            return;
        }

        if (!path.StartsWith("/v1.0/", StringComparison.OrdinalIgnoreCase) && !string.Equals(path, "/v1.0", StringComparison.OrdinalIgnoreCase))
        {
            var fake = new EmuRequest { Method = ctx.Request.Method, Path = path, Query = [], Header = _ => null, RequestId = requestId, ClientRequestId = clientRequestId };
            var segment = path.Trim('/').Split('/')[0];
            await WriteAsync(ctx, GraphError.ToResponse(400, "BadRequest", $"Invalid version: {segment}", fake));
            return;
        }

        var auth = ctx.Request.Headers.Authorization.FirstOrDefault();
        var token = auth is not null && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth[7..].Trim() : null;
        if (_options.RequireAuthentication && string.IsNullOrEmpty(token))
        {
            var fake = new EmuRequest { Method = ctx.Request.Method, Path = path, Query = [], Header = _ => null, RequestId = requestId, ClientRequestId = clientRequestId };
            var message = auth is null ? "Access token is empty." : "Access token validation failure. Invalid audience.";
            await WriteAsync(ctx, GraphError.ToResponse(401, "InvalidAuthenticationToken", message, fake)
                .WithHeader("WWW-Authenticate", "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\""));
            return;
        }

        byte[] body = [];
        if (ctx.Request.ContentLength > 0 || ctx.Request.Headers.TransferEncoding.Count > 0)
        {
            using var ms = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(ms, ctx.RequestAborted);
            body = ms.ToArray();
        }

        var headers = ctx.Request.Headers;
        var req = new EmuRequest
        {
            Method = ctx.Request.Method,
            Path = path[5..],
            Query = EmuRequest.ParseQuery(ctx.Request.QueryString.Value ?? "", decodePlus: true),
            Header = name => headers.TryGetValue(name, out var v) ? v.ToString() : null,
            Body = body,
            ContentType = ctx.Request.ContentType,
            RequestId = requestId,
            ClientRequestId = clientRequestId,
            AppKey = token is null ? "anonymous"
                : TokenEndpoint.AppIdOf(token) ?? "app-" + ((uint)StringComparer.Ordinal.GetHashCode(token)).ToString("x8", System.Globalization.CultureInfo.InvariantCulture),
        };

        var response = _api.Handle(req);
        if (_options.LogRequests)
        {
            Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {req.Method} {ctx.Request.Path}{ctx.Request.QueryString} -> {response.Status}");
        }

        await WriteAsync(ctx, response);
    }

    private EmuResponse Control(string method, string path)
    {
        var fake = new EmuRequest { Method = method, Path = path, Query = [], Header = _ => null, RequestId = Guid.NewGuid().ToString() };
        switch (method.ToUpperInvariant(), path.TrimEnd('/').ToLowerInvariant())
        {
            case ("GET", "/_emulator/stats"):
                return EmuResponse.Json(200, w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("totalRequests", Stats.TotalRequests);
                    w.WriteNumber("throttledRequests", Stats.ThrottledRequests);
                    w.WriteNumber("batchRequests", Stats.BatchRequests);
                    w.WriteNumber("batchItems", Stats.BatchItems);
                    w.WriteNumber("injectedFaults", Stats.InjectedFaults);
                    w.WriteNumber("droppedConnections", Stats.DroppedConnections);
                    w.WriteNumber("users", Tenant.UserCount);
                    w.WriteStartObject("byRoute");
                    foreach (var (k, v) in Stats.ByRoute)
                    {
                        w.WriteNumber(k, v);
                    }

                    w.WriteEndObject();
                    w.WriteEndObject();
                });
            case ("POST", "/_emulator/reset"):
                Reset();
                return EmuResponse.NoContent();
            case ("GET", "/_emulator/health"):
                return EmuResponse.Json(200, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("status", "ok");
                    w.WriteString("baseUrl", BaseUrl);
                    w.WriteString("domain", Tenant.Domain);
                    w.WriteEndObject();
                });
            default:
                return GraphError.ToResponse(404, "NotFound", $"Unknown emulator control endpoint {method} {path}.", fake);
        }
    }

    private static async Task WriteAsync(HttpContext ctx, EmuResponse response)
    {
        ctx.Response.StatusCode = response.Status;
        foreach (var (k, v) in response.Headers)
        {
            ctx.Response.Headers.Append(k, v);
        }

        if (response.ContentType is not null)
        {
            ctx.Response.ContentType = response.ContentType;
        }

        if (response.Body is { Length: > 0 } bytes)
        {
            ctx.Response.ContentLength = bytes.Length;
            await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
        }
        else if (response.Status != 204)
        {
            ctx.Response.ContentLength = 0;
        }
    }

    internal static string Describe(JsonElement e) => e.GetRawText();
}
