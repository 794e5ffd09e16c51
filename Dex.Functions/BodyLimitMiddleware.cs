using Dex.Web.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Dex.Functions;

/// <summary>The same request body cap as Dex.Local, for every HTTP function: 413 JSON, nothing changed.</summary>
internal sealed class BodyLimitMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }

        if (BodyLimit.Apply(http) is { } refused)
        {
            await refused.ExecuteAsync(http);
            return;
        }

        try
        {
            await next(context);
        }
        catch (Exception e) when (BodyLimit.IsTooLarge(e) && !http.Response.HasStarted)
        {
            await BodyLimit.TooLarge().ExecuteAsync(http);
        }
    }
}
