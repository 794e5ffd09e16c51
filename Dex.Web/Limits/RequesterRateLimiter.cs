using System.Threading.RateLimiting;
using Dex.Core.Intake;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dex.Web.Limits;

/// <summary>
/// Per-requester token buckets from System.Threading.RateLimiting (the limiter ASP.NET Core's rate limiting middleware
/// is built on), partitioned by the requester's UPN as the directory spells it, not by anything the caller sends.
/// Dex.Local and Dex.Functions use this same limiter at intake.
/// </summary>
public sealed class RequesterRateLimiter : IRequesterRateLimiter, IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public RequesterRateLimiter(int perMinute, int burst)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perMinute);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        RetryAfter = TimeSpan.FromSeconds(Math.Ceiling(60.0 / perMinute));
        _limiter = PartitionedRateLimiter.Create<string, string>(requester => RateLimitPartition.GetTokenBucketLimiter(
            requester.ToLowerInvariant(),
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = perMinute,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    public TimeSpan RetryAfter { get; }

    public bool TryAcquire(string requester)
    {
        ArgumentNullException.ThrowIfNull(requester);
        using var lease = _limiter.AttemptAcquire(requester);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>
    /// Registers the limiter from <c>Dex:RateLimit:RequestsPerMinute</c> and <c>Dex:RateLimit:Burst</c> (defaults 30 and 30);
    /// <c>RequestsPerMinute = 0</c> turns it off.
    /// </summary>
    public static IServiceCollection Register(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IRequesterRateLimiter>(sp =>
        {
            var config = sp.GetService<IConfiguration>();
            var perMinute = int.TryParse(config?["Dex:RateLimit:RequestsPerMinute"], out var p) && p >= 0 ? p : 30;
            var burst = int.TryParse(config?["Dex:RateLimit:Burst"], out var b) && b > 0 ? b : Math.Max(perMinute, 1);
            return perMinute == 0 ? Unlimited.Instance : new RequesterRateLimiter(perMinute, burst);
        });
        return services;
    }

    private sealed class Unlimited : IRequesterRateLimiter
    {
        public static readonly Unlimited Instance = new();

        public TimeSpan RetryAfter => TimeSpan.Zero;

        public bool TryAcquire(string requester) => true;
    }
}
