using System.Security.Cryptography;
using System.Text;
using Dex.Core.Audit;

namespace Dex.Web.Identity;

/// <summary>Audit entries for refused link uses, shared by the approval and credential pages.</summary>
internal static class LinkRefusals
{
    public static Task<AuditEntry> AuditAsync(IAuditLog audit, TimeProvider time, string requestId, string actor, string evt, string details, CancellationToken cancellationToken) => audit.AppendAsync(
        new AuditEvent { EventId = $"{evt}:{Guid.NewGuid():N}", RequestId = requestId, Actor = actor, Event = evt, Outcome = "refused", Details = details, At = time.GetUtcNow() },
        cancellationToken);

    /// <summary>A stable, non-reversible id of a credential link (the token itself is never stored).</summary>
    public static string SecretLinkId(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..24];
}
