using Dex.Core.Audit;
using Dex.Core.Secrets;
using Dex.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Web.Trust;

/// <summary>Credential links: a GET (what a link scanner does) uses nothing up; only the signed-in recipient reveals, once.</summary>
public sealed class DexApi_CredentialLinks : IAsyncLifetime
{
    private DexWorld _world = null!;

    public async Task InitializeAsync() => _world = await DexWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task RevealsOnceToRecipientGivenScannerFetchedTwiceFirst()
    {
        var token = await _world.Services.GetRequiredService<ISecretVault>().StoreAsync("david@acme.com", "Initial password for noa.levi@acme.com", "S3cret-Value-42!", TimeSpan.FromHours(1));

        // A scanner (not signed in) fetches twice; then the recipient's own GET shows whom it is for.
        Assert.Equal(401, (await _world.Web.Secrets.GetAsync(token, HttpTestExtensions.GetRequest(), CancellationToken.None)).Status());
        Assert.Equal(401, (await _world.Web.Secrets.GetAsync(token, HttpTestExtensions.GetRequest(), CancellationToken.None)).Status());
        var david = await _world.SignInAsync("david@acme.com");
        var page = await _world.Web.Secrets.GetAsync(token, HttpTestExtensions.GetRequest(david), CancellationToken.None);
        Assert.Equal(200, page.Status());
        Assert.Contains("david@acme.com", page.Html(), StringComparison.Ordinal);
        Assert.Contains("Reveal", page.Html(), StringComparison.Ordinal);
        Assert.DoesNotContain("S3cret-Value-42!", page.Html(), StringComparison.Ordinal);

        // Someone else signed in cannot reveal it, and that uses nothing up either.
        Assert.Equal(403, (await _world.RevealAsync(token, @as: "alice@acme.com")).Status());

        var revealed = await _world.RevealAsync(token);
        Assert.Equal(200, revealed.Status());
        Assert.Contains("S3cret-Value-42!", revealed.Html(), StringComparison.Ordinal);
        Assert.Equal(410, (await _world.RevealAsync(token, @as: "david@acme.com")).Status());

        var trail = (await _world.Audit.QueryAsync(new AuditQuery { Limit = 1000 })).Entries;
        var viewed = Assert.Single(trail, e => e.Event == "credential_viewed");
        Assert.Equal("david@acme.com", viewed.Actor);
        Assert.Contains(trail, e => e.Event == "credential_refused" && e.Actor == "alice@acme.com");
        Assert.DoesNotContain(trail, e => (e.Details ?? string.Empty).Contains("S3cret-Value-42!", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendsSecurityHeadersGivenAnyLinkPage()
    {
        var ctx = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = _world.Services };
        ctx.Response.Body = new MemoryStream();
        await Dex.Web.Secrets.SecretPages.Gone().ExecuteAsync(ctx);

        Assert.Contains("frame-ancestors 'none'", ctx.Response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.Equal("nosniff", ctx.Response.Headers.XContentTypeOptions.ToString());
        Assert.Equal("no-referrer", ctx.Response.Headers["Referrer-Policy"].ToString());
        Assert.Contains("no-store", ctx.Response.Headers.CacheControl.ToString(), StringComparison.Ordinal);
    }
}
