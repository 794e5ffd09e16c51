using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Data.Tables;

namespace Dex.Tests.Audit;

/// <summary>
/// Starts a real Azurite table service (tools/azurite, installed by ensure-azurite.sh when missing) on a free loopback
/// port for the tests of one collection, and kills it when they are done. Never skips: a missing Node.js or a failed
/// install fails the tests with the reason.
/// </summary>
public class AzuriteFixture : IAsyncLifetime
{
    // Azurite's fixed development account (public, documented; it only exists inside the emulator).
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly StringBuilder _output = new();
    private readonly string _service;

    public AzuriteFixture()
        : this("table")
    {
    }

    /// <param name="service">Which Azurite service this fixture runs: "table" or "blob".</param>
    protected AzuriteFixture(string service) => _service = service;
    private Process? _process;
    private string? _workDir;

    public int Port { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};{(_service == "blob" ? "BlobEndpoint" : "TableEndpoint")}=http://127.0.0.1:{Port}/{AccountName};";

    public TableServiceClient CreateServiceClient() => new(ConnectionString);

    /// <summary>A table name no other test uses (letters and digits, starting with a letter).</summary>
    public static string UniqueTableName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..16];

    public async Task InitializeAsync()
    {
        var root = RepoRoot.Find();
        var entry = await AzuriteInstall.EnsureAsync(root);
        entry = entry.Replace(Path.Combine("src", "table", "main.js"), Path.Combine("src", _service, "main.js"), StringComparison.Ordinal);
        _workDir = Directory.CreateTempSubdirectory("dex-azurite-").FullName;

        // A port picked free can be taken before Azurite binds it: try a few.
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Port = FreeLoopbackPort();
            _process = Start(entry, _service, Port, _workDir, _output);
            if (await WaitUntilListeningAsync(_process, Port, TimeSpan.FromSeconds(30)))
            {
                return;
            }

            Kill();
        }

        throw new InvalidOperationException($"Azurite did not start listening on 127.0.0.1. Its output:\n{Output()}");
    }

    public virtual Task DisposeAsync()
    {
        Kill();
        if (_workDir is not null)
        {
            try
            {
                Directory.Delete(_workDir, recursive: true);
            }
            catch (IOException)
            {
                // best effort: a temp folder
            }
        }

        return Task.CompletedTask;
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private void Kill()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
        _process = null;
    }

    private static Process Start(string entry, string service, int port, string workDir, StringBuilder output)
    {
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[entry, $"--{service}Host", "127.0.0.1", $"--{service}Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry"])
        {
            psi.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("Cannot run 'node' (Node.js 18+ must be on PATH to run Azurite).", ex);
        }

        void Collect(object? _, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        }

        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<bool> WaitUntilListeningAsync(Process process, int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                return false;
            }

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

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Runs tools/azurite/ensure-azurite.sh once per test run when Azurite is not installed yet.</summary>
internal static class AzuriteInstall
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static string TableEntry(string root) => Path.Combine(root, "tools", "azurite", "node_modules", "azurite", "dist", "src", "table", "main.js");

    public static async Task<string> EnsureAsync(string root)
    {
        var entry = TableEntry(root);
        if (File.Exists(entry))
        {
            return entry;
        }

        await Gate.WaitAsync();
        try
        {
            if (File.Exists(entry))
            {
                return entry;
            }

            var script = Path.Combine(root, "tools", "azurite", "ensure-azurite.sh");
            var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(script);
            using var process = Process.Start(psi) ?? throw new InvalidOperationException("bash did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"Installing Azurite with {script} took more than 5 minutes.");
            }

            if (process.ExitCode != 0 || !File.Exists(entry))
            {
                throw new InvalidOperationException(
                    $"Azurite is not installed and {script} failed (exit {process.ExitCode}). Run it by hand to see why.\n{await stdout}\n{await stderr}");
            }

            return entry;
        }
        finally
        {
            Gate.Release();
        }
    }
}

/// <summary>The folder holding Dex.sln, found by walking up from the test binaries.</summary>
internal static class RepoRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dex.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Dex.sln above {AppContext.BaseDirectory}.");
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

/// <summary>A real Azurite blob service on a free loopback port, for the Blob-backed stores.</summary>
public sealed class AzuriteBlobFixture : AzuriteFixture
{
    public AzuriteBlobFixture()
        : base("blob")
    {
    }

    public Azure.Storage.Blobs.BlobServiceClient CreateBlobServiceClient() => new(ConnectionString);
}

[CollectionDefinition(Name)]
public sealed class AzuriteBlobCollection : ICollectionFixture<AzuriteBlobFixture>
{
    public const string Name = "AzuriteBlob";
}
