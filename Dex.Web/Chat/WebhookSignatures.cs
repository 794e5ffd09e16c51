using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Dex.Web.Chat;

/// <summary>What a signature check concluded. Only <see cref="Valid"/> lets a request through.</summary>
public enum SignatureVerdict
{
    Valid,

    /// <summary>A required header is absent.</summary>
    Missing,

    /// <summary>A header is present but not in the expected shape (prefix, hex/base64, timestamp digits).</summary>
    Malformed,

    /// <summary>The MAC does not match the body (tampered body, wrong secret, forged request).</summary>
    Invalid,

    /// <summary>The MAC matches but the signed timestamp is outside the freshness window.</summary>
    Expired,
}

/// <summary>
/// The outcome of a check. <see cref="Fingerprint"/> is the lower-case hex of the MAC the server computed
/// (canonical, whatever case or encoding the caller sent), used as the replay-cache key; <see cref="SignedAt"/>
/// is the signed timestamp when the scheme has one.
/// </summary>
public readonly record struct SignatureCheck(SignatureVerdict Verdict, string? Fingerprint = null, DateTimeOffset? SignedAt = null)
{
    public bool IsValid => Verdict == SignatureVerdict.Valid;
}

/// <summary>Shared pieces of the three schemes: HMAC-SHA256 over concatenated parts and constant-time comparison.</summary>
public static class WebhookSignatures
{
    /// <summary>How far a signed timestamp may be from the server clock, either way (Slack documents 5 minutes; Dex uses the same).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    internal static byte[] Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body)
    {
        using var mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        mac.AppendData(prefix);
        mac.AppendData(body);
        return mac.GetHashAndReset();
    }

    /// <summary>Parses unix seconds: ASCII digits only, no sign, no spaces, at most 12 digits.</summary>
    internal static bool TryParseUnixSeconds(string? value, out DateTimeOffset at)
    {
        at = default;
        if (string.IsNullOrEmpty(value) || value.Length > 12 || !value.All(char.IsAsciiDigit))
        {
            return false;
        }

        var seconds = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
        if (seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        at = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    internal static bool WithinWindow(DateTimeOffset signedAt, DateTimeOffset now) => (now - signedAt).Duration() <= Window;

    /// <summary>Decodes exactly 64 hex digits (either case) into 32 bytes.</summary>
    internal static byte[]? DecodeHex256(ReadOnlySpan<char> hex)
    {
        if (hex.Length != 64)
        {
            return null;
        }

        var bytes = new byte[32];
        return Convert.FromHexString(hex, bytes, out _, out var written) == System.Buffers.OperationStatus.Done && written == 32 ? bytes : null;
    }

    /// <summary>Verifies a hex HMAC-SHA256 over <c>prefix(timestamp) + body</c> with a timestamp window; the shape both Dex and Slack use.</summary>
    internal static SignatureCheck VerifyTimestamped(
        ReadOnlySpan<byte> key, string? timestamp, string? signature, string signaturePrefix, Func<string, string> basePrefix, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(timestamp) || string.IsNullOrWhiteSpace(signature))
        {
            return new(SignatureVerdict.Missing);
        }

        timestamp = timestamp.Trim();
        signature = signature.Trim();
        if (!TryParseUnixSeconds(timestamp, out var signedAt)
            || !signature.StartsWith(signaturePrefix, StringComparison.OrdinalIgnoreCase)
            || DecodeHex256(signature.AsSpan(signaturePrefix.Length)) is not { } given)
        {
            return new(SignatureVerdict.Malformed);
        }

        var expected = Hmac(key, Encoding.UTF8.GetBytes(basePrefix(timestamp)), body);
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return new(SignatureVerdict.Invalid);
        }

        return WithinWindow(signedAt, now)
            ? new(SignatureVerdict.Valid, Convert.ToHexStringLower(expected), signedAt)
            : new(SignatureVerdict.Expired, Convert.ToHexStringLower(expected), signedAt);
    }
}

