using System.Globalization;
using System.Text.RegularExpressions;
using Dex.Core.Directory;
using Microsoft.DurableTask;

namespace Dex.Core.Workflows;

/// <summary>
/// The durable retry policy of every activity that talks to Microsoft Graph: transient failures (429, 5xx, timeouts,
/// dropped connections) are retried on durable timers, waiting what Graph's Retry-After asked for when it said, else
/// with exponential backoff; anything else fails at once (retrying a 403 or a 404 changes nothing).
/// </summary>
public static partial class GraphRetry
{
    public const int MaxAttempts = 6;

    public static readonly TaskOptions Options = TaskOptions.FromRetryHandler(RetryAsync);

    public static bool IsTransient(TaskFailureDetails? failure)
    {
        for (var f = failure; f is not null; f = f.InnerFailure)
        {
            if (f.ErrorMessage?.Contains(DirectoryService.TransientMarker, StringComparison.Ordinal) == true
                || f.ErrorType is "System.Net.Http.HttpRequestException" or "System.Threading.Tasks.TaskCanceledException" or "System.TimeoutException" or "System.IO.IOException")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The wait Graph asked for (Retry-After, in the failure's transient tag), if any.</summary>
    public static TimeSpan? RetryAfter(TaskFailureDetails? failure)
    {
        for (var f = failure; f is not null; f = f.InnerFailure)
        {
            var m = f.ErrorMessage is null ? null : RetryAfterPattern().Match(f.ErrorMessage);
            if (m is { Success: true })
            {
                return TimeSpan.FromSeconds(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }

        return null;
    }

    /// <summary>Backoff after attempt n (1-based): 1 s, 2 s, 4 s, ... at most 30 s.</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Max(0, attempt - 1))));

    private static async Task<bool> RetryAsync(RetryContext retry)
    {
        if (retry.LastAttemptNumber >= MaxAttempts || !IsTransient(retry.LastFailure))
        {
            return false;
        }

        var wait = RetryAfter(retry.LastFailure) ?? Backoff(retry.LastAttemptNumber);
        if (wait > TimeSpan.Zero)
        {
            // A durable timer: the wait survives a restart and costs nothing while it runs.
            await retry.OrchestrationContext.CreateTimer(wait, CancellationToken.None);
        }

        return true;
    }

    [GeneratedRegex(@"\[transient; retry after (\d{1,3}) s\]", RegexOptions.CultureInvariant)]
    private static partial Regex RetryAfterPattern();
}
