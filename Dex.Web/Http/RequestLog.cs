using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dex.Web.Http;

/// <summary>
/// One line per HTTP request with the path redacted (<see cref="UrlRedaction"/>). It replaces ASP.NET Core's own
/// request lines, which print the raw path; the host keeps those categories at Warning.
/// </summary>
public static partial class RequestLog
{
    /// <summary>Log categories that print raw request paths or redirect targets; hosts keep them at Warning or above.</summary>
    public static readonly IReadOnlyList<string> RawPathCategories =
    [
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        "Microsoft.AspNetCore.Http.Result",
        "Microsoft.AspNetCore.Mvc.Infrastructure",
    ];

    /// <summary>Keeps the raw-path categories quiet whatever the configured level (code filters are applied after configuration).</summary>
    public static ILoggingBuilder AddRedactedRequestLogFilters(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        foreach (var category in RawPathCategories)
        {
            logging.AddFilter(category, LogLevel.Warning);
        }

        return logging;
    }

    public static IApplicationBuilder UseRedactedRequestLog(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.ApplicationServices.GetService(typeof(ILoggerFactory)) is ILoggerFactory factory
            ? factory.CreateLogger("Dex.Web.Requests")
            : null;
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                if (logger?.IsEnabled(LogLevel.Information) == true)
                {
                    Completed(logger, context.Request.Method, UrlRedaction.Redact(context.Request.Path.Value), context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        });
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:0} ms")]
    private static partial void Completed(ILogger logger, string method, string path, int statusCode, double elapsedMs);
}
