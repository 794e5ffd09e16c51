using System.Collections.Concurrent;
using Dex.Core.Intake;
using Dex.Web.Approvals;
using Dex.Web.Audit;
using Dex.Web.Chat;
using Dex.Web.Discovery;
using Dex.Web.Health;
using Dex.Web.Local;
using Dex.Web.Messages;
using Dex.Web.Plan;
using Dex.Web.Requests;
using Dex.Web.Secrets;
using Dex.Web.Setup;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Web;

/// <summary>
/// The endpoint classes of one host over one durable client: a singleton in Dex.Local (client from DI), built per call in
/// Dex.Functions (client from the trigger binding). Each class takes only what it serves; this only wires them.
/// </summary>
public sealed class DexEndpoints(IServiceProvider services, DurableTaskClient client)
{
    private readonly ConcurrentDictionary<Type, object> _made = new();

    public MessageIntake Intake => Make<MessageIntake>(client);

    public MessageEndpoints Messages => Make<MessageEndpoints>(Intake);

    /// <summary>Built per call: the chat settings are read from configuration on each request.</summary>
    public ChatGateway Chat => ChatGateway.Create(services, Intake);

    public RequestEndpoints Requests => Make<RequestEndpoints>(client);

    public ApprovalEndpoints Approvals => Make<ApprovalEndpoints>(client);

    public PlanEndpoints Plan => Make<PlanEndpoints>();

    public AuditEndpoints Audit => Make<AuditEndpoints>();

    public SecretEndpoints Secrets => Make<SecretEndpoints>();

    public DiscoveryEndpoints Discovery => Make<DiscoveryEndpoints>(client);

    public SetupEndpoints Setup => Make<SetupEndpoints>();

    public Policy.PolicyReplayEndpoints PolicyReplay => Make<Policy.PolicyReplayEndpoints>();

    public HealthEndpoints Health => Make<HealthEndpoints>();

    public OutboxEndpoints Outbox => Make<OutboxEndpoints>();

    /// <summary>Each class once per instance; its other dependencies come from the host's services.</summary>
    private T Make<T>(params object[] arguments)
        where T : class
        => (T)_made.GetOrAdd(typeof(T), _ => ActivatorUtilities.CreateInstance<T>(services, arguments));
}
