using Dex.Core.Approvals;
using Dex.Core.Intake;
using Dex.Core.Requests;
using Dex.Core.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Dex.Web.Approvals;

/// <summary>
/// <c>GET/POST /api/approvals/{token}</c>: the approval page, and the decision it posts. The signed, single-use link
/// is the approver's credential; every check runs on GET (the page) and again on POST (the decision).
/// </summary>
public sealed class ApprovalEndpoints(
    DurableTaskClient durable,
    ApprovalTokenService tokens,
    IApprovalTokenLedger ledger,
    TimeProvider time)
{
    public async Task<IResult> GetAsync(string token, CancellationToken cancellationToken)
    {
        var (claims, view, problem) = await CheckAsync(token, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return ApprovalPages.Review(view!, claims!.Approver, claims.Stage, claims.ExpiresAt, token);
    }

    public async Task<IResult> PostAsync(string token, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? decision = null, comment = null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            decision = form["decision"].ToString();
            comment = form["comment"].ToString();
        }

        decision = decision?.Trim().ToLowerInvariant();
        if (decision is not (ApprovalDecisionEvent.Approve or ApprovalDecisionEvent.Deny))
        {
            return ApprovalPages.Problem(StatusCodes.Status400BadRequest, "Choose approve or deny", "The form must say decision=approve or decision=deny.");
        }

        if (comment is { Length: > 1000 })
        {
            return ApprovalPages.Problem(StatusCodes.Status400BadRequest, "Comment too long", "Comments are limited to 1000 characters.");
        }

        var (claims, _, problem) = await CheckAsync(token, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!await ledger.TryConsumeAsync(claims!.TokenId, cancellationToken))
        {
            return ApprovalPages.Problem(StatusCodes.Status409Conflict, "Already used", "This approval link has already been used. Each link decides once.");
        }

        await durable.RaiseEventAsync(
            claims.RequestId,
            ApprovalDecisionEvent.EventName,
            new ApprovalDecisionEvent(claims.TokenId, claims.Approver, claims.Stage, claims.PlanHash, decision, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), time.GetUtcNow()),
            cancellationToken);
        return ApprovalPages.Recorded(claims.RequestId, decision);
    }

    private async Task<(ApprovalClaims? Claims, RequestView? View, IResult? Problem)> CheckAsync(string token, CancellationToken cancellationToken)
    {
        var (claims, verdict) = tokens.Verify(token);
        switch (verdict)
        {
            case TokenProblem.Malformed:
            case TokenProblem.BadSignature:
                return (null, null, ApprovalPages.Problem(StatusCodes.Status400BadRequest, "Invalid approval link", "This approval link is not valid. It may have been altered or copied incompletely."));
            case TokenProblem.Expired:
                return (null, null, ApprovalPages.Problem(StatusCodes.Status410Gone, "Link expired", "This approval link has expired. The request can no longer be approved."));
        }

        if (await ledger.IsConsumedAsync(claims!.TokenId, cancellationToken))
        {
            return (null, null, ApprovalPages.Problem(StatusCodes.Status409Conflict, "Already used", "This approval link has already been used. Each link decides once."));
        }

        var view = await RequestViews.FindAsync(durable, claims.RequestId, cancellationToken);
        if (view is null)
        {
            return (null, null, ApprovalPages.Problem(StatusCodes.Status404NotFound, "Request not found", "The request behind this link no longer exists."));
        }

        if (view.Status != RequestStatus.AwaitingApproval)
        {
            return (null, null, ApprovalPages.Problem(StatusCodes.Status409Conflict, "No longer waiting", $"This request is {view.Status.Replace('_', ' ')}; it is not waiting for approval."));
        }

        if (view.PlanHash != claims.PlanHash)
        {
            return (null, null, ApprovalPages.Problem(StatusCodes.Status409Conflict, "Plan changed", "The plan changed after this link was sent, so this link no longer applies."));
        }

        if (string.Equals(claims.Approver, view.Requester, StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, ApprovalPages.Problem(StatusCodes.Status403Forbidden, "Not allowed", "Requesters cannot approve their own requests."));
        }

        if (view.Approvals.Any(a => string.Equals(a.Approver, claims.Approver, StringComparison.OrdinalIgnoreCase) && a.Stage == claims.Stage))
        {
            return (null, null, ApprovalPages.Problem(StatusCodes.Status409Conflict, "Already decided", "You have already decided on this request."));
        }

        return (claims, view, null);
    }
}
