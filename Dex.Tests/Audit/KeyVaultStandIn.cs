using System.Security.Cryptography;
using System.Text.Json;
using Azure.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dex.Tests.Audit;

/// <summary>
/// A local stand-in for the Key Vault keys API over real HTTP, holding a real EC P-256 key: <c>POST {kid}/sign</c>
/// (<c>{"alg":"ES256","value":digest}</c> → <c>{"kid","value":signature}</c>) and <c>POST {kid}/verify</c>
/// (<c>{"alg","digest","value"}</c> → <c>{"value":bool}</c>), base64url, IEEE P1363 signatures, Bearer token required,
/// errors in Key Vault's <c>{"error":{"code","message"}}</c> shape.
/// </summary>
public sealed class KeyVaultStandIn : IAsyncDisposable
{
    public const string Token = "kv-test-token";
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private WebApplication? _app;
    private int _calls;

    /// <summary>The key's id, as the app is configured with (<c>Dex:Audit:CheckpointKeyId</c>).</summary>
    public Uri KeyId { get; private set; } = null!;

    public ECParameters PublicKey => _key.ExportParameters(includePrivateParameters: false);

    public int Calls => Volatile.Read(ref _calls);

    public string? LastPath { get; private set; }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/keys/{name}/{version}/{operation}", async (HttpRequest request, string name, string version, string operation) =>
        {
            Interlocked.Increment(ref _calls);
            LastPath = request.Path + request.QueryString;
            if (request.Headers.Authorization.ToString() != "Bearer " + Token)
            {
                return Error(401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
            }

            if (request.Query["api-version"] != "7.4" || name != "dex-audit" || version != "v1")
            {
                return Error(400, "BadParameter", "Unknown key or api-version.");
            }

            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            if (body.GetProperty("alg").GetString() != "ES256")
            {
                return Error(400, "BadParameter", "Key and signing algorithm are incompatible.");
            }

            switch (operation)
            {
                case "sign":
                    var digest = FromBase64Url(body.GetProperty("value").GetString()!);
                    if (digest.Length != 32)
                    {
                        return Error(400, "BadParameter", "Invalid length of 'value': ES256 signs a 32-byte digest.");
                    }

                    var signature = _key.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                    return Results.Json(new { kid = KeyId.ToString(), value = ToBase64Url(signature) });
                case "verify":
                    var ok = _key.VerifyHash(FromBase64Url(body.GetProperty("digest").GetString()!), FromBase64Url(body.GetProperty("value").GetString()!), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                    return Results.Json(new { value = ok });
                default:
                    return Error(400, "BadParameter", "Unknown operation.");
            }
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        KeyId = new Uri($"{address}/keys/dex-audit/v1");
    }

    public static byte[] FromBase64Url(string s)
    {
        var b = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(b.PadRight(b.Length + ((4 - (b.Length % 4)) % 4), '='));
    }

    private static string ToBase64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static IResult Error(int status, string code, string message) => Results.Json(new { error = new { code, message } }, statusCode: status);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _key.Dispose();
    }
}

/// <summary>A managed identity stand-in: hands out a fixed token (or fails, like a missing identity does).</summary>
public sealed class FixedTokenCredential(string? token) : TokenCredential
{
    public List<string[]> Scopes { get; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Scopes.Add(requestContext.Scopes);
        return token is null
            ? throw new Azure.Identity.CredentialUnavailableException("No managed identity is available.")
            : new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        => new(GetToken(requestContext, cancellationToken));
}
