using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Dex.GraphEmulator;
using Microsoft.Graph;
using Microsoft.Graph.Authentication;

namespace Dex.Tests.GraphEmulator;

/// <summary>https mode: a real ClientSecretCredential gets a token from the emulator and the SDK uses it.</summary>
public sealed class TokenEndpointTests
{
    private static SocketsHttpHandler Trusting(GraphEmulatorServer server) => new()
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == server.Certificate!.GetCertHashString() },
    };

    [Fact]
    public async Task Client_secret_credential_over_https_end_to_end()
    {
        await using var server = await GraphEmulatorServer.StartAsync(new GraphEmulatorOptions { Url = "https://127.0.0.1:0", TokenRoles = ["User.Read.All", "GroupMember.ReadWrite.All"] });
        Assert.StartsWith("https://127.0.0.1:", server.BaseUrl, StringComparison.Ordinal);
        using var identityHttp = new HttpClient(Trusting(server));
        var credential = new ClientSecretCredential(server.Tenant.TenantId, "11111111-2222-3333-4444-555555555555", "s3cret", new ClientSecretCredentialOptions
        {
            AuthorityHost = server.AuthorityHost,
            DisableInstanceDiscovery = true,
            Transport = new HttpClientTransport(identityHttp),
        });

        var token = await credential.GetTokenAsync(new TokenRequestContext(["https://graph.microsoft.com/.default"]), CancellationToken.None);
        var payload = token.Token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload += new string('=', (4 - payload.Length % 4) % 4);
        using var claims = JsonDocument.Parse(Convert.FromBase64String(payload));
        Assert.Equal("11111111-2222-3333-4444-555555555555", claims.RootElement.GetProperty("appid").GetString());
        Assert.Equal(server.Tenant.TenantId, claims.RootElement.GetProperty("tid").GetString());
        Assert.Equal(["User.Read.All", "GroupMember.ReadWrite.All"], claims.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var auth = new AzureIdentityAuthenticationProvider(credential, ["127.0.0.1"], null, true, "https://graph.microsoft.com/.default");
        var client = new GraphServiceClient(GraphClientFactory.Create(GraphClientFactory.CreateDefaultHandlers(), finalHandler: Trusting(server)), auth, server.BaseUrl);
        var tom = await client.Users["tom@acme.com"].GetAsync();
        Assert.Equal("Tom Baker", tom!.DisplayName);
    }

    [Fact]
    public async Task Missing_secret_is_invalid_client()
    {
        await using var server = await GraphEmulatorServer.StartAsync(new GraphEmulatorOptions { Url = "https://127.0.0.1:0" });
        using var http = new HttpClient(Trusting(server)) { BaseAddress = server.AuthorityHost };
        using var res = await http.PostAsync(new Uri($"{server.Tenant.TenantId}/oauth2/v2.0/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "x",
            ["scope"] = "https://graph.microsoft.com/.default",
        }));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, res.StatusCode);
        Assert.Contains("invalid_client", await res.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
