namespace Dex.GraphEmulator.Model;

/// <summary>One row of a user's licenseAssignmentStates.</summary>
internal sealed record LicenseState(string SkuId, IReadOnlyList<string> DisabledPlans, string? AssignedByGroup, string State, string Error);

/// <summary>
/// Direct and group-based licences, computed from the state: a user's licences are the direct grants plus every
/// grant of a licensed group the user is a direct member of (group licensing does not follow nesting), each with
/// the outcome licence processing gave it (None, CountViolation, MutuallyExclusiveViolation, DependencyViolation,
/// ProhibitedInUsageLocationViolation).
/// </summary>
internal static class Licensing
{
    public static List<GroupEntity> LicensedGroups(TenantState s) => s.Groups.Where(g => g.Licenses.Count > 0).ToList();

    public static List<LicenseState> StatesOf(TenantState s, UserEntity u, List<GroupEntity>? licensed = null)
    {
        var result = u.DirectLicenses.Select(l => new LicenseState(l.SkuId, l.DisabledPlans, null, "Active", "None")).ToList();
        foreach (var g in licensed ?? LicensedGroups(s))
        {
            if (!g.Members.Contains(u.Id))
            {
                continue;
            }

            foreach (var grant in g.Licenses)
            {
                var error = Processed(s, g, u, grant);
                result.Add(new LicenseState(grant.SkuId, grant.DisabledPlans, g.Id, error == "None" ? "Active" : "Error", error));
            }
        }

        return result;
    }

    /// <summary>assignedLicenses: one entry per SKU held actively; a plan stays disabled only if every assignment disables it.</summary>
    public static List<LicenseGrant> Assigned(TenantState s, UserEntity u, List<GroupEntity>? licensed = null) =>
        StatesOf(s, u, licensed).Where(x => x.State == "Active").GroupBy(x => x.SkuId, StringComparer.OrdinalIgnoreCase)
            .Select(g => new LicenseGrant(g.Key, g.Select(x => (IEnumerable<string>)x.DisabledPlans).Aggregate((a, b) => a.Intersect(b, StringComparer.OrdinalIgnoreCase)).ToList()))
            .ToList();

    public static bool Holds(TenantState s, UserEntity u, string skuId, List<GroupEntity>? licensed = null) =>
        StatesOf(s, u, licensed).Exists(x => x.State == "Active" && string.Equals(x.SkuId, skuId, StringComparison.OrdinalIgnoreCase));

    public static int Consumed(TenantState s, SkuEntity sku)
    {
        var licensed = LicensedGroups(s);
        var holders = 0;
        foreach (var u in s.Users)
        {
            if (u.DirectLicenses.Count == 0 && licensed.Count == 0)
            {
                continue;
            }

            if (Holds(s, u, sku.SkuId, licensed))
            {
                holders++;
            }
        }

        return sku.OtherConsumed + holders;
    }

    /// <summary>The processing outcome of one group grant for one member, computed the first time it is needed.</summary>
    private static string Processed(TenantState s, GroupEntity g, UserEntity u, LicenseGrant grant)
    {
        if (g.LicenseResults.TryGetValue(u.Id, out var bySku) && bySku.TryGetValue(grant.SkuId, out var known))
        {
            return known;
        }

        var error = Evaluate(s, g, u, grant, freeSeats: null);
        Record(g, u.Id, grant.SkuId, error);
        return error;
    }

    public static void Record(GroupEntity g, string userId, string skuId, string error)
    {
        if (!g.LicenseResults.TryGetValue(userId, out var bySku))
        {
            g.LicenseResults[userId] = bySku = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        }

        bySku[skuId] = error;
    }

    /// <summary>Processes a group grant for a member; <paramref name="freeSeats"/> avoids recounting in bulk processing.</summary>
    public static string Evaluate(TenantState s, GroupEntity g, UserEntity u, LicenseGrant grant, int? freeSeats)
    {
        var sku = s.FindSku(grant.SkuId);
        if (sku is null)
        {
            return "Other";
        }

        // What the user holds settled already: direct grants and other groups' finished processing.
        var held = SettledSkus(s, u, g);
        if (held.Contains(sku.SkuId))
        {
            return "None";
        }

        if ((freeSeats ?? sku.Enabled - SettledConsumed(s, sku)) <= 0)
        {
            return "CountViolation";
        }

        if (held.Select(s.FindSku).OfType<SkuEntity>().Any(h => Exclusive(sku, h)))
        {
            return "MutuallyExclusiveViolation";
        }

        if (sku.Requires.Count > 0 && !held.Select(s.FindSku).OfType<SkuEntity>().Any(h => sku.Requires.Contains(h.SkuPartNumber, StringComparer.OrdinalIgnoreCase)))
        {
            return "DependencyViolation";
        }

        var location = u.UsageLocation ?? s.CountryLetterCode;
        if (sku.ServicePlans.Exists(p => !grant.DisabledPlans.Contains(p.Id, StringComparer.OrdinalIgnoreCase) && p.UnavailableIn.Contains(location, StringComparer.OrdinalIgnoreCase)))
        {
            return "ProhibitedInUsageLocationViolation";
        }

        return "None";
    }

    /// <summary>Seats in use by what is settled (direct grants and finished group processing): never triggers processing.</summary>
    private static int SettledConsumed(TenantState s, SkuEntity sku) =>
        sku.OtherConsumed + s.Users.Count(u => SettledSkus(s, u, null).Contains(sku.SkuId));

    private static HashSet<string> SettledSkus(TenantState s, UserEntity u, GroupEntity? except)
    {
        var held = u.DirectLicenses.Select(l => l.SkuId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var g in s.Groups)
        {
            if (ReferenceEquals(g, except) || g.Licenses.Count == 0 || !g.Members.Contains(u.Id) || !g.LicenseResults.TryGetValue(u.Id, out var r))
            {
                continue;
            }

            held.UnionWith(r.Where(kv => kv.Value == "None" && g.Licenses.Exists(l => string.Equals(l.SkuId, kv.Key, StringComparison.OrdinalIgnoreCase))).Select(kv => kv.Key));
        }

        return held;
    }

    public static bool Exclusive(SkuEntity a, SkuEntity b) =>
        !ReferenceEquals(a, b) && (a.MutuallyExclusiveWith.Contains(b.SkuPartNumber, StringComparer.OrdinalIgnoreCase) || b.MutuallyExclusiveWith.Contains(a.SkuPartNumber, StringComparer.OrdinalIgnoreCase));

    /// <summary>Processes every member of a group for its grants (after assignLicense or reprocess), counting seats as it goes.</summary>
    public static void ProcessGroup(TenantState s, GroupEntity g)
    {
        g.LicenseResults.Clear();
        foreach (var grant in g.Licenses)
        {
            var sku = s.FindSku(grant.SkuId);
            var free = sku is null ? 0 : sku.Enabled - SettledConsumed(s, sku);
            foreach (var id in g.Members)
            {
                if (!s.UsersById.TryGetValue(id, out var u))
                {
                    continue;
                }

                var error = Evaluate(s, g, u, grant, free);
                if (error == "None" && !u.DirectLicenses.Exists(l => string.Equals(l.SkuId, grant.SkuId, StringComparison.OrdinalIgnoreCase)))
                {
                    free--;
                }

                Record(g, u.Id, grant.SkuId, error);
            }
        }
    }
}
