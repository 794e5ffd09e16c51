using Dex.Core;
using Dex.Core.Intake;
using Dex.Core.Policy;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using Dex.Core.Workflows;
using Dex.Web.Http;
using Microsoft.AspNetCore.Http;

namespace Dex.Web.Plan;

public sealed record PlanRequest(string? Requester, string? Text);

/// <summary><c>POST /api/plan</c>: a dry run, what Dex would do and what policy says, changing nothing.</summary>
public sealed class PlanEndpoints(
    RequesterResolver requesters,
    IRequestUnderstanding understanding,
    RequestPlanner planner,
    PolicyEvaluator policy)
{
    public async Task<IResult> PostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync<PlanRequest>(request, "{\"requester\",\"text\"}", cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (body is null || string.IsNullOrWhiteSpace(body.Requester) || !MessageIntake.IsUpn(body.Requester))
        {
            return ApiErrors.BadRequest("missing_requester", "\"requester\" (a UPN) is required.");
        }

        if (string.IsNullOrWhiteSpace(body.Text) || body.Text.Length > MessageIntake.MaxTextLength)
        {
            return ApiErrors.BadRequest("missing_text", $"\"text\" is required (at most {MessageIntake.MaxTextLength} characters).");
        }

        // The requester's context is looked up once here and planned with.
        if (await requesters.FindAsync(body.Requester, cancellationToken) is not { } requester)
        {
            return ApiErrors.BadRequest("unknown_requester", $"{body.Requester} is not a user of this directory.");
        }

        var understood = await understanding.UnderstandAsync(body.Requester, body.Text, hasAttachment: false, cancellationToken);
        understood = understood with { Steps = [.. understood.Steps.Where(s => Dex.Core.Actions.ActionCatalogue.BuiltIn.IsKnown(s.Action))] };
        var plan = await planner.PlanAsync(requester, understood, null, null, cancellationToken);
        PolicyDecision? decision = null;
        if (plan.Clarification is null && plan.Problem is null)
        {
            decision = await policy.EvaluateAsync(plan, body.Text, cancellationToken);
        }

        return Results.Json(
            new
            {
                steps = plan.Steps.Select(Views.Of),
                decision = decision is null ? null : Views.Of(decision),
                clarification = plan.Clarification is null ? null : new
                {
                    question = plan.Clarification.Question,
                    options = plan.Clarification.Options.Select(o => new { id = o.Id, label = o.Label, userPrincipalName = o.UserPrincipalName }),
                },
                problem = plan.Problem,
                understoodBy = plan.UnderstoodBy,
            },
            DexJson.Options);
    }
}
