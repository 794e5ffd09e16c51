using System.Net;
using Dex.Core.Secrets;
using Dex.Web.Approvals;
using Microsoft.AspNetCore.Http;

namespace Dex.Web.Secrets;

/// <summary>
/// The one-time credential pages. GET names whom the credential is for and offers a Reveal button (a POST); only that
/// POST, by the signed-in recipient, shows the value, once. Link scanners that fetch the GET use nothing up.
/// </summary>
public static class SecretPages
{
    public static IResult Confirm(SecretDescription secret, string token, string formToken, string signedInAs)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var body = $"<h1>{E(secret.Label)}</h1><div class=\"box\"><p id=\"recipient\">For <strong>{E(secret.Recipient)}</strong>. You are signed in as <strong>{E(signedInAs)}</strong>.</p>" +
                   "<p>The credential is shown once, when you press Reveal; after that this link no longer works.</p>" +
                   $"<form method=\"post\" action=\"/api/secrets/{E(token)}\"><input type=\"hidden\" name=\"{ApprovalPages.FormTokenField}\" value=\"{E(formToken)}\">" +
                   "<div class=\"buttons\"><button class=\"approve\" type=\"submit\" id=\"reveal\">Reveal</button></div></form></div>";
        return ApprovalPages.Page("One-time credential", body, 200);
    }

    public static IResult Reveal(RevealedSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var body = $"<h1>{E(secret.Label)}</h1><div class=\"box\"><p>For <strong>{E(secret.Recipient)}</strong>. This page will not show it again: copy it now.</p>" +
                   $"<p><code id=\"secret\" style=\"font-size:1.4rem;user-select:all\">{E(secret.Value)}</code></p>" +
                   "<p>It must be changed at the first sign-in. Do not send it by e-mail or chat.</p></div>";
        return ApprovalPages.Page("One-time credential", body, 200);
    }

    public static IResult Gone() => ApprovalPages.Page(
        "Link no longer valid",
        "<h1>This link no longer works</h1><div class=\"box\" role=\"alert\"><p id=\"problem\">It has already been used, has expired, or was never valid. Ask Dex again for a new credential.</p></div>",
        410);

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
