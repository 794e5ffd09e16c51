using Dex.Web;
using Dex.Web.Chat;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Functions;

/// <summary>HTTP triggers for DESIGN §5. Thin: each adapts the request and calls the shared <see cref="DexApi"/>.</summary>
public sealed class HttpFunctions(IServiceProvider services)
{
    // Chat front-ends and approvers call these without a function key; requests are authenticated by
    // webhook signatures (Dex:Webhook:Secret, checked in Dex.Web's ChatGateway) and signed approval links instead.
    [Function("Messages")]
    public async Task<IActionResult> Messages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "messages")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await ChatGateway.Create(services, Api(client)).PostMessageAsync(request, request.HttpContext.RequestAborted));

    [Function("GetRequest")]
    public async Task<IActionResult> GetRequest(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "requests/{id}")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Api(client).GetRequestAsync(id, request.HttpContext.RequestAborted));

    [Function("GetApproval")]
    public async Task<IActionResult> GetApproval(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "approvals/{token}")] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Api(client).GetApprovalAsync(token, request, request.HttpContext.RequestAborted));

    [Function("PostApproval")]
    public async Task<IActionResult> PostApproval(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "approvals/{token}")] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Api(client).PostApprovalAsync(token, request, request.HttpContext.RequestAborted));

    [Function("Plan")]
    public async Task<IActionResult> Plan(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "plan")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Api(client).PlanAsync(request, request.HttpContext.RequestAborted));

    [Function("QueryAudit")]
    public async Task<IActionResult> QueryAudit(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "audit")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Api(client).QueryAuditAsync(request, request.HttpContext.RequestAborted));

    [Function("VerifyAudit")]
    public async Task<IActionResult> VerifyAudit(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "audit/verify")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Api(client).VerifyAuditAsync(request.HttpContext.RequestAborted));

    [Function("ExportAudit")]
    public async Task<IActionResult> ExportAudit(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "audit/export")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        await Api(client).ExportAuditAsync(request.HttpContext, request.HttpContext.RequestAborted);
        return new EmptyResult();
    }

    // No function key: the recipient's Entra sign-in (App Service Authentication) is checked against the link.
    [Function("GetSecret")]
    public async Task<IActionResult> GetSecret(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "secrets/{token}")] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Api(client).GetSecretAsync(token, request, request.HttpContext.RequestAborted));

    [Function("RevealSecret")]
    public async Task<IActionResult> RevealSecret(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "secrets/{token}")] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Api(client).RevealSecretAsync(token, request, request.HttpContext.RequestAborted));

    [Function("RunDiscovery")]
    public async Task<IActionResult> RunDiscovery(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "discovery/run")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Api(client).RunDiscoveryAsync(request.HttpContext.RequestAborted));

    [Function("LatestDiscovery")]
    public async Task<IActionResult> LatestDiscovery(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "discovery/latest")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Api(client).LatestDiscoveryAsync(request.HttpContext.RequestAborted));

    [Function("ValidateSetup")]
    public async Task<IActionResult> ValidateSetup(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "setup/validate")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Api(client).ValidateSetupAsync(request.HttpContext.RequestAborted));

    [Function("Health")]
    public IActionResult Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(Results.Json(Api(client).Health(), DexApi.Json));

    /// <summary>The durable client comes from the trigger binding, not from DI, so the API is built per call.</summary>
    private DexApi Api(DurableTaskClient client) => ActivatorUtilities.CreateInstance<DexApi>(services, client);
}
