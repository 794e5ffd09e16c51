using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Dex.Local;
using Dex.Local.Durable;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using static Dex.Benchmarks.DirectoryOps.BenchArgs;

namespace Dex.Benchmarks.Durable;

/// <summary>
/// Issue 17 "load": self-service requests (an employee updating their mobile number) through Dex.Local's HTTP API on the
/// persistent engine (Azure Storage provider on Azurite), at concurrency 1, 10 and 50: time from POST to "completed"
/// (p50/p95/p99) and requests/s; then a second batch at 50 to show it is no slower than the first. Options:
/// requests1=30 requests10=100 requests50=200 poll=100 (ms between status reads per request, times concurrency/10 above 10).
/// Without Azurite it installs it (tools/azurite/ensure-azurite.sh) and, if that fails, says so and skips.
/// </summary>
public sealed class LoadBenchmark : IDexBenchmark
{
    public string Name => "load";

    public string Description => "Self-service requests on Dex.Local with the persistent engine at concurrency 1, 10, 50 (p50/p95/p99, req/s)";

    public async Task RunAsync(string[] args)
    {
        var entry = await AzuriteForBenchmarks.EnsureAsync();
        if (entry is null)
        {
            return;
        }

        // Each waiting client reads its status every `poll` x (concurrency / 10, at least 1): all clients together read at most
        // ~100 times a second, so the status reads do not starve the one single-threaded Azurite the engine also needs.
        var poll = TimeSpan.FromMilliseconds(Int(args, "poll", 100));
        var storage = Directory.CreateTempSubdirectory("dex-bench-storage-").FullName;
        var state = Directory.CreateTempSubdirectory("dex-bench-state-").FullName;
        using var azurite = await EmbeddedAzurite.StartAsync(entry, storage, CancellationToken.None);
        var app = await DexLocalApp.BuildAsync(
        [
            "--urls=http://127.0.0.1:0",
            "--Dex:Graph:EmulatorUrl=http://127.0.0.1:0",
            $"--Dex:State:Path={state}",
            $"--Dex:Durable:Storage={azurite.ConnectionString}",
            "--Dex:Durable:TaskHub=bench" + Guid.NewGuid().ToString("N")[..8],
            // Every request comes from one requester: the per-requester rate limit would measure itself, not the engine.
            "--Dex:RateLimit:RequestsPerMinute=0",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        try
        {
            var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var engine = app.Services.GetRequiredService<DurableEngineChoice>();
            var o = app.Services.GetService<DurableOptions>();
            Console.WriteLine(F($"engine: {engine.Description}; max orchestrations {o?.MaxConcurrentOrchestrations}, activities {o?.MaxConcurrentActivities}, partitions {o?.PartitionCount}, polling ≤ {o?.MaxQueuePollingInterval.TotalMilliseconds} ms; {Environment.ProcessorCount} cores"));
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
            var counter = 0;

            await RunLevelAsync(http, 1, 5, poll, () => Interlocked.Increment(ref counter), "warm-up", print: false);
            var one = await RunLevelAsync(http, 1, Int(args, "requests1", 30), poll, () => Interlocked.Increment(ref counter), "concurrency 1");
            var ten = await RunLevelAsync(http, 10, Int(args, "requests10", 100), poll, () => Interlocked.Increment(ref counter), "concurrency 10");
            var fifty = await RunLevelAsync(http, 50, Int(args, "requests50", 200), poll, () => Interlocked.Increment(ref counter), "concurrency 50, batch 1");
            var again = await RunLevelAsync(http, 50, Int(args, "requests50", 200), poll, () => Interlocked.Increment(ref counter), "concurrency 50, batch 2");
            Console.WriteLine(F($"throughput at 50 / at 1: {fifty / one:0.00}x (target >= 2x); at 10 / at 1: {ten / one:0.00}x"));
            Console.WriteLine(F($"second batch of {Int(args, "requests50", 200)} at 50: {again:0.00} req/s vs first {fifty:0.00} req/s ({again / fifty:0.00}x; target >= 1x, i.e. no slower)"));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            TryDelete(state);
            TryDelete(storage);
        }
    }

    /// <summary>Runs <paramref name="total"/> requests, <paramref name="concurrency"/> at a time; returns requests/s.</summary>
    private static async Task<double> RunLevelAsync(HttpClient http, int concurrency, int total, TimeSpan poll, Func<int> next, string label, bool print = true)
    {
        var latencies = new List<double>();
        var failed = 0;
        var started = 0;
        poll *= Math.Max(1, concurrency / 10);
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref started) <= total)
            {
                var n = next();
                var sw = Stopwatch.StartNew();
                var accepted = await (await http.PostAsJsonAsync("/api/messages", new
                {
                    id = $"load-{n}",
                    channel = "bench",
                    requester = "sarah@acme.com",
                    text = F($"Update my mobile number to +1 415 555 {n % 10000:D4}"),
                })).Content.ReadFromJsonAsync<JsonElement>();
                var id = accepted.GetProperty("requestId").GetString();
                string? status;
                do
                {
                    await Task.Delay(poll);
                    var view = await http.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
                    status = view.GetProperty("status").GetString();
                }
                while (status is "planning" or "executing");

                lock (latencies)
                {
                    latencies.Add(sw.Elapsed.TotalMilliseconds);
                    failed += status == "completed" ? 0 : 1;
                }
            }
        }));
        wall.Stop();
        var rate = total / wall.Elapsed.TotalSeconds;
        if (print)
        {
            latencies.Sort();
            Console.WriteLine(F($"{label,-26}: {total,4} requests (status read every {poll.TotalMilliseconds:0} ms) in {wall.Elapsed.TotalSeconds,6:0.0} s = {rate,6:0.00} req/s; time to completed p50 {P(latencies, 50),6:0} ms, p95 {P(latencies, 95),6:0} ms, p99 {P(latencies, 99),6:0} ms; not completed: {failed}"));
        }

        return rate;
    }

    private static double P(List<double> sorted, int p) => sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>Finds tools/azurite's Azurite, installing it with ensure-azurite.sh when missing; null (and a line saying why) when it cannot.</summary>
internal static class AzuriteForBenchmarks
{
    public static async Task<string?> EnsureAsync()
    {
        var entry = EmbeddedAzurite.FindEntry();
        if (entry is not null && EmbeddedAzurite.NodeAvailable())
        {
            return entry;
        }

        if (!EmbeddedAzurite.NodeAvailable())
        {
            Console.WriteLine("skipped: Node.js is not on PATH, so Azurite (the storage of the persistent engine) cannot run here.");
            return null;
        }

        var script = FindScript();
        if (script is null)
        {
            Console.WriteLine("skipped: tools/azurite/ensure-azurite.sh not found above the working folder.");
            return null;
        }

        Console.WriteLine($"Azurite is not installed: installing it with {script} ...");
        using var p = Process.Start(new ProcessStartInfo("bash", script) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var err = p.StandardError.ReadToEndAsync();
        await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        entry = EmbeddedAzurite.FindEntry();
        if (p.ExitCode != 0 || entry is null)
        {
            Console.WriteLine($"skipped: installing Azurite failed (exit {p.ExitCode}): {(await err).Trim()}");
            return null;
        }

        return entry;
    }

    private static string? FindScript()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var script = Path.Combine(dir.FullName, "tools", "azurite", "ensure-azurite.sh");
                if (File.Exists(script))
                {
                    return script;
                }
            }
        }

        return null;
    }
}
