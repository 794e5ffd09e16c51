using System.Collections;
using System.Globalization;
using System.Text.Json;
using Dex.GraphEmulator.Http;
using Dex.GraphEmulator.Metadata;

namespace Dex.GraphEmulator.OData;

/// <summary>One property of an entity type: how to read it (for $filter/$orderby) and whether it is in the default set.</summary>
internal sealed record Prop<T>(string Name, bool Default, Func<T, object?> Get);

/// <summary>Entities that keep real Graph properties the emulator does not model (set by PATCH, returned by $select).</summary>
internal interface IExtraProperties
{
    Dictionary<string, JsonElement> Extra { get; }
}

/// <summary>
/// The queryable shape of one entity type (user, group, …): the modelled properties, plus every other property the
/// published v1.0 metadata lists (read from <see cref="IExtraProperties"/> or null), so real properties are never 400.
/// </summary>
internal sealed class Resource<T>
{
    private readonly Dictionary<string, Prop<T>> _byName;
    private readonly GraphTypeInfo? _meta;
    private readonly HashSet<string> _advanced;

    public Resource(string typeName, string odataType, IEnumerable<Prop<T>> props, string[]? advancedProps = null)
    {
        TypeName = typeName;
        ODataType = odataType;
        _meta = GraphMetadata.Find(typeName);
        var modelled = props.ToList();
        var byName = modelled.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        var all = new List<Prop<T>>();
        if (_meta is not null)
        {
            foreach (var (name, _) in _meta.Properties)
            {
                all.Add(byName.GetValueOrDefault(name) ?? Synthetic(name, _meta.IsCollection(name)));
            }
        }

        all.AddRange(modelled.Where(p => !all.Contains(p)));
        _byName = all.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        // Filter-only paths such as "signInActivity/lastSignInDateTime" resolve but are never selected.
        Props = [.. all.Where(p => !p.Name.Contains('/', StringComparison.Ordinal))];
        DefaultProps = _meta?.Default is { } d
            ? [.. d.Select(n => _byName[n])]
            : _meta is not null
                ? [.. Props.Where(p => p.Default || (!byName.ContainsKey(p.Name) && p.Name is not "customSecurityAttributes"))]
                : [.. Props.Where(p => p.Default)];
        _advanced = new HashSet<string>(advancedProps ?? [], StringComparer.OrdinalIgnoreCase);
        _advanced.UnionWith(_meta?.Advanced ?? new HashSet<string>());
    }

    private static Prop<T> Synthetic(string name, bool collection) => new(name, false, item =>
        item is IExtraProperties e && e.Extra.TryGetValue(name, out var v) ? Unwrap(v)
        : collection ? Array.Empty<string>() : null);

    /// <summary>A stored JSON value as filter and writer see it.</summary>
    private static object? Unwrap(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.TryGetDateTimeOffset(out var d) && v.GetString()!.Contains('T', StringComparison.Ordinal) ? d : v.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Number => v.TryGetInt64(out var l) ? l : v.GetDouble(),
        JsonValueKind.Array when v.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => v.EnumerateArray().Select(e => e.GetString()!).ToList(),
        _ => v,
    };

    /// <summary>"user": used in messages ("on type 'microsoft.graph.user'").</summary>
    public string TypeName { get; }

    public string ODataType { get; }
    public IReadOnlyList<Prop<T>> Props { get; }
    public IReadOnlyList<Prop<T>> DefaultProps { get; }

    /// <summary>Whether the published metadata lists this property (modelled or not).</summary>
    public bool IsKnown(string name) => _meta?.PropertyTypes.ContainsKey(name) == true || _byName.ContainsKey(name);

    public Prop<T>? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Resolves $select; null means the default property set.</summary>
    public IReadOnlyList<Prop<T>>? Select(string? select)
    {
        if (string.IsNullOrWhiteSpace(select))
        {
            return null;
        }

        var result = new List<Prop<T>>();
        foreach (var raw in select.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw == "*")
            {
                return Props;
            }

            var p = (raw.Contains('/', StringComparison.Ordinal) ? null : Find(raw))
                    ?? throw new GraphError(400, "Request_BadRequest", $"Could not find a property named '{raw}' on type 'microsoft.graph.{TypeName}'.");
            if (!result.Contains(p))
            {
                result.Add(p);
            }
        }

