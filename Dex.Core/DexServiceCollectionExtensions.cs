using Dex.Core.Actions;
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

    /// <summary>Path of the policy file, or <c>builtin:default</c> / <c>builtin:sample</c>; empty = the default (the sample's policy on the emulator's built-in sample tenant).</summary>
    public string? Path { get; set; }

    /// <summary>Policy lint is fatal: a group, role or user the policy names that the tenant lacks stops start-up.</summary>
    public bool Strict { get; set; }
}

/// <summary>Azure OpenAI understanding (section <c>Dex:OpenAI</c>); all three of endpoint, deployment and key, or none.</summary>
public sealed class OpenAiOptions : System.ComponentModel.DataAnnotations.IValidatableObject
{
    public const string Section = "Dex:OpenAI";

    public string? Endpoint { get; set; }
    public string? Deployment { get; set; }
    public string? ApiKey { get; set; }

    [System.ComponentModel.DataAnnotations.Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 10;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);

    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(System.ComponentModel.DataAnnotations.ValidationContext validationContext)
    {
        if (IsConfigured && (string.IsNullOrWhiteSpace(Deployment) || string.IsNullOrWhiteSpace(ApiKey) || !Uri.TryCreate(Endpoint, UriKind.Absolute, out _)))
        {
            yield return new System.ComponentModel.DataAnnotations.ValidationResult(
                "Dex:OpenAI needs Endpoint (an absolute URL), Deployment and ApiKey together.", [nameof(Endpoint), nameof(Deployment), nameof(ApiKey)]);
        }
    }
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
        services.AddOptions<OpenAiOptions>().BindConfiguration(OpenAiOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DexOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<GraphOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ApprovalOptions>>().Value);
        services.AddSingleton(sp => PolicyLoader.ForHost(sp.GetRequiredService<IOptions<PolicyOptions>>().Value.Path, sp.GetRequiredService<GraphOptions>()));
        services.TryAddSingleton(sp => GraphClientBuilder.Create(sp.GetRequiredService<GraphOptions>()));

        services.AddDexActions();
        services.AddSingleton<DirectoryService>();
        services.AddSingleton<RequesterResolver>();
        services.AddSingleton<RequestPlanner>();
        services.AddSingleton<PolicyEvaluator>();
        services.AddSingleton<StepExecutor>();
        services.AddSingleton<DiscoveryService>();
        services.AddSingleton<SetupValidator>();
        services.AddSingleton<PolicyLint>();
        services.AddSingleton<Policy.Replay.PolicyReplay>();
        services.TryAddSingleton<IDiscoveryStore, InMemoryDiscoveryStore>();
        services.AddSingleton<ApprovalTokenService>();
        services.AddSingleton<ApprovalEventVerifier>();
        services.AddSingleton<RequestActivities>();
        services.TryAddSingleton<Grants.IGrantStore, Grants.InMemoryGrantStore>();
        services.AddSingleton<Grants.GrantService>();
        services.AddSingleton<Grants.GrantReconciler>();
        services.AddSingleton<GrantActivities>();
        services.TryAddSingleton<Intake.IOpenQuestionStore, Intake.InMemoryOpenQuestionStore>();
        services.AddSingleton<QuestionActivities>();
        services.AddSingleton<OffboardingActivities>();

        services.AddStepRecognisers();
        services.TryAddSingleton<RuleBasedUnderstanding>();
        services.TryAddSingleton<IRequestUnderstanding>(sp =>
        {
            // Azure OpenAI when configured; the rules stay as the fallback on any error or timeout.
            var ai = sp.GetRequiredService<IOptions<OpenAiOptions>>().Value;
            var rules = sp.GetRequiredService<RuleBasedUnderstanding>();
            return ai.IsConfigured
                ? new FallbackUnderstanding(new OpenAiUnderstanding(new OpenAiUnderstandingOptions(new Uri(ai.Endpoint!), ai.Deployment!, ai.ApiKey!, TimeSpan.FromSeconds(ai.TimeoutSeconds))), rules)
                : rules;
        });
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
