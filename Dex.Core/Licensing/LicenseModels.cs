namespace Dex.Core.Licensing;

/// <summary>One service plan inside a SKU (e.g. TEAMS1 in Microsoft 365 E5).</summary>
public sealed record SkuPlan(string Id, string Name);

/// <summary>A SKU the tenant subscribes to, with its seat counts (subscribedSkus).</summary>
public sealed record TenantSku(
    string SkuId,
    string SkuPartNumber,
    string FriendlyName,
    int Enabled,
    int Consumed,
    int Suspended,
    int LockedOut,
    string AppliesTo,
    IReadOnlyList<SkuPlan> Plans)
{
    /// <summary>Assignable seats: prepaid enabled units minus those in use (suspended and locked-out units are not assignable).</summary>
    public int Free => Math.Max(0, Enabled - Consumed);

    public bool ForUsers => string.Equals(AppliesTo, "User", StringComparison.OrdinalIgnoreCase);

    /// <summary>"Microsoft 365 E5 (SPE_E5)".</summary>
    public string Label => string.Equals(FriendlyName, SkuPartNumber, StringComparison.OrdinalIgnoreCase) ? SkuPartNumber : $"{FriendlyName} ({SkuPartNumber})";
}

/// <summary>One licence a user holds: directly, through groups, or both (licenseAssignmentStates).</summary>
public sealed record UserLicense(string SkuId, IReadOnlyList<string> DisabledPlans, bool Direct, IReadOnlyList<string> GroupIds);

/// <summary>A user with the licences they hold.</summary>
public sealed record LicensedUser(
    string Id,
    string UserPrincipalName,
    string DisplayName,
    string? Department,
    string? UsageLocation,
    bool AccountEnabled,
    DateTimeOffset? LastSignIn,
    IReadOnlyList<UserLicense> Licenses)
{
    public UserLicense? Find(string skuId) => Licenses.FirstOrDefault(l => string.Equals(l.SkuId, skuId, StringComparison.OrdinalIgnoreCase));
}

/// <summary>How a friendly name matched the tenant's SKUs.</summary>
public sealed record SkuMatch(TenantSku? Sku, IReadOnlyList<TenantSku> Candidates, string? KnownName)
{
    public bool Ambiguous => Sku is null && Candidates.Count > 1;
}
