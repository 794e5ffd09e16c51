using Dex.Core;
using Dex.Core.Intake;
using Dex.Web.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Dex.Web.Requests;

/// <summary><c>GET /api/requests/{id}</c>: status, steps, policy decision, approvals and reply.</summary>
public sealed class RequestEndpoints(DurableTaskClient durable)
{
    public async Task<IResult> GetAsync(string id, CancellationToken cancellationToken)
    {
        var view = await RequestViews.FindAsync(durable, id, cancellationToken);
        return view is null
            ? ApiErrors.NotFound("request_not_found", $"There is no request '{id}'.")
            : Results.Json(view, DexJson.Options);
    }
}
