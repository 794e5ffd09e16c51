using System.Buffers;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.ListGroupMembers;

/// <summary>"Who belongs to the \"IT Support\" group?", "list members of Sales Team". A department roster is a search (see DepartmentMembersRecogniser).</summary>
public sealed class ListGroupMembersRecogniser : IStepRecogniser
{
    public string Action => DexActions.ListGroupMembers;

    public int Order => 85;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text;
        if (Roster(c) is not { } rest || (DepartmentWord().IsMatch(rest.Named) && Department(c) is not null))
        {
            return Recognition.None;
        }

        var notes = new List<string>();
        var groups = RuleGroups.Find(rest.Named, clause, notes, out _);
        if (groups.Count == 0 && rest.Explicit)
        {
            groups = RuleGroups.Find(rest.After, clause, notes, out _);
        }

        if (groups.Count == 0)
        {
            return Recognition.NoneWith(notes);
        }

        return Recognition.Of([.. groups.Select(g => new ProposedStep(new IntendedStep { Action = DexActions.ListGroupMembers, Parameters = Group(g.Name) }, g.Name))], notes);
    }

    /// <summary>A "who is in X" / "list the X members" question: the text naming X, and the text after the question words.</summary>
    internal static (string Named, string After, bool Explicit)? Roster(string c)
    {
        if (!Has(c, MembersGate) || Members().Match(c) is not { Success: true } members)
        {
            return null;
        }

        var after = c[(members.Index + members.Length)..];
        return members.Groups["g"].Success ? (members.Groups["g"].Value, after, true) : (after, after, false);
    }

    private static readonly SearchValues<string> MembersGate = Gate("who", "member", "roster", "everyone", "everybody", "list", "show");
}
