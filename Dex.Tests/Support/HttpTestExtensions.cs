using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dex.Tests.Support;

public static class HttpTestExtensions
{
    public static HttpRequest FormRequest(params (string Key, string Value)[] fields)
    {
        var body = string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
        var ctx = new DefaultHttpContext();
        ctx.Request.Method = "POST";
        ctx.Request.ContentType = "application/x-www-form-urlencoded";
        ctx.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return ctx.Request;
    }

    public static HttpRequest JsonRequest(string body)
    {
        var ctx = new DefaultHttpContext();
        ctx.Request.Method = "POST";
        ctx.Request.ContentType = "application/json";
        ctx.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return ctx.Request;
    }

    public static int Status(this IResult result) => result is IStatusCodeHttpResult s ? s.StatusCode ?? 200 : 200;

    public static string Html(this IResult result) => result switch
    {
        ContentHttpResult c => c.ResponseContent ?? string.Empty,
        Dex.Web.Approvals.SecurePage p => p.Html,
        _ => string.Empty,
    };

    /// <summary>A form POST by a signed-in person (the principal from <see cref="EntraSignInFlow.PrincipalAsync"/>).</summary>
    public static HttpRequest FormRequest(System.Security.Claims.ClaimsPrincipal user, params (string Key, string Value)[] fields)
    {
        var request = FormRequest(fields);
        request.HttpContext.User = user;
        return request;
    }

    /// <summary>A GET by a signed-in person (or anonymous when <paramref name="user"/> is null).</summary>
    public static HttpRequest GetRequest(System.Security.Claims.ClaimsPrincipal? user = null)
    {
        var ctx = new DefaultHttpContext();
        ctx.Request.Method = "GET";
        if (user is not null)
        {
            ctx.User = user;
        }

        return ctx.Request;
    }
}
