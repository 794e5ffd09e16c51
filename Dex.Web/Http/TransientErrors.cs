using System.Text.RegularExpressions;
using Dex.Core.Directory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dex.Web.Http;

/// <summary>
/// The HTTP edge never answers an empty 500: trouble that passes (Graph throttled or down, storage unreachable, a
/// timeout) is a 503 with the JSON error envelope and Retry-After; anything else is a 500 with the envelope and a trace id.
/// </summary>
public static partial class TransientErrors
{
    public static void UseDexErrorEnvelope(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Dex.Local.Errors");
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                await WriteAsync(context, e, logger);
            }
        });
    }

    /// <summary>Answers a failed request with the envelope (503 + Retry-After when the trouble passes); both hosts use it.</summary>
    public static async Task WriteAsync(HttpContext context, Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(logger);
        var (status, retryAfter, code, message) = Classify(exception);
        logger.LogError(exception, "{Method} {Path} failed: {Status} {Code}", context.Request.Method, UrlRedaction.Redact(context.Request.Path.Value), status, code);
        context.Response.Clear();
        if (retryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await ApiErrors.Of(status, code, message + $" (trace {context.TraceIdentifier})").ExecuteAsync(context);
    }

    internal static (int Status, int? RetryAfter, string Code, string Message) Classify(Exception e)
    {
        if (e is AggregateException { InnerExceptions: [var only] })
        {
            e = only;
        }

        if (e is DirectoryException { IsTransient: true } d)
        {
            var m = RetryAfterPattern().Match(d.Message);
            var after = m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 5;
            return (StatusCodes.Status503ServiceUnavailable, Math.Max(1, after), "graph_unavailable",
                "Microsoft Graph is throttling or temporarily unavailable; nothing was started. Retry after the time in Retry-After.");
        }

        if (e is HttpRequestException or TimeoutException or TaskCanceledException or Azure.RequestFailedException or IOException)
        {
            return (StatusCodes.Status503ServiceUnavailable, 5, "temporarily_unavailable",
                "A service Dex depends on (Microsoft Graph or storage) did not answer in time; retry shortly.");
        }

        return (StatusCodes.Status500InternalServerError, null, "internal_error", "Something went wrong inside Dex; the log has the details.");
    }

    [GeneratedRegex(@"retry after (\d{1,3}) s", RegexOptions.CultureInvariant)]
    private static partial Regex RetryAfterPattern();
}
