using Dex.Core;
using Dex.GraphEmulator;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Dex.Tests.Support;

/// <summary>Dex.Core's services over the Graph emulator, without a durable engine: for invoking Functions triggers directly.</summary>
public sealed class CoreServicesFixture : IAsyncLifetime
{
    public GraphEmulatorServer Emulator { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await GraphEmulatorServer.StartAsync();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dex:Graph:EmulatorUrl"] = Emulator.RootUrl,
            ["Dex:Approvals:SigningKey"] = DexWorld.SigningKey,
            ["Dex:Webhook:Secret"] = Web.Chat.ChatRequests.WebhookSecret,
        }).Build();
        Services = new ServiceCollection().AddSingleton<IConfiguration>(config).AddLogging().AddDexCore().BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Emulator.DisposeAsync();
    }

    /// <summary>A mocked durable client that knows no instances and accepts any new one under the id it is given.</summary>
    public static Mock<DurableTaskClient> EmptyDurableClient()
    {
        var client = new Mock<DurableTaskClient>("test");
        client.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>())).ReturnsAsync((OrchestrationMetadata?)null);
        client.Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery>())).Returns(Pageable.Create((string? _, int? _, CancellationToken _) => Task.FromResult(new Page<OrchestrationMetadata>([], null))));
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? o, CancellationToken _) => o!.InstanceId!);
        return client;
    }
}
