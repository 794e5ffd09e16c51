using System.Text.RegularExpressions;

namespace Dex.Core.Intake;

/// <summary>
/// Masks anything in a message that looks like a secret ("my password is Hunter2!", "pin: 1234", "token=abc...")
/// before the text is stored anywhere (orchestration input, request view, audit, approval page). Dex never needs a
/// secret someone typed: it generates credentials itself.
/// </summary>
public static partial class SecretText
{
    public const string Mask = "[hidden]";

    /// <summary>The text with every secret-looking value replaced by <see cref="Mask"/>.</summary>
    public static string Hide(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var masked = Keyed().Replace(text, m => m.Groups["k"].Value + Mask);
        return Bearer().Replace(masked, Mask);
    }

    // A secret keyword, a verb or separator, then the value (one token, quoted or not). NonBacktracking: linear time on any input.
    [GeneratedRegex(
        @"(?<k>\b(?:password|passwd|pwd|passcode|passphrase|pin|secret|client secret|api key|apikey|access key|token|recovery code|one-time code|otp)(?:\s+(?:is|was|will be|should be|would be|=|:)|\s*[:=])\s*)(?:""[^""]*""|'[^']*'|[^\s,;]+)",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex Keyed();

    // Long unbroken credential-shaped tokens (JWTs, bearer tokens), whatever precedes them.
    [GeneratedRegex(@"\beyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{5,}", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex Bearer();
}
