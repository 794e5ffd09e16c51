using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Dex.GraphEmulator.Http;

/// <summary>One Graph request, from HTTP or from a $batch step; handlers never see HttpContext.</summary>
internal sealed class EmuRequest
{
    public required string Method { get; init; }

    /// <summary>Path below /v1.0, e.g. "/users/abc/manager".</summary>
    public required string Path { get; init; }

    public required Dictionary<string, string> Query { get; init; }
    public required Func<string, string?> Header { get; init; }
    public ReadOnlyMemory<byte> Body { get; init; }
    public string? ContentType { get; init; }
    public required string RequestId { get; init; }
    public string? ClientRequestId { get; init; }

    /// <summary>Throttling identity: a hash of the bearer token stands in for the calling app.</summary>
    public string AppKey { get; init; } = "anonymous";

    public bool InBatch { get; init; }

    public string[] RouteValues { get; set; } = [];

    public string? Q(string name) => Query.TryGetValue(name, out var v) ? v : null;

    public bool EventualConsistency =>
        string.Equals(Header("ConsistencyLevel")?.Trim(), "eventual", StringComparison.OrdinalIgnoreCase);

    public bool CountRequested => string.Equals(Q("$count"), "true", StringComparison.OrdinalIgnoreCase);

    public static Dictionary<string, string> ParseQuery(string query, bool decodePlus)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (query.StartsWith('?'))
        {
            query = query[1..];
        }

        IEnumerable<string> parts = decodePlus ? query.Split('&', StringSplitOptions.RemoveEmptyEntries) : SplitOutsideQuotes(query);
        foreach (var part in parts)
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? "" : part[(eq + 1)..];
            if (decodePlus)
            {
                value = value.Replace('+', ' ');
            }

            name = SafeUnescape(name);
            // OData also accepts the names without '$'; normalise to the '$' form.
            if (!name.StartsWith('$') && name is "filter" or "select" or "top" or "count" or "search" or "orderby" or "expand" or "skiptoken" or "skip")
            {
                name = "$" + name;
            }

            result[name] = SafeUnescape(value);
        }

        return result;
    }

    /// <summary>
    /// $batch step URLs arrive unescaped from the SDK, so "department eq 'R&amp;D'" holds a raw '&amp;':
    /// split only on ampersands outside single-quoted literals.
    /// </summary>
    private static List<string> SplitOutsideQuotes(string query)
    {
        var parts = new List<string>();
        var inQuote = false;
        var start = 0;
        for (var i = 0; i < query.Length; i++)
        {
            if (query[i] == '\'')
            {
                inQuote = !inQuote;
            }
            else if (query[i] == '&' && !inQuote)
            {
                if (i > start)
                {
                    parts.Add(query[start..i]);
                }

                start = i + 1;
            }
        }

        if (start < query.Length)
        {
            parts.Add(query[start..]);
        }

        return parts;
    }

    private static string SafeUnescape(string s)
    {
        try
        {
            return Uri.UnescapeDataString(s);
        }
        catch (UriFormatException)
        {
            return s;
        }
    }
}

/// <summary>What a handler answers; written to HTTP or embedded in a $batch response.</summary>
internal sealed class EmuResponse
{
    public int Status { get; init; }
    public string? ContentType { get; init; }
    public byte[]? Body { get; init; }
    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public bool IsJson => ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;

    public static EmuResponse NoContent() => new() { Status = 204 };

    public static EmuResponse Json(int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, JsonOptions.Writer))
        {
            write(w);
        }

        return new EmuResponse { Status = status, ContentType = "application/json", Body = buffer.WrittenSpan.ToArray() };
    }

    public static EmuResponse Text(int status, string text, string contentType = "text/plain") =>
        new() { Status = status, ContentType = contentType, Body = Encoding.UTF8.GetBytes(text) };

    public EmuResponse WithHeader(string name, string value)
    {
        Headers.Add(new(name, value));
        return this;
    }
}

internal static class JsonOptions
{
    // Relaxed escaping keeps '+' and '&' readable; Graph itself does not escape them either.
    public static readonly JsonWriterOptions Writer = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
}
