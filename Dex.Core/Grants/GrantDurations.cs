using System.Globalization;
using System.Text.RegularExpressions;

namespace Dex.Core.Grants;

/// <summary>What a duration phrase resolved to: a length counted from when access is given, or a fixed end.</summary>
public sealed record GrantTime(TimeSpan? Length, DateTimeOffset? EndsAt);

/// <summary>
/// Duration phrases of time-bound requests: "for 8 hours", "for 2 weeks", "until Friday 17:00", "for the rest of
/// the day", "until tomorrow", "until 2026-12-24". <see cref="Split"/> cuts the phrase off the end of a clause
/// (so "VPN Users for 8 hours" names the group "VPN Users"); <see cref="Resolve"/> reads it in the requester's zone.
/// </summary>
public static partial class GrantDurations
{
    /// <summary>Splits a trailing duration phrase off <paramref name="text"/>; the phrase is null when there is none.</summary>
    public static (string Remainder, string? Phrase) Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = Trailing().Match(text);
        return m.Success ? (text[..m.Index].TrimEnd(' ', ',', '.'), m.Groups["phrase"].Value.Trim()) : (text, null);
    }

    /// <summary>Splits a trailing extension phrase ("by 4 hours", "for another 2 days", "for 4 more hours") off <paramref name="text"/>.</summary>
    public static (string Remainder, string? Phrase) SplitExtension(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = Extension().Match(text);
        return m.Success ? (text[..m.Index].TrimEnd(' ', ',', '.'), "for " + m.Groups["n"].Value + " " + m.Groups["unit"].Value) : Split(text);
    }

    /// <summary>Reads a phrase at <paramref name="now"/> in <paramref name="zone"/>; null when it is not a duration Dex understands.</summary>
    public static GrantTime? Resolve(string phrase, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        ArgumentNullException.ThrowIfNull(zone);
        var p = phrase.Trim().TrimEnd('.', '!').ToLowerInvariant();
        if (Length().Match(p) is { Success: true } len && Amount(len.Groups["n"].Value) is { } n && Unit(len.Groups["unit"].Value) is { } unit)
        {
            return n <= 0 ? null : new GrantTime(unit * n, null);
        }

        var local = TimeZoneInfo.ConvertTime(now, zone);
        if (RestOfDay().IsMatch(p))
        {
            return new GrantTime(null, ToUtc(local.Date.AddDays(1), zone));
        }

        if (Until().Match(p) is not { Success: true } until)
        {
            return null;
        }

        var when = until.Groups["when"].Value.Trim();
        var clock = Clock().Match(when);
        var day = clock.Success ? when[..clock.Index].Trim() : when;
        TimeSpan? at = clock.Success ? TimeOfDay(clock) : null;
        if (clock.Success && at is null)
        {
            return null;
        }

        DateTime date;
        if (day.Length == 0 || day is "today" or "tonight")
        {
            date = local.Date;
            if (at is null && day.Length == 0)
            {
                return null;
            }

            if (at is { } t && local.Date + t <= local.DateTime && day.Length == 0)
            {
                date = date.AddDays(1); // "until 9:00" said in the evening means tomorrow morning
            }
        }
        else if (day is "tomorrow")
        {
            date = local.Date.AddDays(1);
        }
        else if (day is "end of day" or "the end of the day" or "end of the day" or "eod")
        {
            return new GrantTime(null, ToUtc(local.Date.AddDays(1), zone));
        }
        else if (day is "end of week" or "the end of the week" or "end of the week")
        {
            var toSaturday = ((int)DayOfWeek.Saturday - (int)local.DayOfWeek + 7) % 7;
            return new GrantTime(null, ToUtc(local.Date.AddDays(toSaturday == 0 ? 7 : toSaturday), zone));
        }
        else if (Weekday(day.Replace("next ", string.Empty, StringComparison.Ordinal).Replace("this ", string.Empty, StringComparison.Ordinal)) is { } dow)
        {
            var ahead = ((int)dow - (int)local.DayOfWeek + 7) % 7;
            date = local.Date.AddDays(ahead);
            if (ahead == 0 && (at is null || local.Date + at.Value <= local.DateTime))
            {
                date = date.AddDays(7);
            }
        }
        else if (DateTime.TryParseExact(day, ["yyyy-MM-dd", "d MMMM yyyy", "d MMM yyyy", "MMMM d yyyy", "MMM d yyyy", "d MMMM", "d MMM", "MMMM d", "MMM d"], CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            date = parsed.Date;
            if (!day.Contains(parsed.Year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) && date < local.Date)
            {
                date = date.AddYears(1);
            }
        }
        else
        {
            return null;
        }

        // A day without a time means the end of that day.
        var end = ToUtc(at is { } time ? date + time : date.AddDays(1), zone);
        return end <= now ? null : new GrantTime(null, end);
    }

    /// <summary>"8 hours", "2 weeks", "1 day 4 hours", "30 minutes".</summary>
    public static string Describe(TimeSpan span)
    {
        if (span.TotalMinutes < 1)
        {
            return $"{Math.Max(1, (int)Math.Round(span.TotalSeconds))} seconds";
        }

        if (span.Days >= 7 && span.Days % 7 == 0 && span.Hours == 0 && span.Minutes == 0)
        {
            return Plural(span.Days / 7, "week");
        }

        var parts = new List<string>();
        if (span.Days > 0)
        {
            parts.Add(Plural(span.Days, "day"));
        }

        if (span.Hours > 0)
        {
            parts.Add(Plural(span.Hours, "hour"));
        }

        if (span.Minutes > 0 && span.Days == 0)
        {
            parts.Add(Plural(span.Minutes, "minute"));
        }

        return parts.Count == 0 ? Plural(1, "minute") : string.Join(" ", parts);
    }

    /// <summary>"Fri 4 Dec 17:00 (Europe/London)": a UTC instant as the requester reads it.</summary>
    public static string Local(DateTimeOffset at, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return TimeZoneInfo.ConvertTime(at, zone).ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture) + $" ({zone.Id})";
    }

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";

    private static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1); // a wall time skipped by a daylight-saving jump
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, zone), TimeSpan.Zero);
    }

    private static int? Amount(string s) => s switch
    {
        "a" or "an" or "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "twelve" => 12,
        _ => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < 10_000 ? n : null,
    };

    private static TimeSpan? Unit(string s) => s switch
    {
        "minute" or "minutes" or "min" or "mins" or "m" => TimeSpan.FromMinutes(1),
        "hour" or "hours" or "hr" or "hrs" or "h" => TimeSpan.FromHours(1),
        "day" or "days" or "d" => TimeSpan.FromDays(1),
        "week" or "weeks" or "wk" or "wks" or "w" => TimeSpan.FromDays(7),
        "month" or "months" => TimeSpan.FromDays(30),
        _ => null,
    };

    private static DayOfWeek? Weekday(string s) => s.Trim() switch
    {
        "monday" or "mon" => DayOfWeek.Monday,
        "tuesday" or "tue" or "tues" => DayOfWeek.Tuesday,
        "wednesday" or "wed" => DayOfWeek.Wednesday,
        "thursday" or "thu" or "thur" or "thurs" => DayOfWeek.Thursday,
        "friday" or "fri" => DayOfWeek.Friday,
        "saturday" or "sat" => DayOfWeek.Saturday,
        "sunday" or "sun" => DayOfWeek.Sunday,
        _ => null,
    };

    private static TimeSpan? TimeOfDay(Match m)
    {
        var hour = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        var ampm = m.Groups["ap"].Value.ToLowerInvariant();
        if (ampm.Length > 0)
        {
            if (hour is < 1 or > 12)
            {
                return null;
            }

            hour = hour % 12 + (ampm.StartsWith('p') ? 12 : 0);
        }
        else if (m.Groups["noon"].Success)
        {
            return TimeSpan.FromHours(m.Groups["noon"].Value == "noon" ? 12 : 0);
        }
        else if (!m.Groups["m"].Success)
        {
            return null; // "until Friday 5" is too vague: 05:00 or 17:00?
        }

        return hour is >= 0 and < 24 && minute is >= 0 and < 60 ? new TimeSpan(hour, minute, 0) : null;
    }

    private const string Units = @"minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|w|months?";

    [GeneratedRegex(@"(?:^|\s)(?<phrase>(?:for\s+(?:the\s+)?(?:next\s+)?(?:\d{1,4}|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s*(?:" + Units + @")|for\s+(?:the\s+)?rest\s+of\s+(?:the\s+|to)?day|for\s+today|until\s+(?:the\s+)?end\s+of\s+(?:the\s+)?(?:day|week)|until\s+\S.{0,40}?))\s*[.!]?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex Trailing();

    [GeneratedRegex(@"\s+(?:by|for\s+(?:an)?other|for\s+(?=\S+\s+\S+\s+more\b))\s+(?<n>\d{1,4}|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s*(?:more\s+)?(?<unit>" + Units + @")(?:\s+more)?\s*[.!]?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex Extension();

    [GeneratedRegex(@"^for\s+(?:the\s+)?(?:next\s+)?(?<n>\d{1,4}|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s*(?<unit>" + Units + ")$", RegexOptions.CultureInvariant, 200)]
    private static partial Regex Length();

    [GeneratedRegex(@"^(?:for\s+(?:the\s+)?rest\s+of\s+(?:the\s+|to)?day|for\s+today)$", RegexOptions.CultureInvariant, 200)]
    private static partial Regex RestOfDay();

    [GeneratedRegex(@"^until\s+(?:the\s+)?(?<when>.+)$", RegexOptions.CultureInvariant, 200)]
    private static partial Regex Until();

    [GeneratedRegex(@"(?:^|\s)(?:at\s+)?(?:(?<h>\d{1,2}):(?<m>\d{2})\s*(?<ap>am|pm)?|(?<h>\d{1,2})\s*(?<ap>am|pm)|(?<noon>noon|midnight))$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex Clock();
}
