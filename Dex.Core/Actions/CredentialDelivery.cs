using Dex.Core.Notifications;
using Dex.Core.Secrets;

namespace Dex.Core.Actions;

/// <summary>
/// Delivers a generated credential: straight into the vault and out as a one-time link. The secret and
/// its link never leave this class (no orchestration input/output, log, audit entry or exception).
/// </summary>
public sealed class CredentialDelivery(ISecretVault vault, INotifier notifier, DexLinks links, TimeProvider time)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(24);

    public async Task DeliverAsync(string requestId, int stepIndex, string recipient, string label, string secret, CancellationToken ct)
    {
        var token = await vault.StoreAsync(recipient, label, secret, LinkLifetime, ct);
        var expires = time.GetUtcNow().Add(LinkLifetime);
        await notifier.SendAsync(
            new Notification
            {
                // A fresh id per delivery: a retried step issues a new password and a new link.
                Id = $"{requestId}:credential:{stepIndex}:{token[..12]}",
                Recipient = recipient,
                Kind = "credential",
                RequestId = requestId,
                Text = $"{label} is ready. Open the link to see it; it works once and until {expires:yyyy-MM-dd HH:mm} UTC. The password must be changed at first sign-in.",
                Links = [new NotificationLink("View the credential once", links.Secret(token))],
                At = time.GetUtcNow(),
            },
            ct);
    }
}
