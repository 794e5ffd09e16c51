using Dex.Core.Api;
using Dex.Core.Approvals;
using Dex.Core.Audit;
using Dex.Core.Directory;
using Dex.Core.Discovery;
using Dex.Core.Notifications;
using Dex.Core.Policy;
using Dex.Core.Requests;
using Dex.Core.Secrets;
using Dex.Core.Understanding;
using Dex.Core.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dex.Core;

public sealed class PolicyOptions
{
    public const string Section = "Dex:Policy";

    /// <summary>Path of the policy file; empty = the built-in default policy.</summary>
    public string? Path { get; set; }
}

public static class DexServiceCollectionExtensions
{
    /// <summary>
    /// Registers Dex's core services. Hosts add an <see cref="IAuditLog"/>, an <see cref="INotifier"/> and an
    /// <see cref="IApprovalTokenLedger"/> suited to where they run (defaults: in-memory).
    /// </summary>
    public static IServiceCollection AddDexCore(this IServiceCollection services)
    {
        services.AddOptions<DexOptions>().BindConfiguration(DexOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<GraphOptions>().BindConfiguration(GraphOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ApprovalOptions>().BindConfiguration(ApprovalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PolicyOptions>().BindConfiguration(PolicyOptions.Section);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DexOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<GraphOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ApprovalOptions>>().Value);
        services.AddSingleton(sp => PolicyLoader.Load(sp.GetRequiredService<IOptions<PolicyOptions>>().Value.Path));
        services.TryAddSingleton(sp => GraphClientBuilder.Create(sp.GetRequiredService<GraphOptions>()));

        services.AddSingleton<DirectoryService>();
        services.AddSingleton<RequestPlanner>();
        services.AddSingleton<PolicyEvaluator>();
        services.AddSingleton<StepExecutor>();
        services.AddSingleton<DiscoveryService>();
        services.AddSingleton<SetupValidator>();
        services.TryAddSingleton<IDiscoveryStore, InMemoryDiscoveryStore>();
        services.AddSingleton<ApprovalTokenService>();
        services.AddSingleton<RequestActivities>();
        services.AddSingleton<DexApi>();

        services.TryAddSingleton<IRequestUnderstanding, RuleBasedUnderstanding>();
        services.TryAddSingleton<IAuditLog, InMemoryAuditLog>();
        services.TryAddSingleton<InMemoryOutbox>();
        services.TryAddSingleton<INotifier>(sp => sp.GetRequiredService<InMemoryOutbox>());
        services.TryAddSingleton<IOutbox>(sp => sp.GetRequiredService<InMemoryOutbox>());
        services.TryAddSingleton<IApprovalTokenLedger, InMemoryApprovalTokenLedger>();
        services.TryAddSingleton<IAttachmentStore, InMemoryAttachmentStore>();
        services.TryAddSingleton<ISecretVault, InMemorySecretVault>();
        return services;
    }
}
