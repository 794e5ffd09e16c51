using Dex.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Dex.Functions;

/// <summary>HTTP triggers for DESIGN §5. Thin: each names its route in <see cref="DexRoutes"/> and calls the shared Dex.Web endpoint.</summary>
public sealed class HttpFunctions(IServiceProvider services)
{
    // Chat front-ends and approvers call these without a function key; requests are authenticated by
    // webhook signatures (Dex:Webhook:Secret, checked in Dex.Web's ChatGateway) and signed approval links instead.
    [Function("Messages")]
    public async Task<IActionResult> Messages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DexRoutes.Messages)] HttpRequest request,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Web(client).Chat.PostMessageAsync(request, request.HttpContext.RequestAborted));

    [Function("GetRequest")]
    public async Task<IActionResult> GetRequest(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = DexRoutes.Request)] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Web(client).Requests.GetAsync(id, request.HttpContext.RequestAborted));

    [Function("GetApproval")]
    public async Task<IActionResult> GetApproval(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = DexRoutes.Approval)] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Web(client).Approvals.GetAsync(token, request, request.HttpContext.RequestAborted));

    [Function("PostApproval")]
    public async Task<IActionResult> PostApproval(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DexRoutes.Approval)] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Web(client).Approvals.PostAsync(token, request, request.HttpContext.RequestAborted));

    [Function("Plan")]
    public async Task<IActionResult> Plan(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = DexRoutes.Plan)] HttpRequest request,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Web(client).Plan.PostAsync(request, request.HttpContext.RequestAborted));

    [Function("QueryAudit")]
    public async Task<IActionResult> QueryAudit(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = DexRoutes.Audit)] HttpRequest request,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Web(client).Audit.QueryAsync(request, request.HttpContext.RequestAborted));

    [Function("VerifyAudit")]
    public async Task<IActionResult> VerifyAudit(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = DexRoutes.AuditVerify)] HttpRequest request,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Web(client).Audit.VerifyAsync(request.HttpContext.RequestAborted));

    [Function("ExportAudit")]
    public async Task<IActionResult> ExportAudit(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = DexRoutes.AuditExport)] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        await Web(client).Audit.ExportAsync(request.HttpContext, request.HttpContext.RequestAborted);
        return new EmptyResult();
    }

    // No function key: the recipient's Entra sign-in (App Service Authentication) is checked against the link.
    [Function("GetSecret")]
    public async Task<IActionResult> GetSecret(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = DexRoutes.Secret)] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Web(client).Secrets.GetAsync(token, request, request.HttpContext.RequestAborted));

    [Function("RevealSecret")]
    public async Task<IActionResult> RevealSecret(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DexRoutes.Secret)] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Web(client).Secrets.RevealAsync(token, request, request.HttpContext.RequestAborted));

    [Function("RunDiscovery")]
    public async Task<IActionResult> RunDiscovery(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = DexRoutes.DiscoveryRun)] HttpRequest request,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Web(client).Discovery.RunAsync(request.HttpContext.RequestAborted));

    [Function("LatestDiscovery")]
    public async Task<IActionResult> LatestDiscovery(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = DexRoutes.DiscoveryLatest)] HttpRequest request,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Web(client).Discovery.LatestAsync(request.HttpContext.RequestAborted));

    [Function("ValidateSetup")]
    public async Task<IActionResult> ValidateSetup(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = DexRoutes.SetupValidate)] HttpRequest request,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Web(client).Setup.ValidateAsync(request.HttpContext.RequestAborted));

    [Function("ReplayPolicy")]
    public async Task<IActionResult> ReplayPolicy(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = DexRoutes.PolicyReplay)] HttpRequest request,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(await Web(client).PolicyReplay.PostAsync(request, request.HttpContext.RequestAborted));

    [Function("Health")]
    public IActionResult Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = DexRoutes.Health)] HttpRequest request,
        [DurableClient] DurableTaskClient client)
        => new ResultAdapter(Web(client).Health.Get());

    /// <summary>The durable client comes from the trigger binding, not from DI, so the endpoints are built per call.</summary>
    private DexEndpoints Web(DurableTaskClient client) => new(services, client);
}
