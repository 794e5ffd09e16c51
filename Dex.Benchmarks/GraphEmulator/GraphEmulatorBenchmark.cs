using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Dex.GraphEmulator;

namespace Dex.Benchmarks.GraphEmulator;

/// <summary>
/// Emulator capacity: memory of a generated 100,000-user tenant and simple GETs per second served over loopback
/// (client and server share the machine, so the figure is a floor). Options: users=N seconds=N concurrency=N.
/// </summary>
public sealed class GraphEmulatorBenchmark : IDexBenchmark
{
    public string Name => "graph-emulator";

    public string Description => "Graph emulator: memory of a 100k-user tenant, GET /users/{id} per second";

    public async Task RunAsync(string[] args)
    {
        var users = Arg(args, "users", 100_000);
        var seconds = Arg(args, "seconds", 5);
        var concurrency = Arg(args, "concurrency", 32);

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var sw = Stopwatch.StartNew();
        await using var server = await GraphEmulatorServer.StartAsync(new GraphEmulatorOptions { Generate = $"users={users},groups={users / 10},seed=42" });
        var loadTime = sw.Elapsed;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var tenantUsers = server.Tenant.Users;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tenant: {tenantUsers.Count:N0} users, {users / 10:N0} groups generated in {loadTime.TotalSeconds:F1} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory: managed heap +{(after - before) / 1048576.0:F0} MB for the tenant; process working set {process.WorkingSet64 / 1048576.0:F0} MB"));

        var ids = tenantUsers.Take(10_000).Select(u => u.Id).ToArray();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(server.BaseUrl + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "bench");

        async Task<long> Hammer(TimeSpan duration, Func<int, string> url)
        {
            long count = 0;
            long errors = 0;
            var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            var workers = Enumerable.Range(0, concurrency).Select(async w =>
            {
                var i = w;
                while (Stopwatch.GetTimestamp() < until)
                {
                    using var res = await http.GetAsync(new Uri(url(i), UriKind.Relative));
                    await res.Content.LoadIntoBufferAsync();
                    if (res.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref count);
                    }
                    else
                    {
                        Interlocked.Increment(ref errors);
                    }

                    i += concurrency;
                }
            });
            await Task.WhenAll(workers);
            if (errors > 0)
            {
                Console.WriteLine($"  ({errors} non-2xx responses)");
            }

            return count;
        }

        await Hammer(TimeSpan.FromSeconds(1), i => $"users/{ids[i % ids.Length]}"); // warm-up (JIT, connections)
        var n = await Hammer(TimeSpan.FromSeconds(seconds), i => $"users/{ids[i % ids.Length]}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GET /users/{{id}}: {n / (double)seconds:N0} requests/s ({concurrency} concurrent clients, {seconds} s, target >= 5,000/s)"));
        var m = await Hammer(TimeSpan.FromSeconds(Math.Max(1, seconds / 2)), _ => "users?$top=10&$select=id,displayName");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GET /users?$top=10: {m / (double)Math.Max(1, seconds / 2):N0} requests/s"));
        var half = Math.Max(1, seconds / 2);
        var upns = tenantUsers.Take(10_000).Select(u => u.UserPrincipalName).ToArray();
        var byUpn = await Hammer(TimeSpan.FromSeconds(half), i => $"users?$filter=userPrincipalName eq '{upns[i % upns.Length]}'&$select=id,accountEnabled");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GET /users?$filter=userPrincipalName eq '...' (indexed): {byUpn / (double)half:N0} requests/s"));
        var scan = await Hammer(TimeSpan.FromSeconds(half), i => $"users?$filter=mail eq '{ids[i % ids.Length]}x'");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GET /users?$filter=mail eq '...' (no match: full scan of {tenantUsers.Count:N0} users): {scan / (double)half:N0} requests/s"));
        var f = await Hammer(TimeSpan.FromSeconds(Math.Max(1, seconds / 2)), _ => "users?$filter=startswith(displayName,'Zoe')&$top=5");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GET /users?$filter=startswith(...)&$top=5 (stops after one page): {f / (double)Math.Max(1, seconds / 2):N0} requests/s"));
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        foreach (var a in args)
        {
            if (a.StartsWith(name + "=", StringComparison.OrdinalIgnoreCase) && int.TryParse(a.AsSpan(name.Length + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0)
            {
                return v;
            }
        }

        return fallback;
    }
}
