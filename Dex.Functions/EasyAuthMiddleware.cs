using Dex.Web.Identity;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Configuration;

namespace Dex.Functions;

/// <summary>
/// Puts the App Service Authentication (Easy Auth) client principal on the request, so Dex.Web sees the signed-in
/// approver the same way Dex.Local's OpenID Connect cookie shows it. The header is believed only while the platform
/// says authentication is on (then it strips any copy a caller sends); otherwise requests stay anonymous and the
/// approval and credential pages refuse.
/// </summary>
internal sealed class EasyAuthMiddleware(IConfiguration configuration) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is { } http
            && EasyAuthPrincipal.IsPlatformAuthenticationOn(configuration[EasyAuthPrincipal.EnabledSetting])
            && EasyAuthPrincipal.Parse(http.Request.Headers[EasyAuthPrincipal.Header]) is { } principal)
        {
            http.User = principal;
        }

        await next(context);
    }
}
