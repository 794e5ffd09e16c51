using System.Globalization;
using System.Xml;
using Dex.Core.Actions;
using Dex.Core.Requests;

namespace Dex.Core.Grants;

/// <summary>
/// The time-bound terms a planned step carries in its parameters (so the approval, bound to the plan hash, covers
/// them): a length or an end, the zone they were read in, the policy cap and the reminders.
/// </summary>
public static class GrantStep
{
    /// <summary>The phrase as the requester wrote it ("for 8 hours"); replaced by the keys below at planning.</summary>
    public const string DurationKey = "duration";
    public const string ForKey = "grantFor";
    public const string UntilKey = "grantUntil";
    public const string TimeZoneKey = "timeZone";
    public const string MaxKey = "maxDuration";
    public const string RemindersKey = "reminders";

    /// <summary>Set (to "true") only when policy asks for the approvers to be reminded too.</summary>
    public const string RemindApproversKey = "remindApprovers";

    /// <summary>"false" when the requester's zone is unknown and times were read in UTC (the summary says so).</summary>
    public const string ZoneKnownKey = "timeZoneKnown";

    /// <summary>" Your time zone is not known, so times are in UTC." when that is so.</summary>
    public static string ZoneNote(PlannedStep step)
        => step?.Parameters.GetValueOrDefault(ZoneKnownKey) == "false" ? " Your time zone is not known, so times are in UTC." : string.Empty;

    public static bool IsTimeBound(PlannedStep step)
        => step is not null && step.Action == DexActions.GrantAccess && (step.Parameters.ContainsKey(ForKey) || step.Parameters.ContainsKey(UntilKey));

    public static TimeSpan? Duration(PlannedStep step) => Span(step.Parameters.GetValueOrDefault(ForKey));

    public static DateTimeOffset? Until(PlannedStep step)
        => step.Parameters.GetValueOrDefault(UntilKey) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    public static TimeSpan? MaxDuration(PlannedStep step) => Span(step.Parameters.GetValueOrDefault(MaxKey));

    public static bool RemindApprovers(PlannedStep step)
        => string.Equals(step?.Parameters.GetValueOrDefault(RemindApproversKey), "true", StringComparison.Ordinal);

    public static IReadOnlyList<TimeSpan> Reminders(PlannedStep step)
        => [.. (step.Parameters.GetValueOrDefault(RemindersKey) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Span).OfType<TimeSpan>()];

    public static string Iso(TimeSpan span) => XmlConvert.ToString(span);

    public static TimeSpan? Span(string? iso)
    {
        if (string.IsNullOrWhiteSpace(iso))
        {
            return null;
        }

        try
        {
            return XmlConvert.ToTimeSpan(iso);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>" for 8 hours (counted from when it is granted)" / " until Fri 4 Dec 2026 17:00 (Europe/London)", or "" when permanent.</summary>
    public static string Describe(PlannedStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var zone = GrantZones.Find(step.Parameters.GetValueOrDefault(TimeZoneKey)) ?? TimeZoneInfo.Utc;
        if (Until(step) is { } until)
        {
            return $" until {GrantDurations.Local(until, zone)}, then remove it" + (step.Parameters.GetValueOrDefault(ZoneKnownKey) == "false" ? " (times in UTC: your time zone is not known)" : string.Empty);
        }

        return Duration(step) is { } d ? $" for {GrantDurations.Describe(d)} (counted from when it is granted), then remove it" : string.Empty;
    }

    /// <summary>
    /// Reads the step's duration phrase in the requester's zone and applies the grant_access time-bound policy:
    /// the default when none was given, the cap, and time-bound-only groups. Null when fine, else why not.
    /// </summary>
    public static async Task<string?> ApplyAsync(StepPlanning planning, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planning);
        ArgumentNullException.ThrowIfNull(step);
        var group = step.Group!;
        var terms = GrantTerms.For(planning.Policy, group);
        planning.Parameters.Remove(DurationKey);
        var phrase = step.Parameters.GetValueOrDefault(DurationKey);
        if (string.IsNullOrWhiteSpace(phrase))
        {
            if (terms.DefaultDuration is { } d)
            {
                SetTerms(planning, terms, "UTC");
                planning.Parameters[ForKey] = Iso(d);
                return null;
            }

            return terms.RequireDuration
                ? $"Access to \"{group.DisplayName}\" can only be given for a limited time: say for how long, e.g. \"for 8 hours\"" + (terms.MaxDuration is { } m ? $" (at most {GrantDurations.Describe(m)})." : ".")
                : null;
        }

        var (zone, known) = await RequesterZoneAsync(planning, cancellationToken);
        var now = planning.Time.GetUtcNow();
        if (GrantDurations.Resolve(phrase, now, zone) is not { } time)
        {
            return $"I couldn't read \"{phrase}\" as a time; say e.g. \"for 8 hours\", \"for 2 weeks\", \"until Friday 17:00\" or \"for the rest of the day\".";
        }

        var length = time.Length ?? time.EndsAt!.Value - now;
        if (terms.MaxDuration is { } max && length > max)
        {
            return $"Access to \"{group.DisplayName}\" can be given for at most {GrantDurations.Describe(max)}; \"{phrase}\" is longer.";
        }

        SetTerms(planning, terms, known ? zone.Id : "UTC");
        if (!known)
        {
            planning.Parameters[ZoneKnownKey] = "false";
        }
        if (time.Length is { } l)
        {
            planning.Parameters[ForKey] = Iso(l);
        }
        else
        {
            planning.Parameters[UntilKey] = time.EndsAt!.Value.ToString("O", CultureInfo.InvariantCulture);
        }

        return null;
    }

    /// <summary>The requester's zone (mailbox settings, else usage location); UTC when unknown, which the summary shows.</summary>
    public static async Task<(TimeZoneInfo Zone, bool Known)> RequesterZoneAsync(StepPlanning planning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planning);
        var id = planning.Requester.Id;
        if (string.IsNullOrEmpty(id))
        {
            return (TimeZoneInfo.Utc, false);
        }

        var mailbox = await planning.Directory.GetMailboxTimeZoneAsync(id, cancellationToken);
        var usage = mailbox is null ? (await planning.Directory.FindUserAsync(id, cancellationToken))?.UsageLocation : null;
        return GrantZones.Resolve(mailbox, usage);
    }

    private static void SetTerms(StepPlanning planning, GrantTerms terms, string zone)
    {
        planning.Parameters[TimeZoneKey] = zone;
        if (terms.MaxDuration is { } max)
        {
            planning.Parameters[MaxKey] = Iso(max);
        }

        planning.Parameters[RemindersKey] = string.Join(",", terms.Reminders.Select(Iso));
        if (terms.RemindApprovers)
        {
            planning.Parameters[RemindApproversKey] = "true";
        }
    }
}
