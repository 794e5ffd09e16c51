using Dex.Core;
using Dex.Core.Directory;
using Dex.Core.Understanding;
using Dex.Web.Chat;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Dex.Web.Health;

/// <summary>
/// <c>GET /api/health</c>: which Graph (emulator URL or live) and which parser are in use, and whether unsigned
/// messages are believed (only Dex.Local in Emulator mode; the console shows a warning when they are).
/// </summary>
public sealed class HealthEndpoints(GraphOptions graphOptions, IRequestUnderstanding understanding, TimeProvider time, IConfiguration configuration)
{
    public IResult Get() => Results.Json(
        new
        {
            status = "ok",
            graph = graphOptions.IsLive ? "live" : "emulator",
            graphBaseUrl = graphOptions.BaseUrl,
            parser = understanding is FallbackUnderstanding ? "openai (rules as fallback)" : "rules",
            unsignedMessages = ChatOptions.From(configuration) is { AllowUnsigned: true, WebhookSecret: null },
            time = time.GetUtcNow(),
        },
        DexJson.Options);
}
