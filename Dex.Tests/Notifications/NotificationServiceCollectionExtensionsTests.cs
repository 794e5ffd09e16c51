using Azure.Messaging.ServiceBus;
using Dex.Core.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Notifications;

public sealed class NotificationServiceCollectionExtensions_AddDexServiceBusNotifier
{
    [Fact]
    public async Task ResolvesServiceBusNotifierGivenClient()
    {
        // Building a client and a sender opens no connection; nothing here reaches the network.
        await using var client = new ServiceBusClient("Endpoint=sb://127.0.0.1/;SharedAccessKeyName=test;SharedAccessKey=dGVzdA==");
        await using var provider = new ServiceCollection().AddSingleton(client).AddDexServiceBusNotifier().BuildServiceProvider();

        Assert.IsType<ServiceBusNotifier>(provider.GetRequiredService<INotifier>());
    }
}
