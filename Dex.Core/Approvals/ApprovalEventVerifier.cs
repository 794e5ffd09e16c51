namespace Dex.Core.Approvals;

/// <summary>What the orchestrator asks about a decision event before counting it.</summary>
public sealed record ApprovalEventCheck(string RequestId, string PlanHash, string Stage, ApprovalDecisionEvent Decision);

/// <summary>
/// Re-verifies, inside the workflow, the approval link a decision event carries: signed by Dex, for this request,
/// approver, stage and plan, and already used up by the decision page (which consumes the link before it raises the
/// event). An event written straight into the task hub, without going through the signed-in decision page, fails.
/// </summary>
public sealed class ApprovalEventVerifier(ApprovalTokenService tokens, IApprovalTokenLedger ledger)
{
    public const string ActivityName = "VerifyApprovalEvent";

    /// <summary>Null when the event is genuine; otherwise why it is not.</summary>
    public async Task<string?> VerifyAsync(ApprovalEventCheck input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var e = input.Decision;
        if (string.IsNullOrEmpty(e.Token))
        {
            return "the decision carries no approval link";
        }

        // Expiry is the workflow's own timer; here only authenticity and binding matter.
        var (claims, problem) = tokens.Verify(e.Token);
        if (claims is null || problem is TokenProblem.Malformed or TokenProblem.BadSignature)
        {
            return "the approval link in the decision is not one Dex signed";
        }

        if (claims.RequestId != input.RequestId || claims.TokenId != e.TokenId || claims.PlanHash != input.PlanHash || claims.Stage != e.Stage
            || !string.Equals(claims.Approver, e.Approver, StringComparison.OrdinalIgnoreCase))
        {
            return "the decision does not match the approval link it carries";
        }

        return await ledger.IsConsumedAsync(claims.TokenId) ? null : "the approval link was never used on the decision page";
    }
}
