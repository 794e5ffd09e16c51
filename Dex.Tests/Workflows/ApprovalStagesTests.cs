using Dex.Core.Requests;
using Dex.Core.Workflows;

namespace Dex.Tests.Workflows;

/// <summary>When the approval loop wakes up between decisions: the next reminder or the escalation, whichever is first, never past expiry.</summary>
public sealed class ApprovalStages_NextTick
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    private static PolicyDecision Decision(TimeSpan? reminder, TimeSpan? escalate) => new()
    {
        Outcome = PolicyOutcome.ApprovalRequired,
        ReminderEvery = reminder,
        EscalateAfter = escalate,
    };

    [Fact]
    public void ReturnsEscalationGivenItComesBeforeTheNextReminder()
        => Assert.Equal(Start.AddHours(2), ApprovalStages.NextTick(Decision(TimeSpan.FromHours(4), TimeSpan.FromHours(2)), Start, 0, escalated: false, Start.AddDays(1)));

    [Fact]
    public void ReturnsLaterRemindersGivenEscalationDone()
        => Assert.Equal(Start.AddHours(12), ApprovalStages.NextTick(Decision(TimeSpan.FromHours(4), TimeSpan.FromHours(2)), Start, 2, escalated: true, Start.AddDays(1)));

    [Fact]
    public void ReturnsNullGivenNextTickPastExpiry()
        => Assert.Null(ApprovalStages.NextTick(Decision(TimeSpan.FromHours(4), null), Start, 0, escalated: true, Start.AddHours(3)));
}
