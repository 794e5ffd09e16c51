using Dex.Core.Directory;
using Dex.Core.Requests;

namespace Dex.Core.Policy;

/// <summary>
/// Turns a plan into one policy decision: evaluates each step, looks up the people who approve
/// (never the requester), and merges the stages. Approval with nobody eligible is a denial, not a pass.
/// </summary>
public sealed class PolicyEvaluator(PolicyDocument policy, DirectoryService directory, Discovery.IDiscoveryStore discovery, Actions.ActionCatalogue catalogue)
{
    public PolicyDocument Policy => policy;

    public async Task<PolicyDecision> EvaluateAsync(Plan plan, CancellationToken cancellationToken = default)
        => await EvaluateAsync(plan, requestText: null, cancellationToken);

    /// <summary>Evaluates the plan; <paramref name="requestText"/> is checked for a justification where policy requires one.</summary>
    public async Task<PolicyDecision> EvaluateAsync(Plan plan, string? requestText, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Steps.Count == 0)
        {
            return new PolicyDecision { Outcome = PolicyOutcome.Deny, Reasons = [plan.Problem ?? "Nothing to do."] };
        }

        var reasons = new List<string>();
        var denials = new List<string>();
        var stages = new List<ApprovalStage>();
        TimeSpan expiry = TimeSpan.MaxValue;
        TimeSpan? reminder = null, escalate = null;
        var escalationApprovers = new List<string>();
        var fallbackApprovers = new List<string>();
        var justification = false;

        var allFacts = new List<StepFacts>();
        foreach (var step in plan.Steps)
        {
            var facts = Facts(step, plan.Requester);
            allFacts.Add(facts);
            var verdict = PolicyEngine.Evaluate(policy, plan.Requester, facts);
            reasons.AddRange(verdict.Reasons);
            if (verdict.Outcome == PolicyOutcome.Deny)
            {
                denials.AddRange(verdict.Reasons);
                continue;
            }

            if (verdict.Outcome != PolicyOutcome.ApprovalRequired)
            {
                continue;
            }

            justification |= verdict.RequireJustification;
            expiry = Min(expiry, verdict.Settings.Expiry ?? TimeSpan.FromHours(24));
            reminder = MinNullable(reminder, verdict.Settings.ReminderEvery);
            escalate = MinNullable(escalate, verdict.Settings.EscalateAfter);
            if (verdict.Settings.EscalationApprovers is { } esc)
            {
                escalationApprovers.AddRange(await ResolveAsync(esc, step, plan.Requester, cancellationToken));
            }
            else
            {
                fallbackApprovers.AddRange(await ResolveAsync(DefaultEscalation, step, plan.Requester, cancellationToken));
            }

            foreach (var s in verdict.Stages)
            {
                var people = await ResolveAsync(s.Approvers, step, plan.Requester, cancellationToken);
                var existing = stages.FindIndex(x => x.Name == s.Name);
                if (existing >= 0)
                {
                    var merged = stages[existing];
                    stages[existing] = merged with
                    {
                        Approvers = [.. merged.Approvers.Union(people, StringComparer.OrdinalIgnoreCase)],
                        Quorum = Math.Max(merged.Quorum, s.Quorum),
                    };
                }
                else
                {
                    stages.Add(new ApprovalStage(s.Name, people, s.Quorum, s.Approvers.Describe()));
                }
            }
        }

        if (denials.Count > 0)
        {
            return new PolicyDecision { Outcome = PolicyOutcome.Deny, Reasons = denials, Facts = allFacts };
        }

        if (stages.Count == 0)
        {
            return new PolicyDecision { Outcome = PolicyOutcome.Allow, Reasons = reasons, Facts = allFacts };
        }

        if (justification && requestText is not null && !Justification.IsGiven(requestText))
        {
            return new PolicyDecision
            {
                Outcome = PolicyOutcome.Deny,
                Reasons = ["Policy requires a reason for this request. Ask again and say why, e.g. \"... because she is locked out before the audit\"."],
                Facts = allFacts,
            };
        }

        var escalation = escalationApprovers.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var takeOver = escalation.Union(fallbackApprovers, StringComparer.OrdinalIgnoreCase).ToList();
        for (var i = 0; i < stages.Count; i++)
        {
            var s = stages[i];
            if (s.Approvers.Count >= s.Quorum)
            {
                continue;
            }

            // Nobody (or too few) can approve this stage on this tenant: the escalation approvers take it rather than a flat
            // denial, and the requester is told why. Only when they are too few as well is it denied.
            var fallback = takeOver.Except(stages.Where((_, j) => j != i).SelectMany(x => x.Approvers), StringComparer.OrdinalIgnoreCase).ToList();
            if (fallback.Count < s.Quorum)
            {
                fallback = takeOver;
            }

            if (fallback.Count < s.Quorum)
            {
                return new PolicyDecision
                {
                    Outcome = PolicyOutcome.Deny,
                    Reasons = [$"Approval stage '{s.Name}' needs {s.Quorum} approver(s) from {s.Basis}, but only {s.Approvers.Count} eligible person(s) exist besides you, and there are too few escalation approvers to take it."],
                    Facts = allFacts,
                };
            }

            reasons.Add($"Nobody besides you can approve stage '{s.Name}' ({s.Basis} has {s.Approvers.Count} eligible), so it goes to the escalation approvers ({string.Join(", ", fallback)}).");
            stages[i] = s with { Approvers = fallback, Basis = $"escalation approvers (no eligible approver from {s.Basis})" };
        }

