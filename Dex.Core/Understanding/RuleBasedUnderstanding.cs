using System.Text.RegularExpressions;
using Dex.Core.Requests;
using static Dex.Core.Understanding.RulePatterns;

namespace Dex.Core.Understanding;

/// <summary>
/// Rule-based understanding (the default; needs no key). A small pipeline: normalise the text, cut it into
/// clauses, run the guards (embedded instructions, directory roles, out-of-catalogue requests), then each
/// action's <see cref="IStepRecogniser"/> in ascending order (the first that claims a clause wins), then
/// "do the same for X". Targets, groups and fields are taken verbatim from the text. It can only ever
/// build catalogue steps: anything else yields no step and a <see cref="UnderstandingResult.Note"/>.
/// </summary>
public sealed partial class RuleBasedUnderstanding : IRequestUnderstanding
{
    public const string NothingUnderstoodNote =
        "I couldn't match that to anything Dex can do. I can reset passwords or MFA, unlock accounts, unblock risky sign-ins, " +
        "update profiles and photos, add or remove group members, list group members or locked accounts, search users, " +
        "create users and run discovery.";

    public const string RoleNote = "Dex never assigns directory roles or admin rights (a role is not a group); ask a Privileged Role Administrator.";
    public const string InjectionNote = "Instructions embedded in a request are ignored; only catalogue actions are understood.";

    public const string UnreadablePersonNote = "I couldn't tell who that is for; give their full e-mail address (e.g. tom@acme.com) or their name.";

    public const string TooComplexNote = "Part of that message was too complex to read; send shorter requests, one per line.";

    /// <summary>Longest text read; the rest is ignored.</summary>
    public const int MaxTextLength = 4000;

    private static readonly RuleBasedUnderstanding Rules = new();

    private readonly IStepRecogniser[] recognisers;

    /// <summary>The parser with <see cref="StepRecognisers.Default"/>.</summary>
    public RuleBasedUnderstanding()
        : this(StepRecognisers.Default)
    {
    }

    /// <summary>The parser with these recognisers (from DI); orders must be unique and actions from the catalogue.</summary>
    public RuleBasedUnderstanding(IEnumerable<IStepRecogniser> recognisers)
    {
        ArgumentNullException.ThrowIfNull(recognisers);
        this.recognisers = [.. recognisers.OrderBy(r => r.Order)];
        if (this.recognisers.Length == 0)
        {
            throw new ArgumentException("No step recognisers are registered.", nameof(recognisers));
        }

        foreach (var r in this.recognisers)
        {
            if (!Actions.ActionCatalogue.BuiltIn.IsKnown(r.Action))
            {
                throw new ArgumentException($"{r.GetType().Name} names '{r.Action}', which is not a catalogue action.", nameof(recognisers));
            }
        }

        if (this.recognisers.GroupBy(r => r.Order).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new ArgumentException($"Recognisers {string.Join(", ", clash.Select(r => r.GetType().Name))} share order {clash.Key}.", nameof(recognisers));
        }
    }

    /// <summary>The recognisers, in the order they run.</summary>
    public IReadOnlyList<IStepRecogniser> Recognisers => recognisers;

    public Task<UnderstandingResult> UnderstandAsync(string requester, string text, bool hasAttachment, CancellationToken cancellationToken = default)
        => Task.FromResult(Understand(text, hasAttachment));

    /// <summary>The steps asked for, in order (empty when nothing in the catalogue matched).</summary>
    public static IReadOnlyList<IntendedStep> Parse(string text, bool hasAttachment = false) => Analyze(text, hasAttachment).Steps;

    /// <summary>The steps plus a note explaining anything refused or not understood (default recognisers).</summary>
    public static UnderstandingResult Analyze(string text, bool hasAttachment = false) => Rules.Understand(text, hasAttachment);

    /// <summary>The steps plus a note explaining anything refused or not understood.</summary>
    public UnderstandingResult Understand(string text, bool hasAttachment = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var state = new ParseState(hasAttachment);
        if (text.Length > MaxTextLength)
        {
            text = text[..MaxTextLength];
        }

        List<string> clauses;
        try
        {
            clauses = RequestText.SplitClauses(RequestText.FixTypos(RequestText.Normalize(text)));
        }
        catch (RegexMatchTimeoutException)
        {
            return new UnderstandingResult([], "rules", TooComplexNote);
        }

        foreach (var clause in clauses)
        {
            try
            {
                var c = Lead().Replace(clause, string.Empty).Trim();
                var notes = new List<string>();
                if (c.Length > 0 && ClauseGuards.Apply(c, state.Steps.Count > 0, notes) is { } guarded)
                {
                    Recognise(state.Context(guarded), state, notes);
                }

                state.Notes.AddRange(notes);
            }
            catch (RegexMatchTimeoutException)
            {
                // Fail closed: a clause the patterns could not read in time proposes nothing.
                state.Notes.Add(TooComplexNote);
            }
        }

        var steps = Dedupe(state.Steps);
        if (steps.Count == 0 && state.Notes.Count == 0)
        {
            state.Notes.Add(NothingUnderstoodNote);
        }

        return new UnderstandingResult(steps, "rules", state.Notes.Count == 0 ? null : string.Join(" ", state.Notes.Distinct(StringComparer.Ordinal)));
    }

