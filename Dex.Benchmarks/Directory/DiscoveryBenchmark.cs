using System.Diagnostics;
using System.Text.Json;
using Dex.Core.Directory;
using Dex.Core.Discovery;
using static Dex.Benchmarks.DirectoryOps.BenchArgs;

namespace Dex.Benchmarks.DirectoryOps;

/// <summary>
/// Issue 4 "discovery": <see cref="DiscoveryService.RunAsync"/> over a generated 50,000-user / 5,000-group tenant through the SDK.
/// The emulator runs in its own process (Dex.GraphEmulator.dll from the build output), so this process holds only Dex's side:
/// its peak working set, managed heap and allocations are Dex's. Options: generate=SPEC emulator=PATH.
/// </summary>
public sealed class DiscoveryBenchmark : IDexBenchmark
{
    public string Name => "discovery";

    public string Description => "Discovery of a 50,000-user / 5,000-group tenant: Graph requests, wall time, Dex-side peak memory";

    public async Task RunAsync(string[] args)
    {
        var generate = Get(args, "generate") ?? "users=50000,groups=5000,seed=42";
        var dll = Get(args, "emulator") ?? Path.Combine(AppContext.BaseDirectory, "Dex.GraphEmulator.dll");
        using var emulator = new Process
        {
            StartInfo = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { dll, "--generate", generate, "--urls", "http://127.0.0.1:0" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        emulator.OutputDataReceived += (_, e) =>
        {
            const string marker = "listening on ";
            var i = e.Data?.IndexOf(marker, StringComparison.Ordinal) ?? -1;
            if (i >= 0)
            {
                listening.TrySetResult(e.Data![(i + marker.Length)..].Trim());
            }
        };
        emulator.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrEmpty(e.Data))
            {
                Console.WriteLine("  emulator: " + e.Data);
            }
        };

        var load = Stopwatch.StartNew();
        emulator.Start();
        emulator.BeginOutputReadLine();
        emulator.BeginErrorReadLine();
        try
        {
            var baseUrl = await listening.Task.WaitAsync(TimeSpan.FromMinutes(3));
            var rootUrl = baseUrl[..^"/v1.0".Length];
            Console.WriteLine(F($"emulator: separate process {emulator.Id}, generated {generate}, listening on {baseUrl} after {load.Elapsed.TotalSeconds:F1} s"));
            using var control = new HttpClient();

            // Dex's side only from here: this process holds no tenant.
            var client = GraphClientBuilder.CreateForEmulator(baseUrl);
            var discovery = new DiscoveryService(client, new InMemoryDiscoveryStore(), TimeProvider.System);
            using var self = Process.GetCurrentProcess();
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            self.Refresh();
            var wsBefore = self.WorkingSet64;
            var peakBefore = self.PeakWorkingSet64;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var gen2Before = GC.CollectionCount(2);

            long maxHeap = 0, maxWs = 0;
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    maxHeap = Math.Max(maxHeap, GC.GetTotalMemory(forceFullCollection: false));
                    maxWs = Math.Max(maxWs, Environment.WorkingSet);
                    try
                    {
                        await Task.Delay(5, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            });

            var sw = Stopwatch.StartNew();
            var snapshot = await discovery.RunAsync("benchmark");
            sw.Stop();
            await stop.CancelAsync();
            await sampler;

            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var gcInfo = GC.GetGCMemoryInfo(GCKind.Any);
            self.Refresh();
            var peakWs = self.PeakWorkingSet64;
            var heapAfterRetained = GC.GetTotalMemory(forceFullCollection: true);

            using var statsDoc = JsonDocument.Parse(await control.GetStringAsync(new Uri(rootUrl + "/_emulator/stats")));
            var s = statsDoc.RootElement;
            var total = s.GetProperty("totalRequests").GetInt64();
            var batchItems = s.GetProperty("batchItems").GetInt64();
            var routes = string.Join(", ", s.GetProperty("byRoute").EnumerateObject().Select(p => F($"{p.Name}={p.Value.GetInt64():N0}")));

            const double MB = 1024 * 1024;
            Console.WriteLine(F($"snapshot: {snapshot.Summary}"));
            Console.WriteLine(F($"Graph requests: emulator {total - batchItems:N0} HTTP ({s.GetProperty("batchRequests").GetInt64():N0} $batch, {batchItems:N0} batch items, {s.GetProperty("throttledRequests").GetInt64():N0} throttled); snapshot.GraphRequests {snapshot.GraphRequests:N0}"));
            Console.WriteLine(F($"  by route: {routes}"));
            Console.WriteLine(F($"wall time: {sw.Elapsed.TotalMilliseconds:N0} ms (snapshot.DurationMs {snapshot.DurationMs:N0})"));
            Console.WriteLine(F($"Dex process peak working set: {peakWs / MB:F0} MB (lifetime VmHWM; {peakBefore / MB:F0} MB before discovery, working set {wsBefore / MB:F0} MB before, sampled max during run {maxWs / MB:F0} MB)"));
            Console.WriteLine(F($"Dex managed heap: {heapBefore / MB:F1} MB before, sampled max {maxHeap / MB:F1} MB during run, last GC heap {gcInfo.HeapSizeBytes / MB:F1} MB (committed {gcInfo.TotalCommittedBytes / MB:F1} MB), {heapAfterRetained / MB:F1} MB retained after (snapshot held)"));
            Console.WriteLine(F($"Dex allocations during run: {allocated / MB:F0} MB total (streamed, short-lived); gen2 GCs: {GC.CollectionCount(2) - gen2Before}"));
            var met = peakWs < 300 * MB;
            Console.WriteLine(F($"target < 300 MB peak for Dex's side: {(met ? "MET" : "NOT MET")} ({peakWs / MB:F0} MB)"));
        }
        finally
        {
            if (!emulator.HasExited)
            {
                emulator.Kill(entireProcessTree: true);
                await emulator.WaitForExitAsync();
            }
        }
    }
}
