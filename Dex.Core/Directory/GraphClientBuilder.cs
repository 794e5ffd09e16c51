using Azure.Core;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Dex.Core.Directory;

/// <summary>Builds the GraphServiceClient for live Graph or for the emulator, keeping the SDK's retry middleware.</summary>
public static class GraphClientBuilder
{
    public static GraphServiceClient Create(GraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.IsLive ? CreateLive(options) : CreateForEmulator(options.BaseUrl);
    }

    /// <summary>
    /// The emulator needs a bearer token on loopback http. The SDK's TokenCredential path silently
    /// sends no header to non-Graph hosts, so a static token provider with an explicit allowed host is used.
    /// </summary>
    public static GraphServiceClient CreateForEmulator(string baseUrl, string token = "dex-emulator-token")
    {
        var uri = new Uri(baseUrl);
        var http = GraphClientFactory.Create(GraphClientFactory.CreateDefaultHandlers(), finalHandler: new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        http.Timeout = TimeSpan.FromSeconds(100);
        var auth = new BaseBearerTokenAuthenticationProvider(new StaticTokenProvider(token, uri.Host));
        return new GraphServiceClient(http, auth, baseUrl.TrimEnd('/'));
    }

    private static GraphServiceClient CreateLive(GraphOptions options)
        => new(CreateCredential(options), ["https://graph.microsoft.com/.default"]);

    /// <summary>Live credential: client secret or certificate when configured (self-hosted), else managed identity (Azure).</summary>
    public static TokenCredential CreateCredential(GraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        TokenCredential credential;
        if (!string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            credential = new ClientSecretCredential(options.TenantId, options.ClientId, options.ClientSecret);
        }
        else if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            credential = new ClientCertificateCredential(options.TenantId, options.ClientId, options.CertificatePath);
        }
        else
        {
            credential = new ManagedIdentityCredential(string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));
        }

        return credential;
    }

    private sealed class StaticTokenProvider(string token, string host) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new([host]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
            => Task.FromResult(AllowedHostsValidator.IsUrlHostValid(uri) ? token : string.Empty);
    }
}
