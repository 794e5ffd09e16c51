namespace Dex.Core.Licensing;

/// <summary>The Graph licence error cases, told in words an admin can act on (never the raw payload).</summary>
public static class LicenseErrors
{
    public static string NoUsageLocation(string who)
        => $"{who} has no usage location, and Microsoft 365 licences can only be assigned once one is set. Say where they work, e.g. \"... in US\", or set a default usage location in the Dex policy.";

    public static string NotEnough(TenantSku sku, int needed)
        => $"Not enough {sku.Label} licences: {needed} needed, {sku.Free} free ({sku.Enabled} bought, {sku.Consumed} assigned). Buy more seats or reclaim unused ones first.";

    /// <summary>Words for a Graph refusal of assignLicense; <paramref name="name"/> names SKUs and plans by id.</summary>
    public static string Explain(string graphMessage, string who, Func<string, string> name)
    {
        ArgumentNullException.ThrowIfNull(graphMessage);
        ArgumentNullException.ThrowIfNull(name);
        var m = graphMessage;
        if (m.Contains("usage location", StringComparison.OrdinalIgnoreCase) && m.Contains("invalid", StringComparison.OrdinalIgnoreCase))
        {
            return NoUsageLocation(who);
        }

        if (m.Contains("does not have any available licenses", StringComparison.OrdinalIgnoreCase))
        {
            return $"There are no free {name(FirstGuid(m) ?? string.Empty)} licences left for {who}. Buy more seats or reclaim unused ones first.";
        }

        if (m.Contains("mutually exclusive", StringComparison.OrdinalIgnoreCase))
        {
            return $"{who} already has a licence that cannot be combined with this one ({string.Join(" and ", Guids(m).Select(name))} overlap). Swap the licences instead of adding.";
        }

        if (m.Contains("depends on", StringComparison.OrdinalIgnoreCase) && m.Contains("being removed", StringComparison.OrdinalIgnoreCase))
        {
            var ids = Guids(m);
            return $"{who} has the add-on {name(ids.FirstOrDefault() ?? string.Empty)}, which depends on the licence being removed. Remove the add-on first, or swap to another base licence in one step.";
        }

        if (m.Contains("depends on", StringComparison.OrdinalIgnoreCase))
        {
            var ids = Guids(m);
            return $"{name(ids.FirstOrDefault() ?? string.Empty)} is an add-on: {who} needs a base licence (such as Microsoft 365 E3 or E5) first.";
        }

        if (m.Contains("not available in usage location", StringComparison.OrdinalIgnoreCase))
        {
            var location = m.TrimEnd('.').Split(' ').LastOrDefault();
            return $"The service {name(FirstGuid(m) ?? string.Empty)} is not available in {who}'s usage location ({location}). Assign the licence with that service turned off, or correct the usage location.";
        }

        if (m.Contains("inherited from a group", StringComparison.OrdinalIgnoreCase))
        {
            return $"{who} gets this licence from a group, so it cannot be removed from the user directly; remove them from the group instead.";
        }

        if (m.Contains("does not have a corresponding license", StringComparison.OrdinalIgnoreCase))
        {
            return $"{who} does not hold this licence.";
        }

        return $"Microsoft Graph refused the licence change for {who}: {m}";
    }

    /// <summary>True when Graph refused only because a just-set usage location has not replicated yet.</summary>
    public static bool IsUsageLocation(string graphMessage)
        => graphMessage.Contains("usage location", StringComparison.OrdinalIgnoreCase) && graphMessage.Contains("invalid", StringComparison.OrdinalIgnoreCase);

    private static string? FirstGuid(string m) => Guids(m).FirstOrDefault();

    private static List<string> Guids(string m)
        => [.. System.Text.RegularExpressions.Regex.Matches(m, "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}").Select(x => x.Value)];
}
