using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace Dex.Core.Audit;

/// <summary>
/// A signed statement "the chain had <see cref="Seq"/> entries and entry <see cref="Seq"/> hashed to <see cref="Hash"/> at
/// <see cref="At"/>", kept outside the audit store. Someone who can rewrite the store (and recompute every hash) cannot
/// forge it without the signing key.
/// </summary>
public sealed record AuditCheckpoint(
    [property: JsonPropertyName("seq")] long Seq,
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("keyId")] string KeyId,
    [property: JsonPropertyName("signature")] string Signature)
{
    /// <summary>The bytes that are signed: a SHA-256 digest of seq, hash and time.</summary>
    public static byte[] Digest(long seq, string hash, DateTimeOffset at)
        => SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', "dex-audit-checkpoint-v1", seq.ToString(CultureInfo.InvariantCulture), hash, at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture))));
}

/// <summary>Signs and verifies checkpoint digests (a local ECDSA key file, or a Key Vault key in Azure).</summary>
public interface ICheckpointSigner
{
    string KeyId { get; }

    Task<string> SignAsync(byte[] digest, CancellationToken cancellationToken = default);

    Task<bool> VerifyAsync(byte[] digest, string signature, CancellationToken cancellationToken = default);
}

/// <summary>Append-only storage for checkpoints (a local file opened for append only, or a WORM Blob container in Azure).</summary>
public interface ICheckpointStore
{
    Task AppendAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default);

    /// <summary>Every checkpoint written, in the order written; an unreadable record is returned as a checkpoint with an empty signature.</summary>
    Task<IReadOnlyList<AuditCheckpoint>> ReadAllAsync(CancellationToken cancellationToken = default);
}

/// <summary>How often checkpoints are written (besides on graceful stop and on each verify).</summary>
public sealed record CheckpointOptions
{
    public int EveryEntries { get; init; } = 100;
    public TimeSpan EveryInterval { get; init; } = TimeSpan.FromMinutes(15);
}

/// <summary>What verification found, by kind (the route reports it as <c>problem</c>).</summary>
public static class AuditProblems
{
    /// <summary>An entry's content, link or sequence does not match its hash (an edit that did not re-hash).</summary>
    public const string Chain = "chain";

    /// <summary>The chain is internally consistent but differs from a signed checkpoint: it was rewritten and re-hashed.</summary>
    public const string Rewritten = "rewritten";

    /// <summary>The chain ends before a signed checkpoint: entries were cut off the end.</summary>
    public const string Truncated = "truncated";

    /// <summary>A checkpoint's signature does not verify: the checkpoint store was tampered with.</summary>
    public const string CheckpointForged = "checkpoint_forged";
}
