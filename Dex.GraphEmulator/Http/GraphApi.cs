using System.Text.Json;
using Dex.GraphEmulator.Model;
using Dex.GraphEmulator.OData;

namespace Dex.GraphEmulator.Http;

internal delegate EmuResponse Handler(EmuRequest req);

/// <summary>Routes a Graph request to its handler; shared by the HTTP front end and $batch.</summary>
internal sealed partial class GraphApi
{
    private readonly EmulatedTenant _tenant;
    private readonly List<Route> _routes = [];
    private readonly Throttler? _throttler;

    public GraphApi(EmulatedTenant tenant, GraphEmulatorOptions options, EmulatorStats stats, Func<string> baseUrl)
    {
        _tenant = tenant;
        Options = options;
        _itemFaultRandom = new Random(options.FaultSeed + 1);
        Stats = stats;
        _baseUrl = baseUrl;
        if (options.Throttling)
        {
            _throttler = new Throttler(options, () => tenant.UserCount);
        }

        RegisterRoutes();
    }

    private readonly Func<string> _baseUrl;

    public GraphEmulatorOptions Options { get; }

    // Seeded apart from the server's own source, so a failing run's batch-item faults replay too.
    private readonly Random _itemFaultRandom;
    public EmulatorStats Stats { get; }

    /// <summary>"http://127.0.0.1:1234/v1.0".</summary>
    public string BaseUrl => _baseUrl();

    public Throttler? ActiveThrottler => _throttler;

    private sealed record Route(string Method, string Template, string[] Segments, Handler Handler);

    private void Map(string method, string template, Handler handler) =>
        _routes.Add(new Route(method, template, template.Trim('/').Split('/'), handler));

