using Dex.Core;
using Dex.Core.Requests;
using Dex.Functions;
using Dex.GraphEmulator;
using Dex.Tests.Support;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Dex.Tests.Functions;

/// <summary>Trigger methods invoked directly: the Functions host cannot run here, so its DurableTaskClient is mocked.</summary>
public sealed class HttpFunctions_Messages(CoreServicesFixture core) : IClassFixture<CoreServicesFixture>
{
    private ServiceProvider Services => core.Services;

    [Fact]
    public async Task SchedulesRequestWorkflowGivenValidMessage()
    {
        var client = CoreServicesFixture.EmptyDurableClient();
        var functions = new HttpFunctions(Services);
        const string body = """{"id":"f-1","channel":"teams","requester":"sarah@acme.com","text":"Reset my password"}""";
        var request = Web.Chat.ChatRequests.Request(body, "application/json", Web.Chat.ChatRequests.DexHeaders(body, Web.Chat.ChatRequests.Now()));

        var result = await functions.Messages(request, client.Object);

        var adapted = Assert.IsType<ResultAdapter>(result);
        Assert.Equal(202, adapted.Result.Status());
        var expectedId = RequestIds.For("teams", "f-1");
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            It.Is<TaskName>(n => n.Name == "RequestWorkflow"),
            It.Is<object?>(i => i is RequestInput && ((RequestInput)i).Requester == "sarah@acme.com" && ((RequestInput)i).RequestId == expectedId),
            It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == expectedId),
            It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task SchedulesNothingGivenMalformedJson()
    {
        var client = new Mock<DurableTaskClient>("test");
        var functions = new HttpFunctions(Services);

        var result = await functions.Messages(Web.Chat.ChatRequests.Request("{oops", "application/json", Web.Chat.ChatRequests.DexHeaders("{oops", Web.Chat.ChatRequests.Now())), client.Object);

        Assert.Equal(400, Assert.IsType<ResultAdapter>(result).Result.Status());
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public void ReturnsEmulatorHealthGivenHealthTrigger()
    {
        var result = new HttpFunctions(Services).Health(HttpTestExtensions.JsonRequest("{}"), new Mock<DurableTaskClient>("test").Object);

        Assert.Equal(200, Assert.IsType<ResultAdapter>(result).Result.Status());
        _ = NullLogger.Instance;
    }
}

/// <summary>The dex-requests queue trigger: same message as the webhook; a message that can never be accepted throws so it ends in the poison queue.</summary>
public sealed class QueueFunctions_Run(CoreServicesFixture core) : IClassFixture<CoreServicesFixture>
{
    private ServiceProvider Services => core.Services;

    private static Mock<DurableTaskClient> Client() => CoreServicesFixture.EmptyDurableClient();

    [Fact]
    public async Task StartsWorkflowGivenValidQueueMessage()
    {
        var client = Client();
        var queue = new QueueFunctions(Services, NullLogger<QueueFunctions>.Instance);

        await queue.Run(Signed("""{"id":"q-1","channel":"queue","requester":"tom@acme.com","text":"Reset my password"}"""), client.Object, CancellationToken.None);

        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            It.Is<TaskName>(n => n.Name == "RequestWorkflow"), It.IsAny<object?>(),
            It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == RequestIds.For("queue", "q-1")), It.IsAny<CancellationToken>()), Times.Once);
    }

    private static string Signed(string json, DateTimeOffset? at = null)
        => Dex.Web.Chat.QueueMessageSignature.Wrap(Web.Chat.ChatRequests.WebhookSecret, (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(), json);

    [Theory]
    [InlineData("not json", true)]
    [InlineData("""{"id":"q-2","channel":"queue","requester":"ghost@acme.com","text":"Reset my password"}""", true)]
    [InlineData("""{"id":"q-3","channel":"queue","requester":"admin@acme.com","text":"Reset the password of tom@acme.com"}""", false)]
    public async Task ThrowsForPoisonQueueGivenMessageThatCanNeverBeAccepted(string json, bool withSignature)
    {
        var message = withSignature ? Signed(json) : json;
        var client = Client();
        var queue = new QueueFunctions(Services, NullLogger<QueueFunctions>.Instance);

        await Assert.ThrowsAsync<InvalidOperationException>(() => queue.Run(message, client.Object, CancellationToken.None));
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task ThrowsForPoisonQueueGivenStaleOrTamperedMessage()
    {
        var client = Client();
        var queue = new QueueFunctions(Services, NullLogger<QueueFunctions>.Instance);
        const string json = """{"id":"q-4","channel":"queue","requester":"admin@acme.com","text":"Reset the password of tom@acme.com"}""";
        var stale = Signed(json, DateTimeOffset.UtcNow.AddHours(-2));
        var tampered = Signed(json).Replace("admin@acme.com", "sarah@acme.com", StringComparison.Ordinal);

        await Assert.ThrowsAsync<InvalidOperationException>(() => queue.Run(stale, client.Object, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => queue.Run(tampered, client.Object, CancellationToken.None));
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task SavesSnapshotGivenDiscoveryTimer()
    {
        var timer = new TimerFunctions(Services.GetRequiredService<Dex.Core.Discovery.DiscoveryService>(), Services.GetRequiredService<Dex.Core.Grants.GrantReconciler>(), NullLogger<TimerFunctions>.Instance);

        await timer.Run(new Microsoft.Azure.Functions.Worker.TimerInfo(), new Mock<DurableTaskClient>("dex").Object, CancellationToken.None);

        var latest = await Services.GetRequiredService<Dex.Core.Discovery.IDiscoveryStore>().LatestAsync();
        Assert.Equal("timer", latest!.RunBy);
        Assert.Contains(latest.ProposedApproverGroups, p => p.Group == "IT Security");
    }
}
