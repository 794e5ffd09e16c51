using Dex.Core;
using Dex.Core.Directory;
using Dex.Core.Understanding;
using Microsoft.AspNetCore.Http;

namespace Dex.Web.Health;

/// <summary><c>GET /api/health</c>: which Graph (emulator URL or live) and which parser are in use.</summary>
public sealed class HealthEndpoints(GraphOptions graphOptions, IRequestUnderstanding understanding, TimeProvider time)
{
    public IResult Get() => Results.Json(
        new
        {
            status = "ok",
            graph = graphOptions.IsLive ? "live" : "emulator",
            graphBaseUrl = graphOptions.BaseUrl,
            parser = understanding is FallbackUnderstanding ? "openai (rules as fallback)" : "rules",
            time = time.GetUtcNow(),
        },
        DexJson.Options);
}
