using Dex.Core.Intake;
using Dex.Core.Requests;
using Dex.Tests.Support;
using Dex.Web.Http;
using Dex.Web.Limits;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Web;

public sealed class RequesterRateLimiter_TryAcquire
{
    [Fact]
    public void RefusesRequesterGivenBurstSpentButAdmitsAnother()
    {
        using var limiter = new RequesterRateLimiter(perMinute: 1, burst: 2);

        Assert.True(limiter.TryAcquire("sarah@acme.com"));
        Assert.True(limiter.TryAcquire("SARAH@acme.com"));
        Assert.False(limiter.TryAcquire("sarah@acme.com"));
        Assert.True(limiter.TryAcquire("tom@acme.com"));
    }
}

/// <summary>Intake refuses a requester over the limit with 429 and starts nothing.</summary>
public sealed class MessageIntake_RateLimit : IAsyncLifetime
{
    private DexWorld _world = null!;

    public async Task InitializeAsync()
        => _world = await DexWorld.StartAsync(services: s => s.AddSingleton<IRequesterRateLimiter>(new RequesterRateLimiter(perMinute: 1, burst: 2)));

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Returns429GivenRequesterOverTheLimit()
    {
        await _world.SendAsync("sarah@acme.com", "Update my office to NYC", "rl-1");
        await _world.SendAsync("sarah@acme.com", "Update my office to NYC", "rl-1"); // a retry of the same message is free
        await _world.SendAsync("sarah@acme.com", "Update my office to TLV", "rl-2");

        var third = await _world.Web.Intake.AcceptAsync(new IncomingMessage("rl-3", "test", "sarah@acme.com", "Update my office to SF", null), CancellationToken.None);

        Assert.Equal(RejectionKind.TooManyRequests, third.Rejected?.Kind);
        Assert.Equal(429, ApiErrors.StatusOf(third.Rejected!.Kind));
        Assert.Null(await _world.Client.GetInstanceAsync(RequestIds.For("test", "rl-3")));
        Assert.NotNull(await _world.SendAsync("tom@acme.com", "Update my office to NYC", "rl-4"));
    }
}
