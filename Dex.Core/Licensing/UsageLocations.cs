using System.Text.RegularExpressions;

namespace Dex.Core.Licensing;

/// <summary>Usage locations: two-letter ISO country codes, as Graph stores them.</summary>
public static partial class UsageLocations
{
    public static bool IsValid(string? value) => value is not null && TwoLetters().IsMatch(value);

    /// <summary>"us" → "US"; null when the text is not a two-letter code.</summary>
    public static string? Normalise(string? value) => IsValid(value?.Trim()) ? value!.Trim().ToUpperInvariant() : null;

    [GeneratedRegex("^[A-Za-z]{2}$")]
    private static partial Regex TwoLetters();
}
