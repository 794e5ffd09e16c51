using System.Text;
using System.Text.Json;

namespace Dex.GraphEmulator.Http;

internal sealed partial class GraphApi
{
    private const int MaxBatchRequests = 20;

    private sealed record BatchItem(string Id, string Method, string Url, string[] DependsOn, Dictionary<string, string> Headers, JsonElement? Body);

    private EmuResponse Batch(EmuRequest req)
    {
        var body = ReadBody(req);
        if (!body.TryGetProperty("requests", out var requests) || requests.ValueKind != JsonValueKind.Array)
        {
            throw new GraphError(400, "BadRequest", "Invalid batch payload: a 'requests' array is required.");
        }

        if (requests.GetArrayLength() > MaxBatchRequests)
        {
            throw new GraphError(400, "BadRequest", $"Invalid batch payload format: the number of requests ({requests.GetArrayLength()}) exceeds the limit of {MaxBatchRequests}.");
        }

        var items = new List<BatchItem>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in requests.EnumerateArray())
        {
            string Str(string name) => r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString())
                ? v.GetString()!
                : throw new GraphError(400, "BadRequest", $"Invalid batch payload: every request needs '{name}'.");
            var id = Str("id");
            if (!ids.Add(id))
            {
                throw new GraphError(400, "BadRequest", $"Invalid batch payload: request id '{id}' is used more than once.");
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (r.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in h.EnumerateObject())
                {
                    headers[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                }
            }

            JsonElement? itemBody = r.TryGetProperty("body", out var b) && b.ValueKind != JsonValueKind.Null ? b.Clone() : null;
            if (itemBody is not null && !headers.ContainsKey("Content-Type"))
            {
                throw new GraphError(400, "BadRequest", $"Invalid batch payload: request '{id}' has a body but no Content-Type header.");
            }

            var depends = r.TryGetProperty("dependsOn", out var d) && d.ValueKind == JsonValueKind.Array
                ? d.EnumerateArray().Select(x => x.GetString() ?? "").ToArray()
                : [];
            items.Add(new BatchItem(id, Str("method").ToUpperInvariant(), Str("url"), depends, headers, itemBody));
        }

        foreach (var item in items)
        {
            var unknown = item.DependsOn.FirstOrDefault(x => !ids.Contains(x));
            if (unknown is not null)
            {
                throw new GraphError(400, "BadRequest", $"Invalid batch payload: request '{item.Id}' depends on unknown request '{unknown}'.");
            }
        }

        Stats.Batch(items.Count);
        ChargeItemLatency(items.Count);
        var byId = items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var results = new Dictionary<string, EmuResponse>(StringComparer.Ordinal);
        var order = new List<string>();
        var visiting = new HashSet<string>(StringComparer.Ordinal);

        void Run(BatchItem item)
        {
            if (results.ContainsKey(item.Id))
            {
                return;
            }

            if (!visiting.Add(item.Id))
            {
                throw new GraphError(400, "BadRequest", $"Invalid batch payload: dependsOn of request '{item.Id}' forms a cycle.");
            }

            foreach (var dep in item.DependsOn)
            {
                Run(byId[dep]);
            }

            // A request whose dependency failed is not run: 424 Failed Dependency.
            var failed = item.DependsOn.FirstOrDefault(dep => results[dep].Status >= 400);
            results[item.Id] = failed is not null
                ? GraphError.ToResponse(424, "FailedDependency", $"Request '{item.Id}' was not run because request '{failed}' failed.", req)
                : ItemFault(req) ?? Handle(ItemRequest(req, item));
            order.Add(item.Id);
        }

        foreach (var item in items)
        {
            Run(item);
        }