    private void Recognise(ClauseContext clause, ParseState state, List<string> notes)
    {
        foreach (var recogniser in recognisers)
        {
            var recognition = recogniser.Recognise(clause);
            notes.AddRange(recognition.Notes);
            if (recognition.Claimed)
            {
                if (recognition.Steps.Count == 0 && recognition.Notes.Count == 0 && RuleTargets.NamesUnreadablePerson(clause.Text))
                {
                    notes.Add(UnreadablePersonNote);
                }

                state.Apply(recognition.Steps, recogniser.Action == DexActions.CreateUser);
                return;
            }
        }

        state.Apply(RepeatPrevious.Recognise(clause).Steps, remembersCreate: false);
    }

    private static List<IntendedStep> Dedupe(List<IntendedStep> steps)
    {
        var result = new List<IntendedStep>(steps.Count);
        foreach (var step in steps)
        {
            if (!result.Any(r => Same(r, step)))
            {
                result.Add(step);
            }
        }

        return result;
    }

    /// <summary>Value equality of two steps (records compare dictionaries by reference).</summary>
    public static bool Same(IntendedStep a, IntendedStep b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Action == b.Action
            && string.Equals(a.Target, b.Target, StringComparison.Ordinal)
            && a.Targets.SequenceEqual(b.Targets, StringComparer.Ordinal)
            && SameMap(a.Parameters, b.Parameters)
            && SameMap(a.Fields, b.Fields);

        static bool SameMap(IReadOnlyDictionary<string, string> x, IReadOnlyDictionary<string, string> y) =>
            x.Count == y.Count && x.All(kv => y.TryGetValue(kv.Key, out var v) && string.Equals(v, kv.Value, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^(?:(?:and|also|then|plus|so|but|oh|ok|okay|hi|hello|hey|dex|yo|please|pls|kindly|can\s+you|could\s+you|would\s+you|will\s+you|can\s+u|could\s+u|i\s+need\s+you\s+to|i'd\s+like\s+you\s+to|i\s+want\s+you\s+to|go\s+ahead\s+and)\b\s*[,!:]?\s*)+", I, RulePatterns.MatchTimeoutMs)]
    private static partial Regex Lead();

    /// <summary>One parse's state: what earlier clauses produced. Each clause sees it as an immutable <see cref="ClauseContext"/>.</summary>
    private sealed class ParseState(bool hasAttachment)
    {
        private IReadOnlyList<string> lastTargets = [];
        private readonly List<string> lastGroups = [];
        private IntendedStep? lastCreate;

        public List<IntendedStep> Steps { get; } = [];

        public List<string> Notes { get; } = [];

        public ClauseContext Context(string text) =>
            new(text, hasAttachment, lastTargets, [.. lastGroups], Steps.Count > 0 ? Steps[^1] : null, lastCreate);

        public void Apply(IReadOnlyList<ProposedStep> proposed, bool remembersCreate)
        {
            foreach (var p in proposed)
            {
                if (p.Amends is { } original)
                {
                    Steps[Steps.IndexOf(original)] = p.Step;
                    lastCreate = p.Step;
                    continue;
                }

                Add(p.Step, p.Group);
                if (remembersCreate)
                {
                    lastCreate = p.Step;
                }
            }
        }

        private void Add(IntendedStep step, string? group)
        {
            Steps.Add(step);
            IReadOnlyList<string>? targets = step.Targets.Count > 0 ? step.Targets : step.Target is { } t ? [t] : null;
            if (targets is { Count: > 0 } && !(targets.Count == 1 && targets[0] == "me"))
            {
                lastTargets = [.. targets];
            }

            if (group is not null)
            {
                if (Steps.Count < 2 || Steps[^2].Parameters.GetValueOrDefault("group") is null || Steps[^2].Action != step.Action)
                {
                    lastGroups.Clear();
                }

                if (!lastGroups.Contains(group))
                {
                    lastGroups.Add(group);
                }
            }
        }
    }
}
