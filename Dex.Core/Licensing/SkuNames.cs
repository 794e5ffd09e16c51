using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Dex.Core.Licensing;

/// <summary>
/// Friendly licence names ("E5", "Visio Plan 2", "Power BI Pro") and service plan names ("Teams") as shipped data
/// (<c>Licensing/sku-names.json</c>), matched against the tenant's own SKUs. Pure: no Graph calls.
/// </summary>
public static partial class SkuNames
{
    private sealed record Entry(
        [property: JsonPropertyName("skuPartNumber")] string SkuPartNumber,
        [property: JsonPropertyName("skuId")] string SkuId,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("aliases")] IReadOnlyList<string> Aliases);

    private sealed record PlanEntry(
        [property: JsonPropertyName("servicePlanName")] string ServicePlanName,
        [property: JsonPropertyName("aliases")] IReadOnlyList<string> Aliases);

    private sealed record Table(
        [property: JsonPropertyName("skus")] IReadOnlyList<Entry> Skus,
        [property: JsonPropertyName("servicePlans")] IReadOnlyList<PlanEntry> ServicePlans);

    private static readonly Table Data = Load();

    private static Table Load()
    {
        using var stream = typeof(SkuNames).Assembly.GetManifestResourceStream("Dex.Core.Licensing.sku-names.json")
            ?? throw new InvalidOperationException("The licence name table is missing from Dex.Core.");
        return JsonSerializer.Deserialize<Table>(stream) ?? throw new InvalidOperationException("The licence name table is empty.");
    }

    /// <summary>The product name of a part number ("SPE_E5" → "Microsoft 365 E5"), or the part number itself.</summary>
    public static string Friendly(string skuPartNumber)
        => Data.Skus.FirstOrDefault(e => string.Equals(e.SkuPartNumber, skuPartNumber, StringComparison.OrdinalIgnoreCase))?.Name ?? skuPartNumber;

    /// <summary>True when the words name a licence the table knows ("E5", "visio licence"): recognisers use it to tell a SKU from a group.</summary>
    public static bool IsKnown(string words)
    {
        var key = Normalise(words);
        return key.Length > 0 && Data.Skus.Any(e => Matches(e, key));
    }

    /// <summary>Matches a name against the tenant's SKUs: by friendly name or alias from the table, or by part number.</summary>
    public static SkuMatch Resolve(string words, IReadOnlyList<TenantSku> tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var key = Normalise(words);
        var known = Data.Skus.Where(e => Matches(e, key)).ToList();
        var candidates = tenant.Where(t =>
                string.Equals(t.SkuPartNumber, key, StringComparison.OrdinalIgnoreCase)
                || string.Equals(t.SkuId, key, StringComparison.OrdinalIgnoreCase)
                || string.Equals(Normalise(t.FriendlyName), key, StringComparison.OrdinalIgnoreCase)
                || known.Any(e => string.Equals(e.SkuId, t.SkuId, StringComparison.OrdinalIgnoreCase) || string.Equals(e.SkuPartNumber, t.SkuPartNumber, StringComparison.OrdinalIgnoreCase)))
            .DistinctBy(t => t.SkuId, StringComparer.OrdinalIgnoreCase)
            .ToList();

        // An exact part number or full product name wins over a short alias ("SPE_E3" is not ambiguous).
        var exact = candidates.Where(t => string.Equals(t.SkuPartNumber, key, StringComparison.OrdinalIgnoreCase) || string.Equals(Normalise(t.FriendlyName), key, StringComparison.OrdinalIgnoreCase)).ToList();
        if (exact.Count == 1)
        {
            candidates = exact;
        }

        var knownName = known.Count == 0 ? null : string.Join(" or ", known.Select(k => k.Name));
        return new SkuMatch(candidates.Count == 1 ? candidates[0] : null, candidates, knownName);
    }

    /// <summary>The SKU's plans a friendly or Graph plan name means ("Teams" → TEAMS1), empty when none.</summary>
    public static IReadOnlyList<SkuPlan> Plans(string words, TenantSku sku)
    {
        ArgumentNullException.ThrowIfNull(sku);
        var key = Normalise(words);
        var names = Data.ServicePlans.Where(p => p.Aliases.Contains(key, StringComparer.OrdinalIgnoreCase)).Select(p => p.ServicePlanName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. sku.Plans.Where(p => names.Contains(p.Name) || string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase) || string.Equals(p.Id, key, StringComparison.OrdinalIgnoreCase))];
    }

    private static bool Matches(Entry e, string key)
        => string.Equals(e.SkuPartNumber, key, StringComparison.OrdinalIgnoreCase)
           || string.Equals(Normalise(e.Name), key, StringComparison.OrdinalIgnoreCase)
           || e.Aliases.Contains(key, StringComparer.OrdinalIgnoreCase);

    /// <summary>Lower case, punctuation to spaces, "licence"/"seats"/articles dropped: "an E5 licence" → "e5".</summary>
    public static string Normalise(string words)
    {
        if (string.IsNullOrWhiteSpace(words))
        {
            return string.Empty;
        }

        var t = words.Trim().Trim('"', '\'').ToLowerInvariant();
        if (Guid.TryParse(t, out _) || PartNumber().IsMatch(t))
        {
            return t;
        }

        t = Punctuation().Replace(t, " ");
        t = Filler().Replace(t, " ");
        return Spaces().Replace(t, " ").Trim();
    }

    [GeneratedRegex(@"^[a-z0-9]+(?:_[a-z0-9]+)+$")]
    private static partial Regex PartNumber();

    [GeneratedRegex(@"[^\w+ ]|_")]
    private static partial Regex Punctuation();

    [GeneratedRegex(@"\b(?:an?|the|licen[cs]es?|seats?|subscriptions?|skus?|sku|microsoft\s+365(?=\s+copilot)|plan(?=\s*$))\b")]
    private static partial Regex Filler();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
