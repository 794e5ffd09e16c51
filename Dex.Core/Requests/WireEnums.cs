using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Dex.Core.Requests;

/// <summary>What kind of directory object a <see cref="GroupRef"/> names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GroupKind>))]
public enum GroupKind
{
    [JsonStringEnumMemberName("group")] Group,
    [JsonStringEnumMemberName("security")] Security,
    [JsonStringEnumMemberName("m365")] M365,
    [JsonStringEnumMemberName("app")] App,
}

/// <summary>How one executed step ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StepStatus>))]
public enum StepStatus
{
    [JsonStringEnumMemberName("succeeded")] Succeeded,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("skipped")] Skipped,
}

/// <summary>The wire names of Dex's enums (the same strings JSON carries), for audit ids and texts.</summary>
public static class Wire
{
    private static readonly ConcurrentDictionary<Enum, string> Names = new();

    public static string Name<T>(T value)
        where T : struct, Enum
        => Names.GetOrAdd(value, v => typeof(T).GetField(v.ToString())?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? v.ToString());

    public static string WireName<T>(this T value)
        where T : struct, Enum
        => Name(value);

    /// <summary>The value whose wire name is <paramref name="name"/> (as stored in audit text), if any.</summary>
    public static T? Parse<T>(string? name)
        where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            if (string.Equals(Name(value), name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }
}
