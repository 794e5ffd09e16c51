using Dex.Core.Audit;
using Dex.Web.Approvals;
using Microsoft.AspNetCore.Http;

namespace Dex.Web.Identity;

/// <summary>
/// The check in front of every page behind a link (approval, credential): the person must be signed in with Entra ID
/// as the one the link names, with MFA when policy asks. A link is never a bearer credential on its own: someone else
/// holding it gets a 403 (audited) and the link keeps working for the right person.
/// </summary>
public sealed class LinkSignInGate(SignInOptions? signIn, IAuditLog audit, TimeProvider time)
{
    public async Task<(SignedInUser? User, IResult? Refusal)> RequireAsync(
        HttpRequest request, string expected, string returnPath, bool mfa, string requestId, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = SignedInUser.From(request.HttpContext.User);
        var isGet = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        if (user is null)
        {
            if (signIn is not { Available: true })
            {
                return (null, ApprovalPages.Problem(StatusCodes.Status401Unauthorized, "Sign-in required",
                    $"This {what} page needs an Entra ID sign-in, and sign-in is not set up on this Dex (in Azure: App Service Authentication with the Entra provider). Nothing was changed."));
            }

            var login = signIn.LoginUrl(returnPath, mfa);
            return (null, isGet
                ? Results.Redirect(login)
                : ApprovalPages.Problem(StatusCodes.Status401Unauthorized, "Sign in first", "Only a signed-in person can use this link. Nothing was changed and the link still works.", login, "Sign in with Microsoft Entra ID"));
        }

        if (!user.Is(expected))
        {
            await audit.AppendAsync(
                new AuditEvent
                {
                    EventId = $"{what}_refused:{Guid.NewGuid():N}",
                    RequestId = requestId,
                    Actor = user.UserPrincipalName,
                    Event = what + "_refused",
                    Outcome = "refused",
                    Details = $"signed in as {user.UserPrincipalName} ({user.ObjectId}); the link is for {expected}",
                    At = time.GetUtcNow(),
                },
                cancellationToken);
            var other = signIn is { Available: true } ? signIn.LoginUrl(returnPath, mfa) : null;
            var message = $"This link was sent to {expected}, and you are signed in as {user.UserPrincipalName}. Nothing was done, and the link still works for {expected}.";
            return (user, other is null
                ? ApprovalPages.Problem(StatusCodes.Status403Forbidden, "Not your link", message)
                : ApprovalPages.Problem(StatusCodes.Status403Forbidden, "Not your link", message, other, "Sign in as someone else"));
        }

        if (mfa && !user.HasMfa)
        {
            var message = "Policy requires that approvers of this request signed in with multi-factor authentication, and your sign-in did not. Nothing was decided.";
            return (user, signIn is { Available: true }
                ? ApprovalPages.Problem(StatusCodes.Status403Forbidden, "MFA required", message, signIn.LoginUrl(returnPath, true), "Sign in again with MFA")
                : ApprovalPages.Problem(StatusCodes.Status403Forbidden, "MFA required", message));
        }

        return (user, null);
    }

    /// <summary>An unsafe request whose Origin names another site. "null" (sent by pages without a referrer) is left to the form token.</summary>
    public static bool IsCrossSite(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin) || origin == "null")
        {
            return false;
        }

        return !Uri.TryCreate(origin, UriKind.Absolute, out var o) || !string.Equals(o.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
