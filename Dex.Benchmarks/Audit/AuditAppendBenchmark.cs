using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Dex.Core.Audit;
using Microsoft.Data.Sqlite;

namespace Dex.Benchmarks.Audit;

/// <summary>
/// Appends per second for each durable audit store, one caller and many concurrent callers, plus the time to verify the
/// chain. Table Storage runs against a real Azurite this benchmark starts and stops itself (tools/azurite; run
/// tools/azurite/ensure-azurite.sh first). Options: <c>--count N</c> (default 2000), <c>--concurrency N</c> (default 32).
/// </summary>
public sealed class AuditAppendBenchmark : IDexBenchmark
{
    public string Name => "audit-append";

    public string Description => "audit log appends/s: in-memory, SQLite (WAL, synchronous=FULL), Table Storage on Azurite";

    public async Task RunAsync(string[] args)
    {
        var count = Option(args, "--count", 2000);
        var concurrency = Option(args, "--concurrency", 32);
        Console.WriteLine($"{count} appends per run; concurrent runs use {concurrency} callers");
        Console.WriteLine($"{"store",-28} {"mode",-12} {"appends/s",10} {"p50 ms",8} {"p99 ms",8} {"verify ms",10}");

        await MeasureAsync("in-memory", () => Task.FromResult<IAuditLog>(new InMemoryAuditLog()), count, concurrency);

        var dir = Directory.CreateTempSubdirectory("dex-bench-audit-").FullName;
        try
        {
            var n = 0;
            await MeasureAsync("sqlite", () => Task.FromResult<IAuditLog>(new SqliteAuditLog(Path.Combine(dir, $"audit{++n}.db"))), count, concurrency);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }

        await using var azurite = await Azurite.StartAsync();
        var service = new TableServiceClient(azurite.ConnectionString);
        var t = 0;
        await MeasureAsync("table storage (azurite)", () => Task.FromResult<IAuditLog>(new TableStorageAuditLog(service, $"bench{++t}")), count, concurrency);
    }

    private static async Task MeasureAsync(string store, Func<Task<IAuditLog>> create, int count, int concurrency)
    {
        foreach (var (mode, callers) in new[] { ("sequential", 1), ("concurrent", concurrency) })
        {
            var log = await create();
            try
            {
                // Warm up connections, table creation and JIT outside the timed run.
                await log.AppendAsync(Event("warmup"));
                var latencies = new double[count];
                var next = -1;
                var clock = Stopwatch.StartNew();
                await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
                {
                    int i;
                    while ((i = Interlocked.Increment(ref next)) < count)
                    {
                        var started = Stopwatch.GetTimestamp();
                        await log.AppendAsync(Event($"{mode}-{i}"));
                        latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    }
                })));
                clock.Stop();

                var verify = Stopwatch.StartNew();
                var verification = await log.VerifyAsync();
                verify.Stop();
                if (!verification.Ok || verification.Entries != count + 1)
                {
                    throw new InvalidOperationException($"{store} {mode}: chain check failed: {verification}");
                }

                Array.Sort(latencies);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{store,-28} {mode,-12} {count / clock.Elapsed.TotalSeconds,10:F0} {latencies[count / 2],8:F2} {latencies[(int)(count * 0.99)],8:F2} {verify.Elapsed.TotalMilliseconds,10:F0}"));
            }
            finally
            {
                (log as IDisposable)?.Dispose();
            }
        }
    }

    private static AuditEvent Event(string id) => new()
    {
        EventId = id,
        RequestId = "req-" + (id.GetHashCode(StringComparison.Ordinal) & 0xff).ToString(CultureInfo.InvariantCulture),
        InstanceId = "instance-1",
        Actor = "alice@acme.com",
        Event = "step_succeeded",
        Action = "password_reset",
        Target = "tom@acme.com",
        Outcome = "ok",
        Details = "{\"sendTo\":\"manager\",\"forceChange\":true}",
        At = DateTimeOffset.UtcNow,
    };

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }

    /// <summary>Just enough of the test fixture's launcher: Azurite's table service on a free loopback port, killed on dispose.</summary>
    private sealed class Azurite : IAsyncDisposable
    {
        private const string Account = "devstoreaccount1";
        private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

        private readonly Process _process;

        private Azurite(Process process, int port)
        {
            _process = process;
            ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={DevKey};TableEndpoint=http://127.0.0.1:{port}/{Account};";
        }

        public string ConnectionString { get; }

        public static async Task<Azurite> StartAsync()
        {
            var root = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(root, "Dex.sln")))
            {
                root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new InvalidOperationException("Dex.sln not found above the benchmark binaries");
            }

            var entry = Path.Combine(root, "tools", "azurite", "node_modules", "azurite", "dist", "src", "table", "main.js");
            if (!File.Exists(entry))
            {
                throw new InvalidOperationException($"Azurite is not installed: run {Path.Combine(root, "tools", "azurite", "ensure-azurite.sh")} first.");
            }

            int port;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            var psi = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
            foreach (var a in (string[])[entry, "--tableHost", "127.0.0.1", "--tablePort", port.ToString(CultureInfo.InvariantCulture), "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry"])
            {
                psi.ArgumentList.Add(a);
            }

            var process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var azurite = new Azurite(process, port);
            for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline && !process.HasExited;)
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    return azurite;
                }
                catch (SocketException)
                {
                    await Task.Delay(100);
                }
            }

            await azurite.DisposeAsync();
            throw new InvalidOperationException("Azurite did not start listening");
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }
}
