using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Dex.Core.Audit;

/// <summary>The hash chain every store shares: each entry's hash covers its content and the previous hash.</summary>
public static class AuditHash
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string Compute(AuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var canonical = string.Join('\u001f',
            e.Seq.ToString(CultureInfo.InvariantCulture),
            e.EventId,
            e.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            e.RequestId,
            e.InstanceId ?? string.Empty,
            e.Actor,
            e.Event,
            e.Action ?? string.Empty,
            e.Target ?? string.Empty,
            e.Outcome,
            e.Details ?? string.Empty,
            e.PrevHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Checks a sequence in Seq order; returns the first entry whose seq, link or hash is wrong.</summary>
    public static async Task<AuditVerification> VerifyAsync(IAsyncEnumerable<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var prev = Genesis;
        long expectedSeq = 1;
        long count = 0;
        await foreach (var e in entries.WithCancellation(cancellationToken))
        {
            count++;
            if (e.Seq != expectedSeq || e.PrevHash != prev || Compute(e) != e.Hash)
            {
                return new AuditVerification(false, count, e.Seq != expectedSeq ? Math.Min(e.Seq, expectedSeq) : e.Seq);
            }

            prev = e.Hash;
            expectedSeq++;
        }

        return new AuditVerification(true, count, null);
    }
}
