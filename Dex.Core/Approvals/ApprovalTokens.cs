using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dex.Core.Approvals;

public sealed class ApprovalOptions
{
    public const string Section = "Dex:Approvals";

    /// <summary>HMAC key for approval links (Key Vault in Azure). At least 32 characters.</summary>
    [Required(ErrorMessage = "Dex:Approvals:SigningKey is required (at least 32 characters; Key Vault in Azure).")]
    [MinLength(32, ErrorMessage = "Dex:Approvals:SigningKey must be at least 32 characters.")]
    public string SigningKey { get; set; } = string.Empty;
}

/// <summary>What an approval link binds: the request, the approver, the stage, the exact plan, and an expiry.</summary>
public sealed record ApprovalClaims(
    [property: JsonPropertyName("r")] string RequestId,
    [property: JsonPropertyName("a")] string Approver,
    [property: JsonPropertyName("s")] string Stage,
    [property: JsonPropertyName("h")] string PlanHash,
    [property: JsonPropertyName("e")] long ExpiresUnix,
    [property: JsonPropertyName("n")] string TokenId)
{
    [JsonIgnore]
    public DateTimeOffset ExpiresAt => DateTimeOffset.FromUnixTimeSeconds(ExpiresUnix);
}

public enum TokenProblem
{
    None,
    Malformed,
    BadSignature,
    Expired,
}

/// <summary>Signs and verifies approval links (HMAC-SHA256 over the claims). A changed byte fails verification.</summary>
public sealed class ApprovalTokenService(ApprovalOptions options, TimeProvider time)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.SigningKey);

    public string Issue(ApprovalClaims claims)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(claims);
        var sig = HMACSHA256.HashData(_key, payload);
        return Base64Url(payload) + "." + Base64Url(sig);
    }

    /// <summary>
    /// A token id derived from request, stage, approver and plan: issuing again (a retried activity)
    /// yields the same id, so a re-sent link is the same link and can still be used only once.
    /// </summary>
    public string TokenIdFor(string requestId, string stage, string approver, string planHash)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"tid\n{requestId}\n{stage}\n{approver.ToLowerInvariant()}\n{planHash}"));
        return Convert.ToHexStringLower(mac)[..32];
    }

    /// <summary>
    /// The hidden field of a page's form: binds the form to one link and one signed-in person, so a form posted from
    /// another site (which cannot read the page) does not carry it.
    /// </summary>
    public string FormToken(string linkId, string signedInObjectId)
        => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"form\n{linkId}\n{signedInObjectId.ToLowerInvariant()}")))[..40];

    public bool IsFormToken(string? value, string linkId, string signedInObjectId)
        => !string.IsNullOrEmpty(value) && value.Length == 40
           && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(value), Encoding.ASCII.GetBytes(FormToken(linkId, signedInObjectId)));

    public (ApprovalClaims? Claims, TokenProblem Problem) Verify(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 4096)
        {
            return (null, TokenProblem.Malformed);
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == token.Length - 1)
        {
            return (null, TokenProblem.Malformed);
        }

        byte[] payload, sig;
        try
        {
            payload = FromBase64Url(token[..dot]);
            sig = FromBase64Url(token[(dot + 1)..]);
        }
        catch (FormatException)
        {
            return (null, TokenProblem.Malformed);
        }

        if (!CryptographicOperations.FixedTimeEquals(sig, HMACSHA256.HashData(_key, payload)))
        {
            return (null, TokenProblem.BadSignature);
        }

        ApprovalClaims? claims;
        try
        {
            claims = JsonSerializer.Deserialize<ApprovalClaims>(payload);
        }
        catch (JsonException)
        {
            return (null, TokenProblem.Malformed);
        }

        if (claims is null)
        {
            return (null, TokenProblem.Malformed);
        }

        return time.GetUtcNow() >= claims.ExpiresAt ? (claims, TokenProblem.Expired) : (claims, TokenProblem.None);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string s)
    {
        var b = s.Replace('-', '+').Replace('_', '/');
        b += (b.Length % 4) switch { 2 => "==", 3 => "=", 0 => string.Empty, _ => throw new FormatException() };
        return Convert.FromBase64String(b);
    }
}

/// <summary>Records which approval links were used, so each decides once.</summary>
public interface IApprovalTokenLedger
{
    /// <summary>True the first time for a token id; false on every later call.</summary>
    Task<bool> TryConsumeAsync(string tokenId, CancellationToken cancellationToken = default);

    Task<bool> IsConsumedAsync(string tokenId, CancellationToken cancellationToken = default);
}

public sealed class InMemoryApprovalTokenLedger : IApprovalTokenLedger
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _used = new(StringComparer.Ordinal);

    public Task<bool> TryConsumeAsync(string tokenId, CancellationToken cancellationToken = default) => Task.FromResult(_used.TryAdd(tokenId, 0));

    public Task<bool> IsConsumedAsync(string tokenId, CancellationToken cancellationToken = default) => Task.FromResult(_used.ContainsKey(tokenId));
}

/// <summary>
/// The event an approval link raises on the orchestration. <see cref="Token"/> is the link itself, re-verified by the
/// workflow (<see cref="ApprovalEventVerifier"/>); <see cref="SignedInAs"/> is who the Entra sign-in said decided.
/// </summary>
public sealed record ApprovalDecisionEvent(string TokenId, string Approver, string Stage, string PlanHash, string Decision, string? Comment, DateTimeOffset At, string? Token = null, string? SignedInAs = null)
{
    public const string EventName = "ApprovalDecision";
    public const string Approve = "approve";
    public const string Deny = "deny";
}
