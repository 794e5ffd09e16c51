using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dex.Core.Actions;
using Dex.Core.Directory;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Core.Workflows;

/// <summary>
/// Investigates what was understood: resolves every person in the directory, lets each step's action
/// resolve and check the rest (groups, recipients, values), reads the state that matters, and
/// produces the exact plan. Ambiguity becomes a question, not a guess.
/// </summary>
public sealed class RequestPlanner(DirectoryService directory, ActionCatalogue catalogue, PlanningServices services, RequesterResolver requesters, Policy.PolicyDocument policy)
{
    private readonly PlanGuardrails guardrails = new(directory, services.Policy);

    public const string NothingUnderstood =
        "I didn't recognise a request I can act on. I can reset passwords and MFA, unblock sign-ins, unlock accounts, update profiles and photos, manage group access, and assign, remove and reclaim licences; for example: \"Reset MFA for tom@acme.com\".";

    /// <summary>The requester's context: from the account intake already found when there is one, else looked up by UPN.</summary>
    public Task<RequesterContext> RequesterAsync(string requesterUpn, TargetRef? account, CancellationToken cancellationToken = default)
        => account is null ? requesters.RequireAsync(requesterUpn, cancellationToken) : requesters.OfAccountAsync(account, cancellationToken);

    /// <summary>Plans for a requester known by UPN (resolved here, once).</summary>
    public async Task<Plan> PlanAsync(
        string requesterUpn,
        UnderstandingResult understood,
        IReadOnlyDictionary<string, string>? choices = null,
        IReadOnlyList<string>? attachmentIds = null,
        CancellationToken cancellationToken = default)
        => await PlanAsync(await requesters.RequireAsync(requesterUpn, cancellationToken), understood, choices, attachmentIds, cancellationToken);

    public async Task<Plan> PlanAsync(
        RequesterContext requester,
        UnderstandingResult understood,
        IReadOnlyDictionary<string, string>? choices = null,
        IReadOnlyList<string>? attachmentIds = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requester);
        ArgumentNullException.ThrowIfNull(understood);
        attachmentIds ??= [];
        choices ??= new Dictionary<string, string>();
        if (understood.Steps.Count == 0 && understood.Help is { } topic)
        {
            return Finish(requester, [], null, null, understood.Source) with { Answer = DexHelp.Answer(topic, requester, policy) };
        }

        if (understood.Steps.Count == 0)
        {
            return Finish(requester, [], null, understood.Note ?? NothingUnderstood, understood.Source);
        }

        var steps = new List<(IDexAction Action, PlannedStep Step)>();
        var problems = new List<string>();

        // Many named people (a bulk unlock of 200) are looked up together in a few filtered calls, not one by one.
        var named = understood.Steps.SelectMany(s => s.Targets).Where(t => t.Contains('@', StringComparison.Ordinal)).ToList();
        var known = named.Count > 1 ? await directory.FindUsersByUpnAsync(named, cancellationToken) : null;
        foreach (var intent in understood.Steps)
        {
            if (catalogue.Find(intent.Action) is not { } action)
            {
                problems.Add($"'{intent.Action}' is not something Dex can do.");
                continue;
            }

            var people = await ResolvePeopleAsync(action.Entry, intent, requester, choices, known, cancellationToken);
            if (people.Question is not null)
            {
                return Finish(requester, [.. steps.Select(s => s.Step)], people.Question, null, understood.Source);
            }

            problems.AddRange(people.Problems);
            if (people.TargetMissing)
            {
                continue;
            }

            var draft = new PlannedStep { Index = steps.Count, Action = intent.Action, Target = people.Target?.ToRef(), Targets = people.Targets, Summary = string.Empty };
            var planning = new StepPlanning(services, requester, intent, draft, people.Target, attachmentIds, choices);
            var planned = await action.PlanAsync(planning, cancellationToken);
            if (planned.Question is not null)
            {
                return Finish(requester, [.. steps.Select(s => s.Step)], planned.Question, null, understood.Source);
            }
            if (planned.Problem is not null || planned.Step is null)
            {
                problems.Add(planned.Problem ?? $"{intent.Action} could not be planned.");
                continue;
            }

            // Every target of the step is checked, bulk ones included (see PlanGuardrails).
            var step = await guardrails.ApplyAsync(planned.Step with { IsReadOnly = action.Entry.ReadOnly }, requester, cancellationToken);
            step = step with
            {
                Summary = action.Describe(step, IsSelf(step, requester)),
                Observation = await action.ObserveAsync(planning, step, cancellationToken),
            };
            steps.Add((action, step));
        }

