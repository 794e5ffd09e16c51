using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Dex.Local.Durable;

/// <summary>
/// The Azurite of tools/azurite (npm), run by Dex.Local with its data under the state folder. It is the storage account:
/// when Dex.Local dies it keeps running like a real account would, and the next Dex.Local adopts it (the address is kept in
/// <c>azurite/dex-azurite.json</c>); a normal stop ends it gracefully so it writes its data to disk.
/// </summary>
public sealed class EmbeddedAzurite : IDisposable
{
    // Azurite's fixed development account (public and documented; it exists only inside the emulator).
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process? _owned;

    private EmbeddedAzurite(Endpoint endpoint, Process? owned)
    {
        Address = endpoint;
        _owned = owned;
    }

    public sealed record Endpoint(int Pid, int BlobPort, int QueuePort, int TablePort);

    public Endpoint Address { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{Address.BlobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{Address.QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{Address.TablePort}/{AccountName};";

    /// <summary>azurite.js of tools/azurite when it is installed above the working folder or the binaries, else null.</summary>
    public static string? FindEntry()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var entry = Path.Combine(dir.FullName, "tools", "azurite", "node_modules", "azurite", "dist", "src", "azurite.js");
                if (File.Exists(entry))
                {
                    return entry;
                }
            }
        }

        return null;
    }

    public static bool NodeAvailable()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, "node")));
    }

    /// <summary>Adopts the Azurite a previous run left running on this state, or starts one.</summary>
    public static async Task<EmbeddedAzurite> StartAsync(string entry, string statePath, CancellationToken cancellationToken)
    {
        var location = Path.Combine(statePath, "azurite");
        Directory.CreateDirectory(location);
        var addressFile = Path.Combine(location, "dex-azurite.json");
        if (File.Exists(addressFile))
        {
            var previous = JsonSerializer.Deserialize<Endpoint>(await File.ReadAllTextAsync(addressFile, cancellationToken));
            if (previous is not null && IsAlive(previous.Pid) && await AcceptsAsync(previous.QueuePort, TimeSpan.FromSeconds(2)))
            {
                return new EmbeddedAzurite(previous, owned: null);
            }
        }

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
            var psi = new ProcessStartInfo("node") { WorkingDirectory = location, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in (string[])[entry, "--location", location, "--blobHost", "127.0.0.1", "--blobPort", Num(blob), "--queueHost", "127.0.0.1", "--queuePort", Num(queue),
                         "--tableHost", "127.0.0.1", "--tablePort", Num(table), "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry"])
            {
                psi.ArgumentList.Add(a);
            }

            var process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var endpoint = new Endpoint(process.Id, blob, queue, table);
            if (await AcceptsAsync(blob, TimeSpan.FromSeconds(30)) && await AcceptsAsync(queue, TimeSpan.FromSeconds(10)) && await AcceptsAsync(table, TimeSpan.FromSeconds(10)))
            {
                await File.WriteAllTextAsync(addressFile, JsonSerializer.Serialize(endpoint), cancellationToken);
                return new EmbeddedAzurite(endpoint, process);
            }

            process.Kill(entireProcessTree: true);
            process.Dispose();
        }

        throw new InvalidOperationException($"Azurite ({entry}) did not start listening on 127.0.0.1.");
    }

    /// <summary>Ends an Azurite this process started, gracefully (SIGTERM) so it saves its data.</summary>
    public void Dispose()
    {
        if (_owned is null)
        {
            return;
        }

        try
        {
            if (!_owned.HasExited)
            {
                if (OperatingSystem.IsWindows() || Kill(_owned.Id, 15) != 0 || !_owned.WaitForExit(10_000))
                {
                    _owned.Kill(entireProcessTree: true);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _owned.Dispose();
    }

    private static int Kill(int pid, int signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{Num(signal)} {Num(pid)}") { UseShellExecute = false });
        kill?.WaitForExit(5_000);
        return kill?.ExitCode ?? -1;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited && p.ProcessName.Contains("node", StringComparison.OrdinalIgnoreCase);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<bool> AcceptsAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        return false;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
}
