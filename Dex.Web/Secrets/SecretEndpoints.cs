using Dex.Core.Approvals;
using Dex.Core.Audit;
using Dex.Core.Secrets;
using Dex.Web.Approvals;
using Dex.Web.Identity;
using Microsoft.AspNetCore.Http;

namespace Dex.Web.Secrets;

/// <summary>
/// <c>GET/POST /api/secrets/{token}</c>: GET shows whom a delivered credential is for and a Reveal button (a link
/// scanner's GET uses nothing up); POST by the signed-in recipient reveals it once; the audit names who viewed it.
/// </summary>
public sealed class SecretEndpoints(ISecretVault vault, ApprovalTokenService tokens, IAuditLog audit, TimeProvider time, SignInOptions? signIn = null)
{
    private LinkSignInGate Gate => new(signIn, audit, time);

    /// <summary><c>GET /api/secrets/{token}</c>: whom it is for and a Reveal button, for the signed-in recipient; uses nothing up.</summary>
    public async Task<IResult> GetAsync(string token, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var described = token is { Length: > 0 and <= 200 } ? await vault.DescribeAsync(token, cancellationToken) : null;
        if (described is null)
        {
            return SecretPages.Gone();
        }

        var (user, refused) = await Gate.RequireAsync(request, described.Recipient, "/api/secrets/" + token, false, "-", "credential", cancellationToken);
        return refused ?? SecretPages.Confirm(described, token, tokens.FormToken(LinkRefusals.SecretLinkId(token), user!.ObjectId), user.UserPrincipalName);
    }

    /// <summary><c>POST /api/secrets/{token}</c>: the signed-in recipient reveals the credential, once; the audit names who viewed it.</summary>
    public async Task<IResult> RevealAsync(string token, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var described = token is { Length: > 0 and <= 200 } ? await vault.DescribeAsync(token, cancellationToken) : null;
        if (described is null)
        {
            return SecretPages.Gone();
        }

        var (user, refused) = await Gate.RequireAsync(request, described.Recipient, "/api/secrets/" + token, false, "-", "credential", cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var formToken = request.HasFormContentType ? (await request.ReadFormAsync(cancellationToken))[ApprovalPages.FormTokenField].ToString() : null;
        if (LinkSignInGate.IsCrossSite(request) || !tokens.IsFormToken(formToken, LinkRefusals.SecretLinkId(token), user!.ObjectId))
        {
            await LinkRefusals.AuditAsync(audit, time, "-", user!.UserPrincipalName, "credential_refused", "the reveal did not come from Dex's own credential page (cross-site request or missing form token)", cancellationToken);
            return ApprovalPages.Problem(StatusCodes.Status403Forbidden, "Request refused", "This did not come from the credential page itself. Open the link and press Reveal there; it still works.");
        }

        var secret = await vault.RevealOnceAsync(token, cancellationToken);
        if (secret is null)
        {
            return SecretPages.Gone();
        }

        await audit.AppendAsync(
            new AuditEvent
            {
                EventId = "secret:" + LinkRefusals.SecretLinkId(token),
                RequestId = "-",
                Actor = user.UserPrincipalName,
                Event = "credential_viewed",
                Target = secret.Recipient,
                Outcome = "viewed",
                Details = $"{secret.Label}; viewed by {user.UserPrincipalName} (object id {user.ObjectId})",
                At = time.GetUtcNow(),
            },
            cancellationToken);
        return SecretPages.Reveal(secret);
    }
}