        // A step another step already covers (e.g. an unlock of someone being unblocked) is dropped.
        var kept = steps
            .Where(s => !steps.Any(o => !ReferenceEquals(o.Step, s.Step) && o.Action.Supersedes(o.Step, s.Step)))
            .Select((s, i) => s.Step with { Index = i })
            .ToList();

        return kept.Count == 0 || problems.Count > 0
            ? Finish(requester, kept, null, string.Join(" ", problems.Distinct()), understood.Source)
            : Finish(requester, kept, null, null, understood.Source);
    }

    private sealed record People(DirectoryUser? Target, IReadOnlyList<TargetRef> Targets, Clarification? Question, IReadOnlyList<string> Problems, bool TargetMissing);

    /// <summary>The step's target and bulk targets, resolved; a new account's address is not looked up.</summary>
    private async Task<People> ResolvePeopleAsync(
        ActionEntry entry, IntendedStep intent, RequesterContext requester, IReadOnlyDictionary<string, string> choices, IReadOnlyDictionary<string, DirectoryUser>? known, CancellationToken ct)
    {
        DirectoryUser? target = null;
        var problems = new List<string>();
        if (intent.Target is not null && entry.Target is not ActionTarget.NewAccount)
        {
            var (user, question, problem) = await ResolvePersonAsync(intent.Target, requester.UserPrincipalName, choices, ct);
            if (question is not null)
            {
                return new People(null, [], question, [], true);
            }

            if (problem is not null)
            {
                return new People(null, [], null, [problem], true);
            }

            target = user;
        }

        var targets = new List<TargetRef>();
        foreach (var raw in intent.Targets)
        {
            if (known is not null && !choices.ContainsKey(raw.Trim().ToLowerInvariant()) && known.TryGetValue(raw.Trim(), out var prefetched))
            {
                targets.Add(prefetched.ToRef());
                continue;
            }

            var (user, question, problem) = await ResolvePersonAsync(raw, requester.UserPrincipalName, choices, ct);
            if (question is not null)
            {
                return new People(null, [], question, [], true);
            }

            if (problem is not null)
            {
                problems.Add(problem);
                continue;
            }

            targets.Add(user!.ToRef());
        }

        return new People(target, targets, null, problems, false);
    }

    private async Task<(DirectoryUser? User, Clarification? Question, string? Problem)> ResolvePersonAsync(
        string raw, string requesterUpn, IReadOnlyDictionary<string, string> choices, CancellationToken ct)
    {
        if (choices.TryGetValue(raw.Trim().ToLowerInvariant(), out var chosenId))
        {
            var chosen = await directory.FindUserAsync(chosenId, ct);
            if (chosen is not null)
            {
                return (chosen, null, null);
            }
        }

        var lookup = await directory.ResolveUserAsync(raw, requesterUpn, ct);
        if (lookup.Found)
        {
            return (lookup.Match, null, null);
        }

        if (lookup.Ambiguous)
        {
            var options = lookup.Candidates
                .Select(c => new ClarificationChoice(c.Id, $"{c.DisplayName} ({c.UserPrincipalName}{Detail(c)})", c.UserPrincipalName, c.Department, c.JobTitle, c.OfficeLocation))
                .ToList();
            return (null, new Clarification($"I found {options.Count} people called \"{raw.Trim()}\". Which one do you mean?", options, raw.Trim().ToLowerInvariant()), null);
        }

        return (null, null, $"I couldn't find anyone called \"{raw.Trim()}\" in the directory.");
    }

    private static string Detail(DirectoryUser u)
    {
        var parts = new[] { u.JobTitle, u.Department }.Where(p => !string.IsNullOrWhiteSpace(p));
        var text = string.Join(", ", parts);
        return text.Length == 0 ? string.Empty : ", " + text;
    }

    private static bool IsSelf(PlannedStep s, RequesterContext requester)
        => s.Target is not null && string.Equals(s.Target.Id, requester.Id, StringComparison.OrdinalIgnoreCase);

    private static Plan Finish(RequesterContext requester, IReadOnlyList<PlannedStep> steps, Clarification? question, string? problem, string source)
        => new()
        {
            Requester = requester,
            Steps = question is null && problem is null ? steps : [],
            Clarification = question,
            Problem = problem,
            Hash = HashOf(question is null && problem is null ? steps : []),
            UnderstoodBy = source,
        };

    /// <summary>The plan hash binds approvals to the exact steps: any change to action, target, group or values changes it.</summary>
    public static string HashOf(IReadOnlyList<PlannedStep> steps)
    {
        var canonical = JsonSerializer.Serialize(steps.Select(s => new
        {
            s.Action,
            Target = s.Target?.Id,
            Targets = s.Targets.Select(t => t.Id).ToArray(),
            Group = s.Group?.Id,
            Parameters = s.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray(),
            Fields = s.Fields.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray(),
        }));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..32];
    }
}
