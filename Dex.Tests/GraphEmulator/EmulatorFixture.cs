using System.Net.Http.Headers;
using Dex.GraphEmulator;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Dex.Tests.GraphEmulator;

/// <summary>
/// Starts a Graph emulator on a free loopback port and builds a real <see cref="GraphServiceClient"/> for it
/// (default SDK middleware, bearer token). Use as an xunit class fixture, or per test:
/// <c>await using var emu = await EmulatorFixture.StartAsync();</c> when a test changes the tenant.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime, IAsyncDisposable
{
    private GraphEmulatorOptions _options = new();
    private GraphEmulatorServer? _server;
    private GraphServiceClient? _client;

    public GraphEmulatorServer Server => _server ?? throw new InvalidOperationException("The emulator is not started.");

    /// <summary>An SDK client that sends "Authorization: Bearer test-token".</summary>
    public GraphServiceClient Client => _client ??= CreateClient();

    public EmulatedTenant Tenant => Server.Tenant;

    public static async Task<EmulatorFixture> StartAsync(GraphEmulatorOptions? options = null)
    {
        var fixture = new EmulatorFixture { _options = options ?? new GraphEmulatorOptions() };
        await fixture.InitializeAsync();
        return fixture;
    }

    public async Task InitializeAsync() => _server = await GraphEmulatorServer.StartAsync(_options);

    /// <summary>A client with the SDK's default handlers (retry, redirect, telemetry …) over real sockets.</summary>
    public GraphServiceClient CreateClient(string token = "test-token")
    {
        var http = GraphClientFactory.Create(GraphClientFactory.CreateDefaultHandlers(), finalHandler: new SocketsHttpHandler());
        var host = new Uri(Server.BaseUrl).Host;
        return new GraphServiceClient(http, new BaseBearerTokenAuthenticationProvider(new StaticTokenProvider(token, host)), Server.BaseUrl);
    }

    /// <summary>A plain HttpClient rooted at the server (for raw protocol checks); bearer token unless <paramref name="token"/> is null.</summary>
    public HttpClient CreateHttpClient(string? token = "test-token")
    {
        var http = new HttpClient { BaseAddress = new Uri(Server.RootUrl + "/") };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    /// <summary>Returns a fixed token for the emulator host only, like a real token provider would.</summary>
    private sealed class StaticTokenProvider(string token, string host) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new([host]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(AllowedHostsValidator.IsUrlHostValid(uri) ? token : string.Empty);
    }
}
