using System.Text.Json;
using Dex.Core;
using Dex.Core.Policy;
using Dex.Core.Policy.Replay;
using Dex.Web.Http;
using Microsoft.AspNetCore.Http;

namespace Dex.Web.Policy;

/// <summary>
/// <c>POST /api/policy/replay</c>: body <c>{"policy": {...}, "from", "to"}</c> → every audited decision in the window re-evaluated
/// under the candidate policy, per request and in total; <c>?format=csv</c> for a spreadsheet. Reads only: nothing changes.
/// </summary>
public sealed class PolicyReplayEndpoints(PolicyReplay replay, TimeProvider time)
{
    private const string Shape = "{\"policy\": <policy document>, \"from\": \"2026-01-01T00:00:00Z\", \"to\": \"2026-02-01T00:00:00Z\"}";

    public async Task<IResult> PostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, error) = await JsonBody.ReadAsync<JsonElement>(request, Shape, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("policy", out var policyJson) || policyJson.ValueKind != JsonValueKind.Object)
        {
            return ApiErrors.BadRequest("missing_policy", $"\"policy\" (the candidate policy document) is required. Send {Shape}.");
        }

        PolicyDocument candidate;
        try
        {
            candidate = PolicyLoader.Parse(policyJson.GetRawText(), "candidate policy");
        }
        catch (PolicyException e)
        {
            return ApiErrors.BadRequest("invalid_policy", e.Message);
        }

        var to = Time(body, "to") ?? (body.TryGetProperty("to", out _) ? null : time.GetUtcNow());
        var from = Time(body, "from") ?? (body.TryGetProperty("from", out _) ? null : to?.AddDays(-7));
        if (from is null || to is null)
        {
            return ApiErrors.BadRequest("invalid_window", "\"from\" and \"to\" must be ISO 8601 times, e.g. 2026-01-01T00:00:00Z (default: the last 7 days).");
        }

        if (from >= to || to - from > PolicyReplay.MaxWindow)
        {
            return ApiErrors.BadRequest("invalid_window", $"\"from\" must be before \"to\", and the window at most {PolicyReplay.MaxWindow.TotalDays:0} days.");
        }

        var report = await replay.ReplayAsync(candidate, from.Value, to.Value, cancellationToken);
        return string.Equals(request.Query["format"], "csv", StringComparison.OrdinalIgnoreCase)
            ? Results.Text(PolicyReplay.ToCsv(report), "text/csv; charset=utf-8")
            : Results.Json(report, DexJson.Options);
    }

    private static DateTimeOffset? Time(JsonElement body, string name)
        => body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(v.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
