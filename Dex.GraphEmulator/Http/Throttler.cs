using System.Globalization;

namespace Dex.GraphEmulator.Http;

/// <summary>
/// Graph's identity throttling, simplified: per app, a resource-unit budget per window (sized by tenant) and a
/// write budget per write window. Fixed windows keep Retry-After an honest whole number of seconds.
/// </summary>
internal sealed class Throttler(GraphEmulatorOptions options, Func<int> userCount)
{
    private readonly Lock _sync = new();
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    private sealed class Bucket
    {
        public long RuStart;
        public int RuUsed;
        public long WriteStart;
        public int Writes;
    }

    public int ResourceUnitLimit => options.ResourceUnitLimit ?? userCount() switch
    {
        < 50 => 3500,
        <= 500 => 5000,
        _ => 8000,
    };

    public static bool IsWrite(string method, string template) =>
        !string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase) && !template.EndsWith("/checkMemberGroups", StringComparison.Ordinal);

    /// <summary>Base cost from Graph's identity table, then the $select/$expand/$top modifiers.</summary>
    public static int Cost(EmuRequest req, string template)
    {
        if (IsWrite(req.Method, template))
        {
            return 1;
        }

        var cost = template switch
        {
            "/users" => 2,
            "/users/{id}/memberOf" => 2,
            "/groups/{id}/members" => 3,
            "/groups/{id}/transitiveMembers" => 5,
            "/users/{id}/checkMemberGroups" => 4,
            "/subscribedSkus" => 3,
            _ => 1,
        };
        if (req.Q("$select") is not null)
        {
            cost--;
        }

        if (req.Q("$expand") is not null)
        {
            cost++;
        }

        if (int.TryParse(req.Q("$top"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var top) && top < 20)
        {
            cost--;
        }

        return Math.Max(1, cost);
    }

    /// <summary>Null when the request may proceed; otherwise the 429 to send.</summary>
    public EmuResponse? TryConsume(EmuRequest req, string template) => TryConsume(req, template, out _);

    /// <summary>As above; <paramref name="usedShare"/> is the share of the resource-unit budget now used (0..1+).</summary>
    public EmuResponse? TryConsume(EmuRequest req, string template, out double usedShare)
    {
        usedShare = 0;
        var cost = Cost(req, template);
        var write = IsWrite(req.Method, template);
        var now = Environment.TickCount64;
        var ruWindow = (long)Math.Max(1, options.ThrottleWindow.TotalMilliseconds);
        var writeWindow = (long)Math.Max(1, options.WriteWindow.TotalMilliseconds);
        var limit = ResourceUnitLimit;
        long waitMs;
        string info;
        lock (_sync)
        {
            if (!_buckets.TryGetValue(req.AppKey, out var b))
            {
                b = new Bucket { RuStart = now, WriteStart = now };
                _buckets[req.AppKey] = b;
            }

            if (now - b.RuStart >= ruWindow)
            {
                b.RuStart = now;
                b.RuUsed = 0;
            }

            if (now - b.WriteStart >= writeWindow)
            {
                b.WriteStart = now;
                b.Writes = 0;
            }

            if (b.RuUsed + cost > limit)
            {
                waitMs = b.RuStart + ruWindow - now;
                info = "ResourceUnitLimitExceeded";
            }
            else if (write && b.Writes + 1 > options.WriteLimit)
            {
                waitMs = b.WriteStart + writeWindow - now;
                info = "WriteLimitExceeded";
            }
            else
            {
                b.RuUsed += cost;
                if (write)
                {
                    b.Writes++;
                }

                usedShare = b.RuUsed / (double)limit;
                return null;
            }
        }

        // Whole seconds: the SDK's RetryHandler only honours integer Retry-After values.
        var seconds = Math.Max(1, (int)Math.Ceiling(waitMs / 1000.0));
        var response = GraphError.ToResponse(429, "TooManyRequests", "Too many requests. Please retry again later.", req);
        response.Headers.Add(new("Retry-After", seconds.ToString(CultureInfo.InvariantCulture)));
        response.Headers.Add(new("x-ms-throttle-scope", $"Tenant_Application/{(write ? "ReadWrite" : "Read")}/{req.AppKey}"));
        response.Headers.Add(new("x-ms-throttle-information", info));
        return response;
    }

    public void Reset()
    {
        lock (_sync)
        {
            _buckets.Clear();
        }
    }
}
