using System.Net;
using System.Text;
using Dex.Core.Requests;
using Microsoft.AspNetCore.Http;

namespace Dex.Web.Approvals;

/// <summary>The approval pages approvers see: plain, accessible HTML with no scripts.</summary>
public static class ApprovalPages
{
    private const string Style = """
        :root{color-scheme:light}
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1f;background:#fff;line-height:1.5}
        h1{font-size:1.6rem;margin:.2rem 0 .4rem}h2{font-size:1.1rem;margin:1.2rem 0 .3rem}.meta{color:#3f444b}
        ol{padding-left:1.4rem}li{margin:.4rem 0}.obs{color:#3f444b;font-size:.92em}
        code{font-family:ui-monospace,Consolas,"DejaVu Sans Mono",monospace;font-size:.92em;background:#f1f2f4;padding:0 .25rem;border-radius:4px}
        .box{border:1px solid #9aa1ab;border-radius:8px;padding:.6rem 1.2rem 1rem;margin:1rem 0}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1.2rem;margin:.6rem 0}dt{font-weight:700}dd{margin:0}
        blockquote{margin:0;padding:.2rem .8rem;border-left:4px solid #0b5cad;background:#f3f7fc;white-space:pre-wrap}
        fieldset{border:1px solid #9aa1ab;border-radius:8px;padding:.6rem 1.2rem 1rem}legend{font-weight:700;padding:0 .3rem}
        label{display:block;font-weight:700;margin-top:.4rem}.help{color:#3f444b;font-size:.92em;margin:.1rem 0 .3rem}
        textarea{width:100%;min-height:5rem;font:inherit;border:1px solid #5f6670;border-radius:6px;padding:.4rem .6rem;box-sizing:border-box}
        .buttons{margin-top:1rem;display:flex;gap:1rem;flex-wrap:wrap}
        button{font:inherit;font-weight:700;padding:.6rem 1.6rem;border-radius:6px;border:2px solid #1b1b1f;cursor:pointer}
        button.approve{background:#0b6a0b;color:#fff;border-color:#0b6a0b}button.approve:hover{background:#085408}
        button.deny{background:#fff;color:#a4262c;border-color:#a4262c}button.deny:hover{background:#fdf1f2}
        :focus-visible{outline:3px solid #ffbf47;outline-offset:2px;box-shadow:0 0 0 5px #1b1b1f}
        .error{border-color:#a4262c;background:#fdf1f2}.ok{border-color:#0b6a0b;background:#eef8ee}
        @media (max-width:34rem){dl{grid-template-columns:1fr}}
        """;

    public static IResult Review(RequestView view, string approver, string stage, DateTimeOffset expiresAt, string token, string formToken, string signedInAs)
    {
        ArgumentNullException.ThrowIfNull(view);
        var sb = new StringBuilder();
        sb.Append("<h1>Approval requested</h1>");
        sb.Append($"<p class=\"meta\">Request <code id=\"request-id\">{E(view.Id)}</code> · approval asked of <strong>{E(approver)}</strong> · stage {E(stage)}</p>");
        sb.Append($"<p class=\"meta\" id=\"signed-in\">Signed in with Entra ID as <strong>{E(signedInAs)}</strong>.</p>");
        sb.Append("<section class=\"box\" aria-labelledby=\"asked\"><h2 id=\"asked\">What is asked</h2><dl>");
        sb.Append($"<dt>Requested by</dt><dd><strong id=\"requester\">{E(view.Requester)}</strong></dd>");
        sb.Append($"<dt>Request and justification</dt><dd><blockquote id=\"justification\">{E(view.Text ?? string.Empty)}</blockquote></dd>");
        sb.Append($"<dt>Link expires</dt><dd><time id=\"expires\" datetime=\"{expiresAt:O}\">{expiresAt:yyyy-MM-dd HH:mm} UTC</time> (it can be used once)</dd>");
        sb.Append("</dl><h2 id=\"plan-heading\">Exact plan</h2><p>If you approve, Dex will do exactly this and nothing else:</p><ol id=\"plan\" aria-labelledby=\"plan-heading\">");
        foreach (var s in view.Steps)
        {
            var target = s.Target is null ? string.Empty : $" · target {E(s.Target.DisplayName)} ({E(s.Target.UserPrincipalName)})";
            var targets = s.Targets is { Count: > 0 } ts ? $" · {ts.Count} targets: {E(string.Join(", ", ts.Select(t => t.UserPrincipalName)))}" : string.Empty;
            var recipient = s.CredentialRecipient is null ? string.Empty : $"<br><span class=\"obs credential-recipient\">The generated credential goes to <strong>{E(s.CredentialRecipient)}</strong> (one-time link).</span>";
            var privileged = s.PrivilegedTargets is { Count: > 0 } p ? $"<br><span class=\"obs privileged\">Privileged: {E(string.Join(" · ", p))}</span>" : string.Empty;
            sb.Append($"<li>{E(s.Summary ?? s.Action)} <span class=\"obs\">[{E(s.Action)}{target}{targets}]</span>{recipient}{privileged}</li>");
        }

        sb.Append("</ol>");
        if (view.Decision is { } d)
        {
            sb.Append($"<h2>Why approval is needed</h2><p class=\"meta\" id=\"reasons\">{E(string.Join(" ", d.Reasons))}</p>");
            if (d.Approvers.Count > 0)
            {
                sb.Append($"<p class=\"meta\">Approvers: {E(string.Join(", ", d.Approvers))}</p>");
            }
        }

        sb.Append("</section>");
        sb.Append($"<form method=\"post\" action=\"/api/approvals/{E(token)}\"><fieldset><legend>Your decision</legend>");
        sb.Append($"<input type=\"hidden\" name=\"{FormTokenField}\" value=\"{E(formToken)}\">");
        sb.Append("<label for=\"comment\">Comment (optional)</label><p class=\"help\" id=\"comment-help\">Shown to the requester and kept in the audit trail.</p>");
        sb.Append("<textarea id=\"comment\" name=\"comment\" maxlength=\"1000\" aria-describedby=\"comment-help\"></textarea>");
        sb.Append("<div class=\"buttons\"><button class=\"approve\" type=\"submit\" name=\"decision\" value=\"approve\">Approve</button>");
        sb.Append("<button class=\"deny\" type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></div></fieldset></form>");
        return Page("Approve request " + view.Id, sb.ToString(), StatusCodes.Status200OK);
    }

