using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dex.Core.Notifications;

public static class NotificationServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="ServiceBusNotifier"/> as the <see cref="INotifier"/>. Needs a <see cref="ServiceBusClient"/> in the
    /// container, e.g. <c>new ServiceBusClient("ns.servicebus.windows.net", new DefaultAzureCredential())</c>; the topic
    /// should have duplicate detection on so that re-sends are dropped.
    /// </summary>
    public static IServiceCollection AddDexServiceBusNotifier(this IServiceCollection services, string topicName = ServiceBusNotifier.TopicName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(topicName);
        services.TryAddSingleton<INotifier>(sp => new ServiceBusNotifier(sp.GetRequiredService<ServiceBusClient>().CreateSender(topicName)));
        return services;
    }
}