/// <summary>
/// Dex's own webhook signature for <c>POST /api/messages</c> (DESIGN §5): header <c>X-Dex-Timestamp</c> (unix
/// seconds, within 5 minutes of the server clock) and <c>X-Dex-Signature: sha256=&lt;hex&gt;</c>, where hex is
/// HMAC-SHA256 keyed with the UTF-8 secret over the ASCII timestamp, a '.', and the raw body bytes.
/// </summary>
public static class DexWebhookSignature
{
    public const string TimestampHeader = "X-Dex-Timestamp";
    public const string SignatureHeader = "X-Dex-Signature";
    public const string Prefix = "sha256=";

    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var ts = unixSeconds.ToString(CultureInfo.InvariantCulture);
        return Prefix + Convert.ToHexStringLower(WebhookSignatures.Hmac(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(ts + "."), body));
    }

    public static SignatureCheck Verify(string secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return WebhookSignatures.VerifyTimestamped(Encoding.UTF8.GetBytes(secret), timestamp, signature, Prefix, ts => ts + ".", body, now);
    }
}

/// <summary>
/// Slack request signing, version v0 (Slack, "Verifying requests from Slack"): base string
/// <c>v0:&lt;X-Slack-Request-Timestamp&gt;:&lt;raw body&gt;</c>, HMAC-SHA256 keyed with the signing secret (its
/// UTF-8 bytes, not decoded), hex, sent as <c>X-Slack-Signature: v0=&lt;hex&gt;</c>; requests whose timestamp is
/// more than 5 minutes from the local clock are refused.
/// </summary>
public static class SlackSignature
{
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string SignatureHeader = "X-Slack-Signature";
    public const string Prefix = "v0=";

    public static string Sign(string signingSecret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(signingSecret);
        ArgumentException.ThrowIfNullOrEmpty(timestamp);
        return Prefix + Convert.ToHexStringLower(WebhookSignatures.Hmac(Encoding.UTF8.GetBytes(signingSecret), Encoding.UTF8.GetBytes("v0:" + timestamp + ":"), body));
    }

    public static SignatureCheck Verify(string signingSecret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(signingSecret);
        return WebhookSignatures.VerifyTimestamped(Encoding.UTF8.GetBytes(signingSecret), timestamp, signature, Prefix, ts => "v0:" + ts + ":", body, now);
    }
}

/// <summary>
/// Microsoft Teams outgoing webhook signing (Microsoft Learn, "Create Outgoing Webhooks", verify HMAC token):
/// Teams sends <c>Authorization: HMAC &lt;base64&gt;</c>, the HMAC-SHA256 of the raw request body keyed with the
/// security token shown when the webhook was created, base64-decoded. There is no timestamp header, so freshness
/// is checked on the signed activity's own <c>timestamp</c> and replays are refused by activity id.
/// </summary>
public static class TeamsSignature
{
    public const string Scheme = "HMAC";

    /// <summary>The security token as HMAC key bytes; null when it is not valid base64 (a configuration error).</summary>
    public static byte[]? DecodeKey(string? securityToken)
    {
        if (string.IsNullOrWhiteSpace(securityToken))
        {
            return null;
        }

        var buffer = new byte[securityToken.Length];
        return Convert.TryFromBase64String(securityToken.Trim(), buffer, out var n) && n > 0 ? buffer[..n] : null;
    }

    public static string Sign(ReadOnlySpan<byte> key, ReadOnlySpan<byte> body)
        => Scheme + " " + Convert.ToBase64String(WebhookSignatures.Hmac(key, [], body));

    public static SignatureCheck Verify(ReadOnlySpan<byte> key, string? authorization, ReadOnlySpan<byte> body)
    {
        if (key.IsEmpty)
        {
            throw new ArgumentException("The Teams security token is empty.", nameof(key));
        }

        if (string.IsNullOrWhiteSpace(authorization))
        {
            return new(SignatureVerdict.Missing);
        }

        var value = authorization.Trim();
        if (!value.StartsWith(Scheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            return new(SignatureVerdict.Malformed);
        }

        var encoded = value[(Scheme.Length + 1)..].Trim();
        var given = new byte[48];
        if (encoded.Length > 64 || !Convert.TryFromBase64String(encoded, given, out var n) || n != 32)
        {
            return new(SignatureVerdict.Malformed);
        }

        var expected = WebhookSignatures.Hmac(key, [], body);
        return CryptographicOperations.FixedTimeEquals(expected, given.AsSpan(0, 32))
            ? new(SignatureVerdict.Valid, Convert.ToHexStringLower(expected))
            : new(SignatureVerdict.Invalid);
    }
}
