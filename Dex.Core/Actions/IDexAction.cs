using Dex.Core.Policy;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using Dex.Core.Workflows;

namespace Dex.Core.Actions;

/// <summary>
/// Everything one catalogue action is: its catalogue entry, how it is planned against the directory,
/// how its step reads, the policy facts it exposes, and its idempotent execution with its reply.
/// Registered in DI; the catalogue is the set of registered actions.
/// </summary>
public interface IDexAction
{
    ActionEntry Entry { get; }

    /// <summary>Checks a proposed step beyond the shape the entry declares; null when acceptable, else why not.</summary>
    string? Validate(IntendedStep step);

    /// <summary>Resolves and validates the step's names and values in the directory.</summary>
    Task<StepPlan> PlanAsync(StepPlanning planning, CancellationToken cancellationToken);

    /// <summary>Current state worth knowing before acting (e.g. "already a member"), or null.</summary>
    Task<string?> ObserveAsync(StepPlanning planning, PlannedStep step, CancellationToken cancellationToken);

    /// <summary>What the step will do, in words the requester (self) or an approver reads.</summary>
    string Describe(PlannedStep step, bool self);

    /// <summary>The typed facts policy decides on, all found in the directory.</summary>
    StepFacts PolicyFacts(PlannedStep step, RequesterContext requester);

    /// <summary>True when <paramref name="mine"/> already does what <paramref name="other"/> would (the other is dropped).</summary>
    bool Supersedes(PlannedStep mine, PlannedStep other);

    /// <summary>Performs the step; safe to run again (a retried activity converges).</summary>
    Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken);
}

/// <summary>What planning one step produced: the completed step, why it cannot be planned, or a question to ask first.</summary>
public readonly record struct StepPlan(PlannedStep? Step, string? Problem, Clarification? Question = null)
{
    public static StepPlan Ok(PlannedStep step) => new(step, null);

    public static StepPlan Fail(string problem) => new(null, problem);

    /// <summary>A value matched several things (e.g. "E3"): ask, never guess. The answer comes back through <see cref="StepPlanning.Choice"/>.</summary>
    public static StepPlan Ask(Clarification question) => new(null, null, question);
}
