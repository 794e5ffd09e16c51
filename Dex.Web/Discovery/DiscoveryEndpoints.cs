using Dex.Core;
using Dex.Core.Directory;
using Dex.Core.Discovery;
using Dex.Web.Http;
using Microsoft.AspNetCore.Http;

namespace Dex.Web.Discovery;

/// <summary><c>POST /api/discovery/run</c> and <c>GET /api/discovery/latest</c>: the directory's roles, groups, apps and licences.</summary>
public sealed class DiscoveryEndpoints(DiscoveryService discovery)
{
    public async Task<IResult> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = await discovery.RunAsync("api", cancellationToken);
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