        return new PolicyDecision
        {
            Outcome = PolicyOutcome.ApprovalRequired,
            Facts = allFacts,
            Stages = stages,
            Reasons = reasons,
            Expiry = expiry == TimeSpan.MaxValue ? TimeSpan.FromHours(24) : expiry,
            ReminderEvery = reminder,
            EscalateAfter = escalate,
            EscalationApprovers = escalation,
            JustificationRequired = justification,
            ApproverMfa = policy.ApproverMfa.Enabled && plan.Steps.Any(s =>
                policy.ApproverMfa.Actions.Contains(s.Action, StringComparer.OrdinalIgnoreCase) || (policy.ApproverMfa.PrivilegedTargets && s.TargetIsPrivileged)),
        };
    }

    /// <summary>Is this person still eligible to approve this stage right now (membership can change while waiting)?</summary>
    public async Task<bool> IsStillEligibleAsync(Plan plan, string stageName, string approver, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (string.Equals(approver, plan.Requester.UserPrincipalName, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var step in plan.Steps)
        {
            var verdict = PolicyEngine.Evaluate(policy, plan.Requester, Facts(step, plan.Requester));
            foreach (var s in verdict.Stages.Where(s => s.Name == stageName))
            {
                var people = await ResolveAsync(s.Approvers, step, plan.Requester, cancellationToken);
                if (people.Contains(approver, StringComparer.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            if ((await ResolveAsync(verdict.Settings.EscalationApprovers ?? DefaultEscalation, step, plan.Requester, cancellationToken)).Contains(approver, StringComparer.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The step's facts as its action exposes them; a step of no registered action is stated as unknown (policy denies it).</summary>
    public StepFacts Facts(PlannedStep step, RequesterContext requester)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(requester);
        return catalogue.Find(step.Action)?.PolicyFacts(step, requester) ?? new StepFacts(step.Action, step.Target is not null, false);
    }

    private async Task<IReadOnlyList<string>> ResolveAsync(ApproverSpec spec, PlannedStep step, RequesterContext requester, CancellationToken ct)
    {
        var people = new List<string>();
        foreach (var role in spec.Roles)
        {
            people.AddRange((await directory.GetRoleMembersAsync(role, ct)).Where(u => u.AccountEnabled).Select(u => u.UserPrincipalName));
            if (spec.IncludeEligible)
            {
                people.AddRange((await directory.GetEligibleRoleMembersAsync(role, ct)).Where(u => u.AccountEnabled).Select(u => u.UserPrincipalName));
            }
        }

        foreach (var groupName in spec.Groups)
        {
            var group = await directory.ResolveGroupAsync(groupName, ct);
            if (group.Match is not null)
            {
                people.AddRange((await directory.GetGroupMembersAsync(group.Match.Id, ct)).Where(u => u.AccountEnabled).Select(u => u.UserPrincipalName));
            }
        }

        people.AddRange(spec.Users);
        if (spec.Manager && step.Target is not null)
        {
            var manager = await directory.GetManagerAsync(step.Target.Id, ct);
            if (manager is { AccountEnabled: true })
            {
                people.Add(manager.UserPrincipalName);
            }
        }

        if (spec.Discovered && await discovery.LatestAsync(ct) is { } snapshot)
        {
            // Proposed by discovery; members are read live so someone removed since the snapshot is not asked.
            foreach (var proposal in snapshot.ProposedApproverGroups)
            {
                people.AddRange((await directory.GetGroupMembersAsync(proposal.GroupId, ct)).Where(u => u.AccountEnabled).Select(u => u.UserPrincipalName));
            }
        }

        if (spec.GroupOwners && step.Group is not null && step.Group.Kind != GroupKind.App)
        {
            people.AddRange((await directory.GetGroupOwnersAsync(step.Group.Id, ct)).Where(u => u.AccountEnabled).Select(u => u.UserPrincipalName));
        }

        // A requester never approves their own request, whatever the policy names.
        return [.. people
            .Where(p => !string.Equals(p, requester.UserPrincipalName, StringComparison.OrdinalIgnoreCase))
            .Select(p => p.ToLowerInvariant())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Escalation approvers when the policy names none: Global Administrators, active or eligible (every tenant has them).</summary>
    public static readonly ApproverSpec DefaultEscalation = new() { Roles = [PrivilegedRoles.GlobalAdministrator], IncludeEligible = true };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan? MinNullable(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : Min(a.Value, b.Value);
}

/// <summary>Whether a request says why (policy can require a justification before approvers are asked).</summary>
public static class Justification
{
    private static readonly string[] Markers = ["because", "since ", "due to", "reason", "so that", "so she", "so he", "so they", "so i ", "needs to", "needed for", "as she", "as he", "as they", "as i "];

    public static bool IsGiven(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lower = text.ToLowerInvariant();
        return Markers.Any(m => lower.Contains(m, StringComparison.Ordinal)) || lower.Contains(" - ", StringComparison.Ordinal) || lower.Contains('—', StringComparison.Ordinal) || lower.Contains(", he ", StringComparison.Ordinal) || lower.Contains(", she ", StringComparison.Ordinal);
    }
}