    public EmuResponse Handle(EmuRequest req)
    {
        EmuResponse response;
        string template;
        try
        {
            var segments = SplitPath(req.Path);
            var (route, values, pathMatched) = Match(req.Method, segments);
            template = route?.Template ?? (pathMatched ? "(method not allowed)" : "(unknown)");
            if (route is null)
            {
                Stats.Count(req.Method, template);
                response = pathMatched
                    ? GraphError.ToResponse(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.", req)
                    : GraphError.ToResponse(400, "BadRequest", $"Resource not found for the segment '{FirstUnknown(segments)}'.", req);
                return Finish(req, response);
            }

            Stats.Count(req.Method, template);
            req.RouteValues = values;
            var usedShare = 0.0;
            if (_throttler is not null && template != "/$batch")
            {
                var throttled = _throttler.TryConsume(req, template, out usedShare);
                if (throttled is not null)
                {
                    Stats.Throttled();
                    return Finish(req, throttled);
                }
            }

            response = route.Handler(req);
            Audit(req, template, response.Status);
            if (usedShare >= 0.8)
            {
                // Graph warns from 80 % of a limit on (values 0.8-1.8).
                response.Headers.Add(new("x-ms-throttle-limit-percentage", Math.Round(usedShare, 1).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)));
            }
            if (template != "/$batch")
            {
                response.Headers.Add(new("x-ms-resource-unit", Throttler.Cost(req, template).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
        catch (GraphError e)
        {
            response = GraphError.ToResponse(e.Status, e.Code, e.Message, req, e.Details);
        }
        catch (ODataException e)
        {
            response = GraphError.ToResponse(400, e.Code, e.Message, req);
        }
        catch (JsonException e)
        {
            response = GraphError.ToResponse(400, "BadRequest", $"Unable to read JSON request payload. {e.Message}", req);
        }
        catch (InvalidOperationException e)
        {
            // JsonElement accessors throw this for a value of the wrong JSON kind (e.g. a number where a string belongs).
            response = GraphError.ToResponse(400, "BadRequest", $"Invalid request payload: {e.Message}", req);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An emulator bug must still look like Graph to the SDK (ODataError), not an empty 500.
            response = GraphError.ToResponse(500, "generalException", $"Emulator error: {e.GetType().Name}: {e.Message}", req);
        }

        return Finish(req, response);
    }

    private static EmuResponse Finish(EmuRequest req, EmuResponse response)
    {
        response.Headers.Add(new("request-id", req.RequestId));
        response.Headers.Add(new("client-request-id", req.ClientRequestId ?? req.RequestId));
        return response;
    }

    private static string FirstUnknown(string[] segments) => segments.Length == 0 ? "" : segments[^1];

    private static string[] SplitPath(string path)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        // Key-as-function syntax: directoryRoles(roleTemplateId='…') → two segments.
        if (parts.Length > 0 && parts[0].StartsWith("directoryRoles(roleTemplateId=", StringComparison.OrdinalIgnoreCase) && parts[0].EndsWith(')'))
        {
            var key = parts[0]["directoryRoles(roleTemplateId=".Length..^1].Trim('\'');
            return ["directoryRoles(roleTemplateId)", key, .. parts[1..]];
        }

        return parts;
    }

    private (Route? Route, string[] Values, bool PathMatched) Match(string method, string[] segments)
    {
        var pathMatched = false;
        foreach (var r in _routes)
        {
            if (r.Segments.Length != segments.Length)
            {
                continue;
            }

            var ok = true;
            var count = 0;
            for (var i = 0; i < segments.Length && ok; i++)
            {
                var t = r.Segments[i];
                if (t[0] == '{')
                {
                    count++;
                    // A placeholder never swallows an OData keyword such as $ref or $count.
                    ok = segments[i].Length > 0 && segments[i][0] != '$';
                }
                else
                {
                    ok = string.Equals(t, segments[i], StringComparison.OrdinalIgnoreCase);
                }
            }

            if (!ok)
            {
                continue;
            }

            pathMatched = true;
            if (!string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var values = new string[count];
            var k = 0;
            for (var i = 0; i < segments.Length; i++)
            {
                if (r.Segments[i][0] == '{')
                {
                    values[k++] = segments[i];
                }
            }

            return (r, values, true);
        }

        return (null, [], pathMatched);
    }

    // ---- helpers shared by handlers ----

    private static JsonElement ReadBody(EmuRequest req)
    {
        if (req.Body.IsEmpty)
        {
            throw new GraphError(400, "BadRequest", "Empty Payload. JSON content expected.");
        }

        using var doc = JsonDocument.Parse(req.Body);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new GraphError(400, "BadRequest", "Invalid request body: a JSON object was expected.");
        }

        return doc.RootElement.Clone();
    }

    /// <summary>The id in an @odata.id reference: the last path segment, whatever the host.</summary>
    private static string RefId(JsonElement body)
    {
        if (!body.TryGetProperty("@odata.id", out var v) || v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
        {
            throw new GraphError(400, "BadRequest", "The request body must contain a valid '@odata.id' reference.");
        }

        return LastSegmentId(v.GetString()!);
    }

    private static string LastSegmentId(string reference)
    {
        var s = reference.TrimEnd('/');
        var q = s.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            s = s[..q];
        }

        var last = s[(s.LastIndexOf('/') + 1)..];
        // Also accept directoryObjects('id') style keys.
        var open = last.IndexOf('(', StringComparison.Ordinal);
        if (open >= 0 && last.EndsWith(')'))
        {
            last = last[(open + 1)..^1].Trim('\'');
        }

        return Uri.UnescapeDataString(last);
    }

    private string Context(string fragment) => $"{BaseUrl}/$metadata#{fragment}";

    /// <summary>One entity as Graph writes it: its context, an optional type, the selected (else default) properties, any expansion.</summary>
    private EmuResponse Entity<T>(int status, string context, Resource<T> resource, T entity, IReadOnlyList<Prop<T>>? selected = null,
        string? odataType = null, Action<Utf8JsonWriter, T>? expand = null)
        => EmuResponse.Json(status, w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", Context(context));
            if (odataType is not null)
            {
                w.WriteString("@odata.type", odataType);
            }

            foreach (var p in selected ?? resource.DefaultProps)
            {
                Resource<T>.WriteValue(w, p.Name, p.Get(entity));
            }

            expand?.Invoke(w, entity);
            w.WriteEndObject();
        });

    private static int ParseTop(EmuRequest req, int defaultTop = 100, int max = 999)
    {
        var top = req.Q("$top");
        if (top is null)
        {
            return defaultTop;
        }

        if (!int.TryParse(top, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 1 || n > max)
        {
            throw new GraphError(400, "Request_BadRequest", $"Invalid page size specified: '{top}'. Must be between 1 and {max} inclusive.");
        }

        return n;
    }

    private static int ParseSkipToken(EmuRequest req)
    {
        var token = req.Q("$skiptoken");
        if (token is null)
        {
            return 0;
        }

        // Opaque to clients; internally "o" + offset, base64url-encoded.
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + new string('=', (4 - token.Length % 4) % 4)));
            if (text.StartsWith('o') && int.TryParse(text.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture, out var offset) && offset >= 0)
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }

        throw new GraphError(400, "Request_BadRequest", $"The specified page token value '{token}' is invalid.");
    }

