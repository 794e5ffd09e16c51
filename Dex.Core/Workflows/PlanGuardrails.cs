using Dex.Core.Directory;
using Dex.Core.Policy;
using Dex.Core.Requests;

namespace Dex.Core.Workflows;

/// <summary>
/// The facts the guardrails decide on, found for every target of a step (bulk ones included): who is privileged
/// and why, and who receives a generated credential. Found in the directory, never taken from the text.
/// </summary>
public sealed class PlanGuardrails(DirectoryService directory, PolicyDocument policy)
{
    /// <summary>Parameters that name who receives a generated credential.</summary>
    public static readonly IReadOnlyList<string> CredentialRecipientKeys = ["sendTo", "sendCredentialsTo"];

    public async Task<PlannedStep> ApplyAsync(PlannedStep step, RequesterContext requester, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(requester);
        var people = new List<TargetRef>();
        if (step.Target is not null)
        {
            people.Add(step.Target);
        }

        people.AddRange(step.Targets);
        people = [.. people.DistinctBy(p => p.Id, StringComparer.OrdinalIgnoreCase)];
        var privileged = new List<string>();
        if (people.Count > 0)
        {
            var findings = await directory.FindPrivilegeAsync([.. people.Select(p => p.Id)], policy.Guardrails.PrivilegedRoles, ct);
            privileged.AddRange(people
                .Where(p => findings.TryGetValue(p.Id, out var f) && f.Privileged)
                .Select(p => $"{p.DisplayName} ({p.UserPrincipalName}): {string.Join("; ", findings[p.Id].Reasons)}"));
        }

        var (recipient, other) = await RecipientAsync(step, requester, ct);
        return step with
        {
            // One privileged target makes the whole step need what it would need alone.
            TargetIsPrivileged = privileged.Count > 0,
            PrivilegedTargets = privileged,
            CredentialRecipient = recipient,
            CredentialRecipientIsOther = other,
        };
    }

    /// <summary>The credential's recipient, and whether it is anyone but the target, the requester or the target's manager.</summary>
    private async Task<(string? Recipient, bool Other)> RecipientAsync(PlannedStep step, RequesterContext requester, CancellationToken ct)
    {
        var key = CredentialRecipientKeys.FirstOrDefault(step.Parameters.ContainsKey);
        if (key is null)
        {
            return (null, false);
        }

        var recipient = step.Parameters[key];
        var allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { requester.UserPrincipalName };
        if (step.Target is not null)
        {
            allowed.Add(step.Target.UserPrincipalName);
            if (!allowed.Contains(recipient) && await directory.GetManagerAsync(step.Target.Id, ct) is { } manager)
            {
                allowed.Add(manager.UserPrincipalName);
            }
        }

        // A new account's manager is named in the same request and resolved in the directory.
        if (step.Parameters.TryGetValue("manager", out var named))
        {
            allowed.Add(named);
        }

        if (step.Parameters.TryGetValue("userPrincipalName", out var newAccount))
        {
            allowed.Add(newAccount);
        }

        return (recipient, !allowed.Contains(recipient));
    }
}
