using System.Text.Json;

namespace Dex.GraphEmulator.Metadata;

/// <summary>
/// Facts about Graph v1.0 entity types, shipped as data (Metadata/graph-v1.0-types.json): every structural property
/// with its EDM type, the default property set where it is not "all", and which properties $filter accepts.
/// </summary>
internal sealed class GraphTypeInfo
{
    public required string Name { get; init; }

    /// <summary>Property name → EDM type ("String", "Collection(String)", "assignedLicense" …), in metadata order.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Properties { get; init; }

    public required IReadOnlyDictionary<string, string> PropertyTypes { get; init; }

    /// <summary>Null: every property is in the default set.</summary>
    public IReadOnlyList<string>? Default { get; init; }

    /// <summary>Null: the type does not restrict $filter. Otherwise property → allowed operators.</summary>
    public IReadOnlyDictionary<string, HashSet<string>>? Filter { get; init; }

    public IReadOnlySet<string> Advanced { get; init; } = new HashSet<string>();

    public bool IsCollection(string property) =>
        PropertyTypes.TryGetValue(property, out var t) && t.StartsWith("Collection(", StringComparison.Ordinal);
}

internal static class GraphMetadata
{
    private static readonly Lazy<IReadOnlyDictionary<string, GraphTypeInfo>> Types = new(Load);

    public static GraphTypeInfo? Find(string typeName) => Types.Value.GetValueOrDefault(typeName);

    private static Dictionary<string, GraphTypeInfo> Load()
    {
        var asm = typeof(GraphMetadata).Assembly;
        using var stream = asm.GetManifestResourceStream("Dex.GraphEmulator.Metadata.graph-v1.0-types.json")
                           ?? throw new InvalidOperationException("Embedded Graph metadata is missing.");
        using var doc = JsonDocument.Parse(stream);
        var result = new Dictionary<string, GraphTypeInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in doc.RootElement.GetProperty("types").EnumerateObject())
        {
            var props = t.Value.GetProperty("properties").EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)).ToList();
            result[t.Name] = new GraphTypeInfo
            {
                Name = t.Name,
                Properties = props,
                PropertyTypes = props.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase),
                Default = t.Value.TryGetProperty("default", out var d) ? [.. d.EnumerateArray().Select(e => e.GetString()!)] : null,
                Filter = t.Value.TryGetProperty("filter", out var f)
                    ? f.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!.Split(',').ToHashSet(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase)
                    : null,
                Advanced = t.Value.TryGetProperty("advanced", out var a)
                    ? a.EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.OrdinalIgnoreCase)
                    : new HashSet<string>(),
            };
        }

        return result;
    }
}