        return EmuResponse.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("responses");
            foreach (var id in order)
            {
                var res = results[id];
                w.WriteStartObject();
                w.WriteString("id", id);
                w.WriteNumber("status", res.Status);
                w.WriteStartObject("headers");
                if (res.ContentType is not null)
                {
                    w.WriteString("Content-Type", res.ContentType);
                }

                foreach (var (k, v) in res.Headers)
                {
                    w.WriteString(k, v);
                }

                w.WriteEndObject();
                if (res.Body is { Length: > 0 } bytes)
                {
                    w.WritePropertyName("body");
                    if (res.IsJson)
                    {
                        w.WriteRawValue(bytes, skipInputValidation: true);
                    }
                    else if (res.ContentType?.StartsWith("text/", StringComparison.OrdinalIgnoreCase) == true)
                    {
                        w.WriteStringValue(Encoding.UTF8.GetString(bytes));
                    }
                    else
                    {
                        w.WriteBase64StringValue(bytes);
                    }
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// Graph runs the items of a batch on its back end, a few at a time: each item costs the per-request latency again,
    /// with <see cref="GraphEmulatorOptions.BatchItemParallelism"/> items in flight (the outer POST already paid one).
    /// So a batch of 20 is cheaper than 20 requests, but not free, and bulk comparisons stay fair.
    /// </summary>
    private void ChargeItemLatency(int count)
    {
        if (count == 0 || (Options.Latency <= TimeSpan.Zero && Options.LatencyJitter <= TimeSpan.Zero))
        {
            return;
        }

        var waves = (count + Math.Max(1, Options.BatchItemParallelism) - 1) / Math.Max(1, Options.BatchItemParallelism);
        var perWave = Options.Latency + TimeSpan.FromMilliseconds(Options.LatencyJitter.TotalMilliseconds * Random.Shared.NextDouble());
        Thread.Sleep(perWave * waves);
    }

    /// <summary>An injected fault for one batch item (<see cref="GraphEmulatorOptions.BatchItemFaultRate"/>), or null to run it.</summary>
    private EmuResponse? ItemFault(EmuRequest outer)
    {
        if (Options.BatchItemFaultRate <= 0)
        {
            return null;
        }

        double roll, pick;
        lock (_itemFaultRandom)
        {
            (roll, pick) = (_itemFaultRandom.NextDouble(), _itemFaultRandom.NextDouble());
        }

        if (roll >= Options.BatchItemFaultRate)
        {
            return null;
        }

        Stats.Fault();
        return InjectedFaults.Response(InjectedFaults.Pick(Options.FaultStatuses, pick), outer);
    }

    private static EmuRequest ItemRequest(EmuRequest outer, BatchItem item)
    {
        var url = item.Url;
        // Steps are relative to the version ("/users/…"); tolerate absolute URLs by cutting at /v1.0.
        var v = url.IndexOf("/v1.0/", StringComparison.OrdinalIgnoreCase);
        if (url.StartsWith("http", StringComparison.OrdinalIgnoreCase) && v >= 0)
        {
            url = url[(v + 5)..];
        }

        if (!url.StartsWith('/'))
        {
            url = "/" + url;
        }

        var q = url.IndexOf('?', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(q < 0 ? url : url[..q]);
        var query = q < 0 ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) : EmuRequest.ParseQuery(url[(q + 1)..], decodePlus: false);
        if (path.TrimEnd('/').Equals("/$batch", StringComparison.OrdinalIgnoreCase))
        {
            throw new GraphError(400, "BadRequest", "Invalid batch payload: a batch cannot contain another $batch.");
        }

        byte[] body = [];
        item.Headers.TryGetValue("Content-Type", out var contentType);
        if (item.Body is { } b)
        {
            var isJson = contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != false;
            body = isJson || b.ValueKind != JsonValueKind.String ? Encoding.UTF8.GetBytes(b.GetRawText()) : Convert.FromBase64String(b.GetString()!);
        }

        return new EmuRequest
        {
            Method = item.Method,
            Path = path,
            Query = query,
            Header = name => item.Headers.TryGetValue(name, out var hv) ? hv : null,
            Body = body,
            ContentType = contentType,
            RequestId = Guid.NewGuid().ToString(),
            ClientRequestId = item.Headers.GetValueOrDefault("client-request-id") ?? outer.ClientRequestId,
            AppKey = outer.AppKey,
            InBatch = true,
        };
    }
}