    public static IResult Recorded(string requestId, string decision)
    {
        var verb = decision == "approve" ? "approved" : "denied";
        return Page(
            "Decision recorded",
            $"<h1>Thank you</h1><div class=\"box ok\" role=\"status\"><p id=\"result\">You {verb} request <code>{E(requestId)}</code>. Your decision is recorded in the audit trail and the requester will be told.</p></div>",
            StatusCodes.Status200OK);
    }

    /// <summary>The workflow refused the decision (the page says so instead of claiming success).</summary>
    public static IResult NotCounted(string requestId, string reason) => Page(
        "Decision not counted",
        $"<h1>Your decision was not counted</h1><div class=\"box error\" role=\"alert\"><p id=\"problem\">Dex did not count your decision on request <code>{E(requestId)}</code>: {E(reason)}. Nothing was changed because of it, and the audit trail records why.</p></div>",
        StatusCodes.Status409Conflict);

    /// <summary>The decision was handed to the workflow, which has not confirmed it yet.</summary>
    public static IResult Pending(string requestId) => Page(
        "Decision received",
        $"<h1>Decision received</h1><div class=\"box\" role=\"status\"><p id=\"result\">Dex received your decision on request <code>{E(requestId)}</code> and is still processing it. The requester and the audit trail will show the outcome.</p></div>",
        StatusCodes.Status202Accepted);

    public static IResult Problem(int status, string title, string message)
        => Page(title, $"<h1>{E(title)}</h1><div class=\"box error\" role=\"alert\"><p id=\"problem\">{E(message)}</p></div>", status);

    /// <summary>A refusal with a way forward: sign in (again), e.g. with MFA, or as the right person.</summary>
    public static IResult Problem(int status, string title, string message, string linkUrl, string linkText)
        => Page(title, $"<h1>{E(title)}</h1><div class=\"box error\" role=\"alert\"><p id=\"problem\">{E(message)}</p><p><a id=\"sign-in\" href=\"{E(linkUrl)}\">{E(linkText)}</a></p></div>", status);

    internal static IResult Page(string title, string body, int status) => new SecurePage(Shell(title, body), status);

    /// <summary>
    /// The one page shell of Dex's server-rendered pages (approval and credential links). No referrer is sent:
    /// the URL of these pages carries a token.
    /// </summary>
    internal static string Shell(string title, string body) =>
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">" +
        $"<meta name=\"robots\" content=\"noindex\"><meta name=\"referrer\" content=\"no-referrer\"><title>{E(title)} · Dex</title><style>{Style}</style></head><body><main>{body}</main></body></html>";

    private static string E(string s) => WebUtility.HtmlEncode(s);

    /// <summary>Name of the hidden field binding a decision form to the link and the signed-in approver (no cross-site posts).</summary>
    public const string FormTokenField = "form_token";
}

/// <summary>
/// An HTML page of Dex (approval, credential, sign-in problems) with the headers every such page carries: nothing
/// loads from elsewhere, it cannot be framed, it is never cached, and its URL (which holds a token) is never sent on.
/// </summary>
internal sealed class SecurePage(string html, int status) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public int? StatusCode => status;

    public string? ContentType => "text/html; charset=utf-8";

    public string Html => html;

    public static void ApplyHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store, max-age=0";
        response.Headers.Pragma = "no-cache";
        response.Headers.XFrameOptions = "DENY";
    }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = status;
        httpContext.Response.ContentType = ContentType;
        ApplyHeaders(httpContext.Response);
        return httpContext.Response.WriteAsync(html, Encoding.UTF8);
    }
}
