using System.Globalization;
using Dex.Core;
using Dex.Core.Audit;
using Dex.Web.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Dex.Web.Audit;

/// <summary><c>GET /api/audit</c>, <c>/api/audit/verify</c> and <c>/api/audit/export</c>: query, verify and export the hash-chained trail.</summary>
public sealed class AuditEndpoints(IAuditLog audit)
{
    public async Task<IResult> QueryAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = request.Query;
        DateTimeOffset? from = null, to = null;
        if (q.TryGetValue("from", out var f) && !string.IsNullOrEmpty(f))
        {
            if (!DateTimeOffset.TryParse(f, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var v))
            {
                return ApiErrors.BadRequest("invalid_from", "\"from\" must be an ISO 8601 date/time.");
            }

            from = v;
        }

        if (q.TryGetValue("to", out var t) && !string.IsNullOrEmpty(t))
        {
            if (!DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var v))
            {
                return ApiErrors.BadRequest("invalid_to", "\"to\" must be an ISO 8601 date/time.");
            }

            to = v;
        }

        var limit = 100;
        if (q.TryGetValue("limit", out var l) && !string.IsNullOrEmpty(l) && (!int.TryParse(l, out limit) || limit < 1 || limit > 1000))
        {
            return ApiErrors.BadRequest("invalid_limit", "\"limit\" must be a number from 1 to 1000.");
        }

        long after = 0;
        if (q.TryGetValue("after", out var a) && !string.IsNullOrEmpty(a) && (!long.TryParse(a, out after) || after < 0))
        {
            return ApiErrors.BadRequest("invalid_after", "\"after\" must be a sequence number.");
        }

        var page = await audit.QueryAsync(
            new AuditQuery
            {
                RequestId = Nullable(q["requestId"]),
                Actor = Nullable(q["actor"]),
                Target = Nullable(q["target"]),
                Action = Nullable(q["action"]),
                From = from,
                To = to,
                AfterSeq = after,
                Limit = limit,
            },
            cancellationToken);
        return Results.Json(new { entries = page.Entries, next = page.NextAfterSeq }, DexJson.Options);
    }

    public async Task<IResult> VerifyAsync(CancellationToken cancellationToken)
    {
        var v = await audit.VerifyAsync(cancellationToken);
        return Results.Json(
            new
            {
                ok = v.Ok,
                entries = v.Entries,
                firstBadSeq = v.FirstBadSeq,
                problem = v.Problem,
                message = v.Message,
                checkpoints = v.Checkpoints,
                lastCheckpointSeq = v.LastCheckpointSeq,
                uncheckpointedEntries = v.UncheckpointedEntries,
            },
            DexJson.Options);
    }

    /// <summary>Streams the whole trail as CSV (default) or JSON Lines; writes the response itself.</summary>
    public async Task ExportAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var format = context.Request.Query["format"].ToString().ToLowerInvariant();
        if (format is not ("csv" or "jsonl" or ""))
        {
            await ApiErrors.BadRequest("invalid_format", "format must be csv or jsonl.").ExecuteAsync(context);
            return;
        }

        var csv = format != "jsonl";
        context.Response.ContentType = csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"dex-audit.{(csv ? "csv" : "jsonl")}\"";
        if (csv)
        {
            await AuditExport.WriteCsvAsync(audit.ReadAllAsync(cancellationToken), context.Response.Body, cancellationToken);
        }
        else
        {
            await AuditExport.WriteJsonLinesAsync(audit.ReadAllAsync(cancellationToken), context.Response.Body, cancellationToken);
        }
    }

    private static string? Nullable(StringValues v) => string.IsNullOrWhiteSpace(v) ? null : v.ToString();
}
