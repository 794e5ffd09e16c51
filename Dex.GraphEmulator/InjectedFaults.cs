using Dex.GraphEmulator.Http;

namespace Dex.GraphEmulator;

/// <summary>The answers of injected faults, shaped like Graph's own (error envelope, request ids, Retry-After where Graph sends it).</summary>
internal static class InjectedFaults
{
    private static readonly int[] DefaultStatuses = [500, 503];
    private static readonly int[] Allowed = [429, 500, 502, 503, 504];

    public static int Pick(IReadOnlyList<int>? statuses, double roll)
    {
        var from = statuses is { Count: > 0 } ? statuses : DefaultStatuses;
        return from[Math.Min(from.Count - 1, (int)(roll * from.Count))];
    }

    public static IReadOnlyList<int> ParseStatuses(string text)
    {
        var statuses = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var n) && Allowed.Contains(n)
                ? n
                : throw new ArgumentException($"--fault-statuses takes {string.Join(", ", Allowed)}; '{s}' is not one of them"))
            .ToList();
        return statuses.Count > 0 ? statuses : throw new ArgumentException("--fault-statuses needs at least one status");
    }

    public static EmuResponse Response(int status, EmuRequest request) => status switch
    {
        429 => GraphError.ToResponse(429, "TooManyRequests", "Too many requests (injected fault). Retry after the time in Retry-After.", request).WithHeader("Retry-After", "1"),
        502 => GraphError.ToResponse(502, "badGateway", "Bad gateway (injected fault).", request),
        503 => GraphError.ToResponse(503, "serviceNotAvailable", "The service is temporarily unavailable. Please retry later.", request).WithHeader("Retry-After", "1"),
        504 => GraphError.ToResponse(504, "gatewayTimeout", "Gateway timeout (injected fault).", request),
        _ => GraphError.ToResponse(500, "generalException", "An internal server error occurred (injected fault).", request),
    };
}
