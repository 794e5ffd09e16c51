using System.Text.Json;
using Dex.Web;
using Dex.Web.Chat;
using Dex.Core;
using Dex.Core.Intake;
using Dex.Core.Requests;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dex.Functions;

/// <summary>
/// The <c>dex-requests</c> queue carries the same JSON as <c>POST /api/messages</c>. A message that can
/// never be accepted throws, so after host.json's maxDequeueCount it lands in <c>dex-requests-poison</c>
/// for an operator to inspect, instead of disappearing.
/// </summary>
public sealed class QueueFunctions(IServiceProvider services, ILogger<QueueFunctions> logger)
{
    public const string QueueName = "dex-requests";

    [Function("DexRequestsQueue")]
    public async Task Run(
        [QueueTrigger(QueueName, Connection = "AzureWebJobsStorage")] string message,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        // Signed like the webhook: whoever can write to the queue cannot name a requester without the secret.
        var secret = services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["Dex:Webhook:Secret"];
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var (body, problem) = QueueMessageSignature.Unwrap(secret, message, time.GetUtcNow());
        if (body is null)
        {
            logger.LogError("Queue message refused: {Problem}; it will go to {Queue}-poison after retries.", problem, QueueName);
            throw new InvalidOperationException($"dex-requests message refused: {problem}.");
        }

        message = body;
        IncomingMessage? incoming;
        try
        {
            incoming = JsonSerializer.Deserialize<IncomingMessage>(message, DexJson.Options);
        }
        catch (JsonException e)
        {
            logger.LogError("Queue message is not valid JSON; it will go to {Queue}-poison after retries.", QueueName);
            throw new InvalidOperationException("dex-requests message is not valid JSON.", e);
        }

        var result = await ActivatorUtilities.CreateInstance<MessageIntake>(services, client).AcceptAsync(incoming, cancellationToken);
        if (!result.IsAccepted)
        {
            logger.LogError("Queue message {Id} was refused ({Code}); it will go to {Queue}-poison after retries.", incoming?.Id, result.Rejected.Code, QueueName);
            throw new InvalidOperationException($"dex-requests message {incoming?.Id} was refused as invalid.");
        }

        logger.LogInformation("Queue message {Id} accepted as request {RequestId}.", incoming?.Id, result.Accepted.RequestId);
    }
}
