using System.Net;
using System.Text;
using Dex.Core.Secrets;
using Dex.Web.Approvals;
using Microsoft.AspNetCore.Http;

namespace Dex.Web.Secrets;

/// <summary>The one-time credential page. Not cached anywhere; the value is shown once and is gone.</summary>
public static class SecretPages
{
    public static IResult Reveal(RevealedSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var body = $"<h1>{E(secret.Label)}</h1><div class=\"box\"><p>For <strong>{E(secret.Recipient)}</strong>. This page will not show it again: copy it now.</p>" +
                   $"<p><code id=\"secret\" style=\"font-size:1.4rem;user-select:all\">{E(secret.Value)}</code></p>" +
                   "<p>It must be changed at the first sign-in. Do not send it by e-mail or chat.</p></div>";
        return new NoStoreResult(Page("One-time credential", body), 200);
    }

    public static IResult Gone() => new NoStoreResult(
        Page("Link no longer valid", "<h1>This link no longer works</h1><div class=\"box\" role=\"alert\"><p id=\"problem\">It has already been used, has expired, or was never valid. Ask Dex again for a new credential.</p></div>"),
        410);

    private static string Page(string title, string body) => ApprovalPages.Shell(title, body);

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private sealed class NoStoreResult(string html, int status) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
    {
        public int? StatusCode => status;

        public string? ContentType => "text/html; charset=utf-8";

        public string Html => html;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = ContentType;
            httpContext.Response.Headers.CacheControl = "no-store, max-age=0";
            httpContext.Response.Headers.Pragma = "no-cache";
            return httpContext.Response.WriteAsync(html, Encoding.UTF8);
        }
    }
}
