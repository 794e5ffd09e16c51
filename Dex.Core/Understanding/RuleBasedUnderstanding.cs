using System.Text.RegularExpressions;
using Dex.Core.Requests;

namespace Dex.Core.Understanding;

/// <summary>
/// Rule-based understanding (the default; needs no key). Minimal first version: profile updates
/// and MFA resets. Extended by the understanding issue.
/// </summary>
public sealed partial class RuleBasedUnderstanding : IRequestUnderstanding
{
    public Task<UnderstandingResult> UnderstandAsync(string requester, string text, bool hasAttachment, CancellationToken cancellationToken = default)
        => Task.FromResult(new UnderstandingResult(Parse(text, hasAttachment), "rules"));

    public static IReadOnlyList<IntendedStep> Parse(string text, bool hasAttachment = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var steps = new List<IntendedStep>();
        var lower = text.ToLowerInvariant();

        if (lower.Contains("mfa", StringComparison.Ordinal) || lower.Contains("authenticator", StringComparison.Ordinal))
        {
            var email = Email().Match(text);
            steps.Add(new IntendedStep { Action = DexActions.MfaReset, Target = email.Success ? email.Value : "me" });
        }
        else if (lower.Contains("update", StringComparison.Ordinal) || lower.Contains("change", StringComparison.Ordinal))
        {
            var fields = new Dictionary<string, string>();
            var mobile = Mobile().Match(text);
            if (mobile.Success)
            {
                fields["mobilePhone"] = mobile.Groups["v"].Value.Trim();
            }

            var office = Office().Match(text);
            if (office.Success)
            {
                fields["officeLocation"] = office.Groups["v"].Value.Trim();
            }

            if (fields.Count > 0)
            {
                steps.Add(new IntendedStep { Action = DexActions.UpdateUserProfile, Target = "me", Fields = fields });
            }
        }

        return steps;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex(@"mobile(?:\s+(?:phone|number))?\s+to\s+(?<v>\+?[\d\s().-]{6,}\d)", RegexOptions.IgnoreCase)]
    private static partial Regex Mobile();

    [GeneratedRegex(@"office(?:\s+location)?\s+to\s+""(?<v>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex Office();
}
