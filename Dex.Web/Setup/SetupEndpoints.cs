using Dex.Core;
using Dex.Core.Directory;
using Microsoft.AspNetCore.Http;

namespace Dex.Web.Setup;

/// <summary><c>POST /api/setup/validate</c>: the Graph connection and (live) the app's permissions; 422 when something is missing.</summary>
public sealed class SetupEndpoints(SetupValidator setup)
{
    public async Task<IResult> ValidateAsync(CancellationToken cancellationToken)
    {
        var report = await setup.ValidateAsync(cancellationToken);
        return Results.Json(report, DexJson.Options, statusCode: report.Ok ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }
}
