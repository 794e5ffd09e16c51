using Dex.Core;
using Dex.Core.Directory;
using Dex.Core.Discovery;
using Dex.Web.Http;
using Dex.Core.Grants;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Dex.Web.Discovery;

/// <summary>
/// <c>POST /api/discovery/run</c> and <c>GET /api/discovery/latest</c>: the directory's roles, groups, apps and licences.
/// Running discovery by hand also runs the grant reconciliation the discovery timer runs, so an expired grant whose
/// orchestration is gone is revoked now rather than at the next scheduled pass.
/// </summary>
public sealed class DiscoveryEndpoints(DiscoveryService discovery, DurableTaskClient durable, GrantReconciler grants)
{
    public async Task<IResult> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = await discovery.RunAsync("api", cancellationToken);
            await grants.RunAsync(durable, cancellationToken);
            return Results.Json(snapshot, DexJson.Options);
        }
        catch (DirectoryException e)
        {
            return ApiErrors.Of(StatusCodes.Status502BadGateway, "graph_error", e.Message);
        }
    }

    public async Task<IResult> LatestAsync(CancellationToken cancellationToken)
    {
        var latest = await discovery.LatestAsync(cancellationToken);
        return latest is null
            ? ApiErrors.NotFound("no_discovery", "Discovery has not run yet. POST /api/discovery/run to run it now.")
            : Results.Json(latest, DexJson.Options);
    }
}
