using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Dex.Core.Audit;

/// <summary>
/// Signs checkpoints with an ECDSA P-256 key kept in a file beside the local state (created on first use, owner-only
/// where the platform allows). It stands in for the Key Vault key Dex uses in Azure.
/// </summary>
public sealed class FileCheckpointSigner : ICheckpointSigner, IDisposable
{
    private readonly ECDsa _key;

    public FileCheckpointSigner(string keyPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPath);
        _key = ECDsa.Create();
        if (File.Exists(keyPath))
        {
            _key.ImportFromPem(File.ReadAllText(keyPath));
        }
        else
        {
            _key.GenerateKey(ECCurve.NamedCurves.nistP256);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyPath))!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var file = new StreamWriter(keyPath, Encoding.ASCII, options);
            file.Write(_key.ExportPkcs8PrivateKeyPem());
        }

        KeyId = "file:" + Convert.ToHexStringLower(SHA256.HashData(_key.ExportSubjectPublicKeyInfo()))[..16];
    }

    public string KeyId { get; }

    public Task<string> SignAsync(byte[] digest, CancellationToken cancellationToken = default)
        => Task.FromResult(Convert.ToBase64String(_key.SignHash(digest)));

    public Task<bool> VerifyAsync(byte[] digest, string signature, CancellationToken cancellationToken = default)
    {
        try
        {
            return Task.FromResult(_key.VerifyHash(digest, Convert.FromBase64String(signature)));
        }
        catch (FormatException)
        {
            return Task.FromResult(false);
        }
    }

    public void Dispose() => _key.Dispose();
}

/// <summary>Checkpoints as JSON lines in a file that Dex only ever opens for appending.</summary>
public sealed class FileCheckpointStore(string path) : ICheckpointStore
{
    private readonly Lock _gate = new();

    public string Path => path;

    public Task AppendAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(checkpoint) + "\n");
        lock (_gate)
        {
            // One small write per checkpoint, in append mode: earlier lines are never rewritten.
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
            using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            file.Write(line);
            file.Flush(flushToDisk: true);
        }

        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<AuditCheckpoint>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var result = new List<AuditCheckpoint>();
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            if (line.Length > 0)
            {
                result.Add(CheckpointLines.Parse(line));
            }
        }

        return result;
    }
}

internal static class CheckpointLines
{
    /// <summary>A line that is not a checkpoint becomes one no signature verifies (verification reports it).</summary>
    public static AuditCheckpoint Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<AuditCheckpoint>(line) ?? Unreadable;
        }
        catch (JsonException)
        {
            return Unreadable;
        }
    }

    private static readonly AuditCheckpoint Unreadable = new(0, string.Empty, default, string.Empty, string.Empty);
}
