using Dex.Web;
using Dex.Web.Chat;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Dex.Functions;

/// <summary>
/// Chat front-end triggers (DESIGN §5). Anonymous: each request is authenticated by its webhook signature, checked
/// in Dex.Web's <see cref="ChatGateway"/> (the same code Dex.Local maps) before anything starts.
/// </summary>
public sealed class ChatFunctions(IServiceProvider services)
{
    [Function("TeamsMessages")]
    public async Task<IActionResult> Teams(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DexRoutes.TeamsMessages)] HttpRequest request,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Gateway(client).PostTeamsAsync(request, request.HttpContext.RequestAborted));

    [Function("SlackMessages")]
    public async Task<IActionResult> Slack(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DexRoutes.SlackMessages)] HttpRequest request,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Gateway(client).PostSlackAsync(request, request.HttpContext.RequestAborted));

    private ChatGateway Gateway(DurableTaskClient client) => new DexEndpoints(services, client).Chat;
}