    private static string SkipToken(int offset) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("o" + offset.ToString(System.Globalization.CultureInfo.InvariantCulture))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private string NextLink(EmuRequest req, int offset)
    {
        var sb = new System.Text.StringBuilder(BaseUrl).Append(req.Path).Append('?');
        var first = true;
        foreach (var (k, v) in req.Query)
        {
            if (string.Equals(k, "$skiptoken", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!first)
            {
                sb.Append('&');
            }

            first = false;
            sb.Append(Uri.EscapeDataString(k).Replace("%24", "$", StringComparison.Ordinal)).Append('=').Append(Uri.EscapeDataString(v));
        }

        if (!first)
        {
            sb.Append('&');
        }

        return sb.Append("$skiptoken=").Append(SkipToken(offset)).ToString();
    }

    /// <summary>Writes one page of a collection with @odata.count and an absolute @odata.nextLink.</summary>
    private EmuResponse Page<T>(EmuRequest req, IReadOnlyList<T> items, string context, Action<Utf8JsonWriter, T> write, int defaultTop = 100)
    {
        var top = ParseTop(req, defaultTop);
        var offset = ParseSkipToken(req);
        var end = Math.Min(items.Count, offset + top);
        return EmuResponse.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", Context(context));
            // Without ConsistencyLevel: eventual, Graph silently ignores $count=true.
            if (req.CountRequested && req.EventualConsistency)
            {
                w.WriteNumber("@odata.count", items.Count);
            }

            if (end < items.Count)
            {
                w.WriteString("@odata.nextLink", NextLink(req, end));
            }

            w.WriteStartArray("value");
            for (var i = offset; i < end; i++)
            {
                write(w, items[i]);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>Applies $filter, $search and $orderby of a collection request (and Graph's advanced-query rules).</summary>
    private static List<T> Query<T>(EmuRequest req, IEnumerable<T> source, Resource<T> resource, string[] searchDefaults, int? pageSize = 100,
        Func<string, string, IEnumerable<T>?>? index = null)
    {
        var filterText = req.Q("$filter");
        var search = req.Q("$search");
        var orderby = req.Q("$orderby");
        if (filterText is null && search is null && orderby is null && source is IReadOnlyList<T> all)
        {
            // Plain listing: page straight over the live list instead of copying 100k references.
            return all as List<T> ?? [.. all];
        }

        FilterNode? filter = null;
        if (!string.IsNullOrWhiteSpace(filterText))
        {
            filter = FilterParser.Parse(filterText);
            resource.CheckFilter(filter, req);
        }

        List<List<Search.Term>>? searchQuery = null;
        if (!string.IsNullOrWhiteSpace(search))
        {
            if (!req.EventualConsistency)
            {
                throw new GraphError(400, "Request_UnsupportedQuery", "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
            }

            searchQuery = Search.Parse(search);
            foreach (var t in searchQuery.SelectMany(g => g))
            {
                if (t.Property is not null && resource.Find(t.Property) is null)
                {
                    throw new GraphError(400, "Request_UnsupportedQuery", $"Unsupported or invalid search property '{t.Property}'.");
                }
            }
        }

        List<(Prop<T> Prop, bool Desc)>? order = null;
        if (!string.IsNullOrWhiteSpace(orderby))
        {
            if (filter is not null && !(req.EventualConsistency && req.CountRequested))
            {
                throw new GraphError(400, "Request_UnsupportedQuery", "Sorting not supported for current query.");
            }

            order = [];
            foreach (var part in orderby.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var bits = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var p = resource.Find(bits[0]) ?? throw new GraphError(400, "Request_BadRequest", $"Could not find a property named '{bits[0]}' on type 'microsoft.graph.{resource.TypeName}'.");
                order.Add((p, bits.Length > 1 && string.Equals(bits[1], "desc", StringComparison.OrdinalIgnoreCase)));
            }
        }

        var match = filter is null ? null : FilterParser.Compile<T>(filter, name => resource.Find(name)?.Get);
        // "userPrincipalName eq 'x'" (alone or and-ed) needs no scan: start from the index, then apply the whole filter.
        if (filter is not null && index is not null && IndexedTerm(filter) is { } term && index(term.Property, term.Value) is { } candidates)
        {
            source = candidates;
        }

        // Without $count or $orderby only one page (plus one, to know whether there is a next) is needed.
        var limit = pageSize is { } size && order is null && !(req.CountRequested && req.EventualConsistency)
            ? ParseSkipToken(req) + ParseTop(req, size) + 1
            : int.MaxValue;
        var result = new List<T>();
        foreach (var item in source)
        {
            if (result.Count >= limit)
            {
                break;
            }

            if (match is not null && !match(item))
            {
                continue;
            }

            if (searchQuery is not null && !Search.Matches(searchQuery, resource, item, searchDefaults))
            {
                continue;
            }

            result.Add(item);
        }

        if (order is not null)
        {
            result.Sort((a, b) =>
            {
                foreach (var (p, desc) in order)
                {
                    var c = CompareForSort(p.Get(a), p.Get(b));
                    if (c != 0)
                    {
                        return desc ? -c : c;
                    }
                }

                return 0;
            });
        }

        return result;
    }

    private static (string Property, string Value)? IndexedTerm(FilterNode node) => node switch
    {
        CompareNode { Op: "eq", Left: PropertyOperand p, Right: LiteralOperand { Value: string v } } => (p.Path, v),
        AndNode a => IndexedTerm(a.Left) ?? IndexedTerm(a.Right),
        _ => null,
    };

    private static int CompareForSort(object? a, object? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => 1, // nulls last
        (_, null) => -1,
        (string x, string y) => string.Compare(x, y, StringComparison.OrdinalIgnoreCase),
        (bool x, bool y) => x.CompareTo(y),
        (DateTimeOffset x, DateTimeOffset y) => x.CompareTo(y),
        _ => 0,
    };

    private static void RequireEventualForCount(EmuRequest req)
    {
        if (!req.EventualConsistency)
        {
            throw new GraphError(400, "Request_BadRequest", "$count is not currently supported.");
        }
    }

    private static EmuResponse CountText(int n) => EmuResponse.Text(200, n.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
