using Dex.Core.Requests;

namespace Dex.Core.Workflows;

/// <summary>Reads a requester's answer to "which one do you mean?". Pure, so the orchestrator may call it.</summary>
public static class ClarificationChoices
{
    private static readonly string[] Ordinals = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];

    public static int? Resolve(string reply, IReadOnlyList<ClarificationChoice> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(reply) || options.Count == 0)
        {
            return null;
        }

        var text = reply.Trim().ToLowerInvariant();
        var digits = new string([.. text.Where(char.IsDigit)]);
        if (digits.Length is > 0 and < 3 && int.TryParse(digits, out var n) && n >= 1 && n <= options.Count && !text.Contains('@', StringComparison.Ordinal))
        {
            return n - 1;
        }

        for (var i = 0; i < Ordinals.Length && i < options.Count; i++)
        {
            if (text.Contains(Ordinals[i], StringComparison.Ordinal))
            {
                return i;
            }
        }

        var byUpn = options.Select((o, i) => (o, i)).Where(x => text.Contains(x.o.UserPrincipalName.ToLowerInvariant(), StringComparison.Ordinal)).ToList();
        if (byUpn.Count == 1)
        {
            return byUpn[0].i;
        }

        var byDetail = options.Select((o, i) => (o, i))
            .Where(x => new[] { x.o.Department, x.o.JobTitle, x.o.OfficeLocation }
                .Any(d => !string.IsNullOrWhiteSpace(d) && text.Contains(d.ToLowerInvariant(), StringComparison.Ordinal)))
            .ToList();
        return byDetail.Count == 1 ? byDetail[0].i : null;
    }
}
