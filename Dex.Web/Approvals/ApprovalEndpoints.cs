using System.Diagnostics;
using Dex.Core.Approvals;
using Dex.Core.Audit;
using Dex.Core.Intake;
using Dex.Core.Requests;
using Dex.Web.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Dex.Web.Approvals;

/// <summary>
/// <c>GET/POST /api/approvals/{token}</c> (DESIGN §5, §8): the page and the decision need an Entra sign-in as the approver
/// the signed link names; GET changes nothing; the decision is a POST carrying the page's form token, counted once.
/// </summary>
public sealed class ApprovalEndpoints(
    DurableTaskClient durable,
    ApprovalTokenService tokens,
    IApprovalTokenLedger ledger,
    IAuditLog audit,
    TimeProvider time,
    SignInOptions? signIn = null)
{
    /// <summary>How long the decision page waits for the workflow to count (or refuse) the decision.</summary>
    private static readonly TimeSpan OutcomeWait = TimeSpan.FromSeconds(20);

    private LinkSignInGate Gate => new(signIn, audit, time);

    public async Task<IResult> GetAsync(string token, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var opened = await OpenAsync(token, request, cancellationToken);
        if (opened.Refusal is not null)
        {
            return opened.Refusal;
        }

        var (claims, view, user) = opened.Link!;
        return ApprovalPages.Review(view, claims.Approver, claims.Stage, claims.ExpiresAt, token, tokens.FormToken(claims.TokenId, user.ObjectId), user.UserPrincipalName);
    }

    /// <summary>The link is valid and still decides, and the signed-in person is its approver (with MFA when policy says so).</summary>
    private async Task<(OpenedLink? Link, IResult? Refusal)> OpenAsync(string token, HttpRequest request, CancellationToken cancellationToken)
    {
        var (claims, view, problem) = await CheckAsync(token, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        var (user, refused) = await Gate.RequireAsync(request, claims!.Approver, "/api/approvals/" + token, view!.Decision?.ApproverMfa == true, claims.RequestId, "approval", cancellationToken);
        return refused is not null ? (null, refused) : (new OpenedLink(claims, view, user!), null);
    }

    private sealed record OpenedLink(ApprovalClaims Claims, RequestView View, SignedInUser User);

    public async Task<IResult> PostAsync(string token, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? decision = null, comment = null, formToken = null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            decision = form["decision"].ToString();
            comment = form["comment"].ToString();
            formToken = form[ApprovalPages.FormTokenField].ToString();
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

        var opened = await OpenAsync(token, request, cancellationToken);
        if (opened.Refusal is not null)
        {
            return opened.Refusal;
        }

        var (claims, _, user) = opened.Link!;
        if (LinkSignInGate.IsCrossSite(request) || !tokens.IsFormToken(formToken, claims.TokenId, user.ObjectId))
        {
            await LinkRefusals.AuditAsync(audit, time, claims.RequestId, user.UserPrincipalName, "approval_refused", "the decision form did not come from Dex's own approval page (cross-site request or missing form token)", cancellationToken);
            return ApprovalPages.Problem(StatusCodes.Status403Forbidden, "Request refused", "This decision did not come from the approval page itself, so it was not counted. Open the link and decide there; it still works.");
        }

        if (!await ledger.TryConsumeAsync(claims.TokenId, cancellationToken))
        {
            return ApprovalPages.Problem(StatusCodes.Status409Conflict, "Already used", "This approval link has already been used. Each link decides once.");
        }

        var seenUpTo = await LastAuditSeqAsync(claims.RequestId, cancellationToken);
        await durable.RaiseEventAsync(
            claims.RequestId,
            ApprovalDecisionEvent.EventName,
            new ApprovalDecisionEvent(claims.TokenId, claims.Approver, claims.Stage, claims.PlanHash, decision, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), time.GetUtcNow(), token, user.UserPrincipalName),
            cancellationToken);
        return await OutcomeAsync(claims, decision, seenUpTo, cancellationToken);
    }

    /// <summary>The page tells what the workflow did with the decision: counted, refused (and why), or still pending.</summary>
    private async Task<IResult> OutcomeAsync(ApprovalClaims claims, string decision, long seenUpTo, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < OutcomeWait)
        {
            var view = await RequestViews.FindAsync(durable, claims.RequestId, cancellationToken);
            if (view?.Approvals.Any(a => string.Equals(a.Approver, claims.Approver, StringComparison.OrdinalIgnoreCase) && a.Stage == claims.Stage) == true)
            {
                return ApprovalPages.Recorded(claims.RequestId, decision);
            }

            var page = await audit.QueryAsync(new AuditQuery { RequestId = claims.RequestId, AfterSeq = seenUpTo, Limit = 1000 }, cancellationToken);
            if (page.Entries.FirstOrDefault(e => e.Event == "decision_rejected" && string.Equals(e.Actor, claims.Approver, StringComparison.OrdinalIgnoreCase)) is { } rejected)
            {
                var reason = rejected.Details ?? "the workflow refused it";
                var colon = reason.IndexOf(": ", StringComparison.Ordinal);
                return ApprovalPages.NotCounted(claims.RequestId, colon >= 0 ? reason[(colon + 2)..] : reason);
            }

            if (view is not null && view.Status.IsFinal())
            {
                return ApprovalPages.NotCounted(claims.RequestId, $"the request is already {Wire.Name(view.Status).Replace('_', ' ')}");
            }

            await Task.Delay(100, cancellationToken);
        }

        return ApprovalPages.Pending(claims.RequestId);
    }

    private async Task<long> LastAuditSeqAsync(string requestId, CancellationToken cancellationToken)
    {
        long last = 0;
        while (true)
        {
            var page = await audit.QueryAsync(new AuditQuery { RequestId = requestId, AfterSeq = last, Limit = 1000 }, cancellationToken);
            if (page.Entries.Count == 0)
            {
                return last;
            }

            last = page.Entries.Max(e => e.Seq);
            if (page.NextAfterSeq is null)
            {
                return last;
            }
        }
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
            return (null, null, ApprovalPages.Problem(StatusCodes.Status409Conflict, "No longer waiting", $"This request is {Wire.Name(view.Status).Replace('_', ' ')}; it is not waiting for approval."));
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