        return result;
    }

    public void Write(Utf8JsonWriter w, T item, IReadOnlyList<Prop<T>>? selected, bool withType, Action<Utf8JsonWriter, T>? extra = null)
    {
        w.WriteStartObject();
        if (withType)
        {
            w.WriteString("@odata.type", ODataType);
        }

        WriteProps(w, item, selected);
        extra?.Invoke(w, item);
        w.WriteEndObject();
    }

    /// <summary>The properties only (inside an object the caller opened).</summary>
    public void WriteProps(Utf8JsonWriter w, T item, IReadOnlyList<Prop<T>>? selected)
    {
        foreach (var p in selected ?? DefaultProps)
        {
            WriteValue(w, p.Name, p.Get(item));
        }
    }

    public static void WriteValue(Utf8JsonWriter w, string name, object? value)
    {
        w.WritePropertyName(name);
        WriteValue(w, value);
    }

    public static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case double d: w.WriteNumberValue(d); break;
            case DateTimeOffset d: w.WriteStringValue(FormatDate(d)); break;
            case JsonElement e: e.WriteTo(w); break;
            case Action<Utf8JsonWriter> custom: custom(w); break;
            case IReadOnlyDictionary<string, object?> obj:
                w.WriteStartObject();
                foreach (var (k, v) in obj)
                {
                    WriteValue(w, k, v);
                }

                w.WriteEndObject();
                break;
            case IEnumerable list and not string:
                w.WriteStartArray();
                foreach (var o in list)
                {
                    WriteValue(w, o);
                }

                w.WriteEndArray();
                break;
            default: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    public static string FormatDate(DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>Validates a parsed filter against this type and Graph's advanced-query rules.</summary>
    public void CheckFilter(FilterNode node, EmuRequest req)
    {
        var f = FilterParser.Analyze(node);
        var roots = f.Properties.Select(p => p.Split('/')[0]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var name in f.Properties)
        {
            if (Find(name) is null && !(name.Contains('/', StringComparison.Ordinal) && IsKnown(name.Split('/')[0])))
            {
                throw new GraphError(400, "Request_BadRequest", $"Could not find a property named '{name.Split('/')[0]}' on type 'microsoft.graph.{TypeName}'.");
            }
        }

        var resourceName = $"{char.ToUpperInvariant(TypeName[0])}{TypeName[1..]}";
        if (_meta?.Filter is { } filterable && roots.FirstOrDefault(r => !filterable.ContainsKey(r)) is { } unfilterable)
        {
            throw new GraphError(400, "Request_UnsupportedQuery", $"Unsupported or invalid query filter clause specified for property '{unfilterable}' of resource '{resourceName}'.");
        }

        if (f.Contains)
        {
            throw new GraphError(400, "Request_UnsupportedQuery", "Unsupported Query.");
        }

        if (_meta?.Filter is { } ops && f.EndsWith && roots.FirstOrDefault(r => !ops[r].Contains("endsWith")) is { } noEnds)
        {
            throw new GraphError(400, "Request_UnsupportedQuery", $"Unsupported or invalid query filter clause specified for property '{noEnds}' of resource '{resourceName}'.");
        }

        var advanced = req.EventualConsistency && req.CountRequested;
        if (advanced)
        {
            return;
        }

        string? op = f.EndsWith ? "endsWith" : f.Ne ? "ne" : f.Not ? "not" : f.NullLiteral ? "eq null" : null;
        if (op is not null)
        {
            throw new GraphError(400, "Request_UnsupportedQuery",
                $"Operator '{op}' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information");
        }

        var adv = roots.FirstOrDefault(_advanced.Contains);
        if (adv is not null)
        {
            throw new GraphError(400, "Request_UnsupportedQuery",
                $"Unsupported or invalid query filter clause specified for property '{adv}' of resource '{resourceName}'.");
        }
    }

    public Func<string, object?> Getter(T item) => name =>
    {
        var p = Find(name);
        return p?.Get(item);
    };
}

/// <summary>$search="displayName:john" — tokenized prefix matching like directory search.</summary>
internal static class Search
{
    public sealed record Term(string? Property, string Value);

    /// <summary>Returns OR-groups of AND-terms.</summary>
    public static List<List<Term>> Parse(string search)
    {
        var groups = new List<List<Term>> { new() };
        var s = search.Trim();
        var i = 0;
        var sawTerm = false;
        while (i < s.Length)
        {
            if (char.IsWhiteSpace(s[i]))
            {
                i++;
                continue;
            }

            if (s[i] == '"')
            {
                var end = s.IndexOf('"', i + 1);
                if (end < 0)
                {
                    throw new GraphError(400, "BadRequest", "Syntax error: unterminated quoted term in $search.");
                }

                var body = s[(i + 1)..end];
                var colon = body.IndexOf(':', StringComparison.Ordinal);
                groups[^1].Add(colon > 0 ? new Term(body[..colon].Trim(), body[(colon + 1)..].Trim()) : new Term(null, body.Trim()));
                sawTerm = true;
                i = end + 1;
                continue;
            }

            var wordEnd = i;
            while (wordEnd < s.Length && !char.IsWhiteSpace(s[wordEnd]))
            {
                wordEnd++;
            }

            var word = s[i..wordEnd];
            if (string.Equals(word, "OR", StringComparison.Ordinal) && sawTerm)
            {
                groups.Add([]);
            }
            else if (!string.Equals(word, "AND", StringComparison.Ordinal))
            {
                throw new GraphError(400, "BadRequest", $"Syntax error: '{word}' in $search; terms must be in double quotes, e.g. $search=\"displayName:john\".");
            }

            i = wordEnd;
        }

        if (!sawTerm || groups.Exists(g => g.Count == 0))
        {
            throw new GraphError(400, "BadRequest", "Syntax error: $search needs a quoted term such as \"displayName:john\".");
        }

        return groups;
    }

    public static bool Matches<T>(List<List<Term>> query, Resource<T> resource, T item, string[] defaultProps) =>
        query.Exists(and => and.TrueForAll(t =>
        {
            var props = t.Property is null ? defaultProps : [t.Property];
            return props.Any(p => resource.Find(p)?.Get(item) is string v && TokensMatch(v, t.Value));
        }));

    private static bool TokensMatch(string value, string query)
    {
        var valueTokens = Tokens(value);
        return Tokens(query).All(q => valueTokens.Any(v => v.StartsWith(q, StringComparison.OrdinalIgnoreCase)));
    }

    private static string[] Tokens(string s) =>
        s.Split([' ', '.', '-', '_', '@', ',', '(', ')', '/', '\''], StringSplitOptions.RemoveEmptyEntries);
}

internal static class Enumerables
{
    public static bool IsCollection(object? o) => o is IEnumerable and not string;
}
