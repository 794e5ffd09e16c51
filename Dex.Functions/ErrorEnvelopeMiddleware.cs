using Dex.Web.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace Dex.Functions;

/// <summary>
/// The Functions host's side of "never an empty 500": an HTTP function that throws answers with the JSON error envelope,
/// a 503 with Retry-After when the trouble passes (Graph throttled or down, storage unreachable), as Dex.Local does.
/// Other triggers rethrow so the host's retry and poison handling still apply.
/// </summary>
internal sealed class ErrorEnvelopeMiddleware(ILogger<ErrorEnvelopeMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context);
        }
        catch (Exception e) when (context.GetHttpContext() is { Response.HasStarted: false } http && !http.RequestAborted.IsCancellationRequested)
        {
            await TransientErrors.WriteAsync(http, e, logger);
        }
    }
}
