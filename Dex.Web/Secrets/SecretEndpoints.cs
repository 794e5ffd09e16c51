using System.Security.Cryptography;
using System.Text;
using Dex.Core.Audit;
using Dex.Core.Secrets;
using Microsoft.AspNetCore.Http;

namespace Dex.Web.Secrets;

/// <summary><c>GET /api/secrets/{token}</c>: one view of a delivered credential; gone afterwards.</summary>
public sealed class SecretEndpoints(ISecretVault vault, IAuditLog audit, TimeProvider time)
{
    /// <summary>GET is the reveal: the link is the credential's only copy.</summary>
    public async Task<IResult> RevealAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 200)
        {
            return SecretPages.Gone();
        }

        var secret = await vault.RevealOnceAsync(token, cancellationToken);
        if (secret is null)
        {
            return SecretPages.Gone();
        }

        await audit.AppendAsync(
            new AuditEvent
            {
                EventId = "secret:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..24],
                RequestId = "-",
                Actor = secret.Recipient,
                Event = "credential_viewed",
                Outcome = "viewed",
                Details = secret.Label,
                At = time.GetUtcNow(),
            },
            cancellationToken);
        return SecretPages.Reveal(secret);
    }
}
