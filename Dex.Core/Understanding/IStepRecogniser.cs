namespace Dex.Core.Understanding;

/// <summary>
/// One rule of the rule-based parser: recognises one catalogue action in a clause. Recognisers run in
/// ascending <see cref="Order"/>; the first that claims a clause wins, so order is explicit and unique.
/// A recogniser is stateless: everything it may read about the parse so far is in the <see cref="ClauseContext"/>.
/// </summary>
public interface IStepRecogniser
{
    /// <summary>The catalogue action this recogniser proposes (a name from <see cref="Requests.DexActions"/>).</summary>
    string Action { get; }

    /// <summary>Position in the pipeline; lower runs first.</summary>
    int Order { get; }

    /// <summary>The steps (and notes) this clause asks for, or <see cref="Recognition.None"/> when the clause is not this action.</summary>
    Recognition Recognise(ClauseContext clause);
}

/// <summary>
/// What a recogniser may know about one clause: its text (normalised) and what the earlier clauses of the
/// same message produced, for pronouns ("reset his password"), "them" groups and follow-ups. Immutable.
/// </summary>
/// <param name="Text">The clause, normalised, lead words ("please", "can you") removed.</param>
/// <param name="HasAttachment">A file came with the message.</param>
/// <param name="PreviousTargets">The people the last person-bearing step of an earlier clause named ("me" never replaces them).</param>
/// <param name="PreviousGroups">The groups of the last run of group steps.</param>
/// <param name="PreviousStep">The last step proposed so far, if any.</param>
/// <param name="CreatedUser">The create_user step a later "set office to NYC" completes, if any.</param>
public sealed record ClauseContext(
    string Text,
    bool HasAttachment,
    IReadOnlyList<string> PreviousTargets,
    IReadOnlyList<string> PreviousGroups,
    IntendedStep? PreviousStep = null,
    IntendedStep? CreatedUser = null)
{
    /// <summary>A first clause: nothing before it.</summary>
    public static ClauseContext First(string text, bool hasAttachment = false) => new(text, hasAttachment, [], []);
}

/// <summary>A step a recogniser proposes, with the group it names (pronoun "them"/"it" later refer to it).</summary>
/// <param name="Step">The step.</param>
/// <param name="Group">The group or app the step is about, remembered for "add him to them too".</param>
/// <param name="Amends">When set, the step replaces this earlier step instead of being added (create_user details given later).</param>
public sealed record ProposedStep(IntendedStep Step, string? Group = null, IntendedStep? Amends = null);

/// <summary>A recogniser's answer for one clause.</summary>
/// <param name="Claimed">The clause is this action (even with no step, e.g. only a note asking for a detail): later recognisers do not see it.</param>
/// <param name="Steps">The proposed steps, in order.</param>
/// <param name="Notes">Notes for the requester (kept even when the clause is not claimed, e.g. "a role is not a group").</param>
public sealed record Recognition(bool Claimed, IReadOnlyList<ProposedStep> Steps, IReadOnlyList<string> Notes)
{
    /// <summary>Not this action.</summary>
    public static readonly Recognition None = new(false, [], []);

    /// <summary>This action, but nothing to do (e.g. no one could be named).</summary>
    public static readonly Recognition Handled = new(true, [], []);

    public static Recognition Of(IReadOnlyList<ProposedStep> steps, IReadOnlyList<string>? notes = null) => new(true, steps, notes ?? []);

    public static Recognition Of(IEnumerable<IntendedStep> steps) => new(true, [.. steps.Select(s => new ProposedStep(s))], []);

    /// <summary>The clause is this action but a detail is missing: no step, a note saying what to add.</summary>
    public static Recognition Ask(string note) => new(true, [], [note]);

    /// <summary>Not this action, but something worth telling the requester.</summary>
    public static Recognition NoneWith(IReadOnlyList<string> notes) => notes.Count == 0 ? None : new(false, [], notes);
}
