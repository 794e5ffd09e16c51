using System.Net;
using System.Text;
using Dex.Core.Requests;
using Microsoft.AspNetCore.Http;

namespace Dex.Core.Api;

/// <summary>The approval pages approvers see: plain, accessible HTML with no scripts.</summary>
public static class ApprovalPages
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.5}
        h1{font-size:1.5rem}.meta{color:#444}ol{padding-left:1.4rem}li{margin:.4rem 0}.obs{color:#555;font-size:.95em}
        .box{border:1px solid #ccc;border-radius:8px;padding:1rem 1.2rem;margin:1rem 0}
        label{display:block;font-weight:600;margin-top:1rem}textarea{width:100%;min-height:5rem;font:inherit}
        .buttons{margin-top:1rem;display:flex;gap:1rem}button{font:inherit;padding:.6rem 1.4rem;border-radius:6px;border:1px solid #333;cursor:pointer}
        button.approve{background:#0b6a0b;color:#fff;border-color:#0b6a0b}button.deny{background:#fff;color:#a4262c;border-color:#a4262c}
        .error{border-color:#a4262c;background:#fdf3f4}.ok{border-color:#0b6a0b;background:#f1faf1}
        """;

    public static IResult Review(RequestView view, string approver, string stage, DateTimeOffset expiresAt, string token)
    {
        ArgumentNullException.ThrowIfNull(view);
        var sb = new StringBuilder();
        sb.Append("<h1>Approval requested</h1>");
        sb.Append($"<p class=\"meta\">Request <code id=\"request-id\">{E(view.Id)}</code> · for <strong>{E(approver)}</strong> · stage {E(stage)}</p>");
        sb.Append($"<div class=\"box\"><p><strong id=\"requester\">{E(view.Requester)}</strong> asked: “{E(view.Text ?? string.Empty)}”</p>");
        sb.Append("<p>If you approve, Dex will do exactly this:</p><ol id=\"plan\">");
        foreach (var s in view.Steps)
        {
            sb.Append($"<li>{E(s.Summary ?? s.Action)} <span class=\"obs\">[{E(s.Action)}]</span></li>");
        }

        sb.Append("</ol>");
        if (view.Decision is { } d)
        {
            sb.Append($"<p class=\"meta\">Why approval is needed: {E(string.Join(" ", d.Reasons))}</p>");
        }

        sb.Append($"<p class=\"meta\">This link expires <time datetime=\"{expiresAt:O}\">{expiresAt:yyyy-MM-dd HH:mm} UTC</time> and can be used once.</p></div>");
        sb.Append($"<form method=\"post\" action=\"/api/approvals/{E(token)}\">");
        sb.Append("<label for=\"comment\">Comment (optional; shown to the requester)</label><textarea id=\"comment\" name=\"comment\" maxlength=\"1000\"></textarea>");
        sb.Append("<div class=\"buttons\"><button class=\"approve\" type=\"submit\" name=\"decision\" value=\"approve\">Approve</button>");
        sb.Append("<button class=\"deny\" type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></div></form>");
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

    public static IResult Problem(int status, string title, string message)
        => Page(title, $"<h1>{E(title)}</h1><div class=\"box error\" role=\"alert\"><p id=\"problem\">{E(message)}</p></div>", status);

    private static IResult Page(string title, string body, int status)
    {
        var html = $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">" +
                   $"<meta name=\"robots\" content=\"noindex\"><title>{E(title)} · Dex</title><style>{Style}</style></head><body><main>{body}</main></body></html>";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
