using System.Collections;
using System.Globalization;
using System.Text.Json;
using Dex.GraphEmulator.Http;

namespace Dex.GraphEmulator.OData;

/// <summary>One property of an entity type: how to read it (for $filter/$orderby) and whether it is in the default set.</summary>
internal sealed record Prop<T>(string Name, bool Default, Func<T, object?> Get);

/// <summary>The queryable shape of one entity type (user, group, …).</summary>
internal sealed class Resource<T>
{
    private readonly Dictionary<string, Prop<T>> _byName;

    public Resource(string typeName, string odataType, IEnumerable<Prop<T>> props, string[]? advancedProps = null)
    {
        TypeName = typeName;
        ODataType = odataType;
        Props = [.. props];
        _byName = Props.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        DefaultProps = [.. Props.Where(p => p.Default)];
        AdvancedProps = advancedProps ?? [];
    }

    /// <summary>"user": used in messages ("on type 'microsoft.graph.user'").</summary>
    public string TypeName { get; }

    public string ODataType { get; }
    public IReadOnlyList<Prop<T>> Props { get; }
    public IReadOnlyList<Prop<T>> DefaultProps { get; }

    /// <summary>Properties Graph filters only as advanced queries (users: officeLocation, mobilePhone).</summary>
    public string[] AdvancedProps { get; }

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

            var p = Find(raw) ?? throw new GraphError(400, "Request_BadRequest", $"Could not find a property named '{raw}' on type 'microsoft.graph.{TypeName}'.");
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

        foreach (var p in selected ?? DefaultProps)
        {
            WriteValue(w, p.Name, p.Get(item));
        }

        extra?.Invoke(w, item);
        w.WriteEndObject();
    }

    public static void WriteValue(Utf8JsonWriter w, string name, object? value)
    {
        switch (value)
        {
            case null: w.WriteNull(name); break;
            case string s: w.WriteString(name, s); break;
            case bool b: w.WriteBoolean(name, b); break;
            case int i: w.WriteNumber(name, i); break;
            case long l: w.WriteNumber(name, l); break;
            case DateTimeOffset d: w.WriteString(name, FormatDate(d)); break;
            case IEnumerable<string> list:
                w.WriteStartArray(name);
                foreach (var s in list)
                {
                    w.WriteStringValue(s);
                }

                w.WriteEndArray();
                break;
            case Action<Utf8JsonWriter> custom:
                w.WritePropertyName(name);
                custom(w);
                break;
            default: w.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    public static string FormatDate(DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>Validates a parsed filter against this type and Graph's advanced-query rules.</summary>
    public void CheckFilter(FilterNode node, EmuRequest req)
    {
        var f = FilterParser.Analyze(node);
        foreach (var name in f.Properties)
        {
            if (Find(name) is null)
            {
                throw new GraphError(400, "Request_BadRequest", $"Could not find a property named '{name}' on type 'microsoft.graph.{TypeName}'.");
            }
        }

        if (f.Contains)
        {
            throw new GraphError(400, "Request_UnsupportedQuery", "Unsupported Query.");
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

        var adv = AdvancedProps.FirstOrDefault(p => f.Properties.Contains(p));
        if (adv is not null)
        {
            throw new GraphError(400, "Request_UnsupportedQuery",
                $"Unsupported or invalid query filter clause specified for property '{adv}' of resource '{char.ToUpperInvariant(TypeName[0])}{TypeName[1..]}'.");
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
