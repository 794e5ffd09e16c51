using Dex.Core.Policy;
using Dex.Core.Requests;

namespace Dex.Core.Grants;

/// <summary>The time-bound rules that apply to one grant: the action's <c>timeBound</c> policy with the group's override on top.</summary>
public sealed record GrantTerms(TimeSpan? DefaultDuration, TimeSpan? MaxDuration, bool RequireDuration, IReadOnlyList<TimeSpan> Reminders, bool RemindApprovers)
{
    /// <summary>Reminders when policy names none: a day and an hour before the end.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultReminders = [TimeSpan.FromDays(1), TimeSpan.FromHours(1)];

    public static readonly IReadOnlySet<string> RequireConditions = new HashSet<string>(StringComparer.Ordinal)
    {
        ApprovalConditions.Always, ApprovalConditions.ProtectedGroup, ApprovalConditions.RoleAssignableGroup,
    };

    /// <summary>The terms for <paramref name="group"/> under the policy of grant_access.</summary>
    public static GrantTerms For(PolicyDocument policy, GroupRef group)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(group);
        var action = policy.Actions.GetValueOrDefault(DexActions.GrantAccess)?.TimeBound ?? new TimeBoundPolicy();
        var over = action.Groups.FirstOrDefault(g => string.Equals(g.Key, group.DisplayName, StringComparison.OrdinalIgnoreCase)).Value;
        var require = over?.RequireDuration ?? action.RequireDuration ?? [];
        return new GrantTerms(
            over?.DefaultDuration ?? action.DefaultDuration,
            over?.MaxDuration ?? action.MaxDuration,
            require.Contains(ApprovalConditions.Always)
                || (group.Protected && require.Contains(ApprovalConditions.ProtectedGroup))
                || (group.RoleAssignable && require.Contains(ApprovalConditions.RoleAssignableGroup)),
            [.. (over?.Reminders ?? action.Reminders ?? DefaultReminders).Where(r => r > TimeSpan.Zero).Distinct().OrderDescending()],
            over?.RemindApprovers ?? action.RemindApprovers ?? false);
    }

    /// <summary>Checks a <c>timeBound</c> section (and its group overrides); throws <see cref="PolicyException"/> naming the place.</summary>
    public static void Validate(TimeBoundPolicy policy, string at)
    {
        ArgumentNullException.ThrowIfNull(policy);
        foreach (var (name, value) in new[] { ("defaultDuration", policy.DefaultDuration), ("maxDuration", policy.MaxDuration) })
        {
            if (value is { } t && t <= TimeSpan.Zero)
            {
                throw new PolicyException($"{at}.{name} must be positive.");
            }
        }

        if (policy is { DefaultDuration: { } d, MaxDuration: { } m } && d > m)
        {
            throw new PolicyException($"{at}.defaultDuration is longer than maxDuration.");
        }

        if ((policy.Reminders ?? []).Any(r => r <= TimeSpan.Zero))
        {
            throw new PolicyException($"{at}.reminders must all be positive.");
        }

        foreach (var w in policy.RequireDuration ?? [])
        {
            if (!RequireConditions.Contains(w))
            {
                throw new PolicyException($"{at}.requireDuration has unknown condition '{w}' (known: {string.Join(", ", RequireConditions)}).");
            }
        }

        foreach (var (group, over) in policy.Groups)
        {
            if (over.Groups.Count > 0)
            {
                throw new PolicyException($"{at}.groups.{group} cannot have groups of its own.");
            }

            Validate(over, $"{at}.groups.{group}");
        }
    }
}

/// <summary>The requester's time zone: mailbox settings, else the usage location's zone (one-zone countries), else UTC.</summary>
public static class GrantZones
{
    // Countries with one time zone; others (US, CA, AU, BR, RU...) need the mailbox setting.
    private static readonly Dictionary<string, string> ByCountry = new(StringComparer.OrdinalIgnoreCase)
    {
        ["IL"] = "Asia/Jerusalem", ["GB"] = "Europe/London", ["IE"] = "Europe/Dublin", ["FR"] = "Europe/Paris", ["DE"] = "Europe/Berlin",
        ["NL"] = "Europe/Amsterdam", ["BE"] = "Europe/Brussels", ["CH"] = "Europe/Zurich", ["AT"] = "Europe/Vienna", ["IT"] = "Europe/Rome",
        ["SE"] = "Europe/Stockholm", ["NO"] = "Europe/Oslo", ["DK"] = "Europe/Copenhagen", ["FI"] = "Europe/Helsinki", ["PL"] = "Europe/Warsaw",
        ["CZ"] = "Europe/Prague", ["GR"] = "Europe/Athens", ["IN"] = "Asia/Kolkata", ["JP"] = "Asia/Tokyo", ["KR"] = "Asia/Seoul",
        ["CN"] = "Asia/Shanghai", ["SG"] = "Asia/Singapore", ["AE"] = "Asia/Dubai", ["ZA"] = "Africa/Johannesburg", ["NZ"] = "Pacific/Auckland",
    };

    /// <summary>The zone and whether it was known (false: UTC, which the reply says).</summary>
    public static (TimeZoneInfo Zone, bool Known) Resolve(string? mailboxZone, string? usageLocation)
    {
        if (Find(mailboxZone) is { } z)
        {
            return (z, true);
        }

        if (usageLocation is not null && ByCountry.TryGetValue(usageLocation, out var id) && Find(id) is { } byCountry)
        {
            return (byCountry, true);
        }

        return (TimeZoneInfo.Utc, false);
    }

    /// <summary>An IANA or Windows zone id; null when unknown here.</summary>
    public static TimeZoneInfo? Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        if (string.Equals(id, "UTC", StringComparison.OrdinalIgnoreCase))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}
