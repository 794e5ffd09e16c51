using Dex.Core;
using Dex.Core.Directory;
using Dex.Core.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Dex.Web.Setup;

/// <summary>
/// <c>POST /api/setup/validate</c>: the Graph connection, (live) the app's permissions, and the policy's names looked up in the
/// tenant; 422 when something is missing (unknown policy names count only in strict mode, <c>Dex:Policy:Strict</c>).
/// </summary>
public sealed class SetupEndpoints(SetupValidator setup, PolicyLint lint, PolicyDocument policy, IOptions<PolicyOptions> policyOptions)
{
    public async Task<IResult> ValidateAsync(CancellationToken cancellationToken)
    {
        var report = await setup.ValidateAsync(cancellationToken);
        if (report.Ok)
        {
            var strict = policyOptions.Value.Strict;
            var names = await lint.LintAsync(policy, strict, cancellationToken);
            report = report with { Policy = names, Ok = names.Ok || !strict };
        }

        return Results.Json(report, DexJson.Options, statusCode: report.Ok ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }
}
