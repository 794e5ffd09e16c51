namespace Dex.Core.Secrets;

/// <summary>A credential revealed through a one-time link.</summary>
public sealed record RevealedSecret(string Recipient, string Label, string Value);

/// <summary>Whom a stored credential is for, without its value.</summary>
public sealed record SecretDescription(string Recipient, string Label);

/// <summary>
/// Holds generated credentials until their one view. Stored encrypted; a token reveals its secret
/// once and only before expiry. Nothing else in Dex ever sees the value.
/// </summary>
public interface ISecretVault
{
    /// <summary>Stores the value and returns an opaque, unguessable token for the link.</summary>
    Task<string> StoreAsync(string recipient, string label, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default);

    /// <summary>Returns the secret and deletes it; null when the token is unknown, forged, used or expired.</summary>
    Task<RevealedSecret?> RevealOnceAsync(string token, CancellationToken cancellationToken = default);

    /// <summary>Whom the credential is for, without using the link up; null when unknown, used or expired.</summary>
    Task<SecretDescription?> DescribeAsync(string token, CancellationToken cancellationToken = default);
}
