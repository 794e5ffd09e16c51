using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Azure.Monitor.OpenTelemetry.Exporter;
using Azure.Storage.Blobs;
using Dex.Core;
using Dex.Core.Approvals;
using Dex.Core.Audit;
using Dex.Core.Discovery;
using Dex.Core.Notifications;
using Dex.Core.Policy;
using Dex.Core.Requests;
using Dex.Core.Secrets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Dex.Web.Http;
using OpenTelemetry;
using OpenTelemetry.Trace;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<Dex.Functions.ErrorEnvelopeMiddleware>();
builder.UseMiddleware<Dex.Functions.BodyLimitMiddleware>();
Dex.Web.Limits.RequesterRateLimiter.Register(builder.Services);
builder.UseMiddleware<Dex.Functions.EasyAuthMiddleware>();
builder.Logging.AddRedactedRequestLogFilters();
var config = builder.Configuration;

// Approvers and credential recipients sign in through App Service Authentication (Entra provider, set by the Bicep).
// When the platform has it off, no sign-in is offered and those pages refuse (fail closed).
if (Dex.Web.Identity.EasyAuthPrincipal.IsPlatformAuthenticationOn(config[Dex.Web.Identity.EasyAuthPrincipal.EnabledSetting]))
{
    builder.Services.AddSingleton(new Dex.Web.Identity.SignInOptions { LoginPath = "/.auth/login/aad", ReturnParameter = "post_login_redirect_uri", MfaParameters = "prompt=login" });
}

// One identity for every Azure resource: the app's user-assigned managed identity in Azure,
// developer credentials elsewhere.
TokenCredential credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = config["AZURE_CLIENT_ID"] });

if (config["Dex:State:TableServiceUri"] is { Length: > 0 } tableUri)
{
    builder.Services.AddSingleton(new TableServiceClient(new Uri(tableUri), credential));
    builder.Services.AddDexTableStorageAuditLog();
    builder.Services.AddSingleton<IApprovalTokenLedger>(sp => new TableApprovalTokenLedger(sp.GetRequiredService<TableServiceClient>()));
    builder.Services.AddSingleton<Dex.Core.Grants.IGrantStore>(sp => new Dex.Core.Grants.TableGrantStore(sp.GetRequiredService<TableServiceClient>()));
    builder.Services.AddSingleton<Dex.Core.Intake.IOpenQuestionStore>(sp => new Dex.Core.Intake.TableOpenQuestionStore(sp.GetRequiredService<TableServiceClient>()));

    // Every instance must open what another sealed: protect with the configured key, not a per-machine key ring.
    var key = config["Dex:Secrets:EncryptionKey"]
        ?? throw new InvalidOperationException("Dex:Secrets:EncryptionKey is required when Dex:State:TableServiceUri is set (Key Vault reference in Azure).");
    builder.Services.AddSingleton<IDataProtectionProvider>(new KeyedDataProtectionProvider(key));
    builder.Services.AddDexTableSecretVault();
}

if (config["Dex:State:BlobServiceUri"] is { Length: > 0 } blobUri)
{
    var blobs = new BlobServiceClient(new Uri(blobUri), credential);
    builder.Services.AddSingleton<IAttachmentStore>(new BlobAttachmentStore(blobs.GetBlobContainerClient(BlobAttachmentStore.DefaultContainer)));
    builder.Services.AddSingleton<IDiscoveryStore>(new BlobDiscoveryStore(blobs.GetBlobContainerClient("dex-discovery")));

    // Signed audit checkpoints: a Key Vault key signs, a WORM container keeps them (infra/modules/storage.bicep).
    if (config["Dex:Audit:CheckpointKeyId"] is { Length: > 0 } checkpointKey && config["Dex:State:TableServiceUri"] is { Length: > 0 })
    {
        builder.Services.AddHttpClient(nameof(KeyVaultCheckpointSigner));
        builder.Services.AddDexAuditCheckpoints(
            sp => new KeyVaultCheckpointSigner(sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(KeyVaultCheckpointSigner)), credential, new Uri(checkpointKey)),
            _ => new BlobCheckpointStore(blobs.GetBlobContainerClient(BlobCheckpointStore.DefaultContainer)));
    }
}

if (config["Dex:Notifications:ServiceBusNamespace"] is { Length: > 0 } serviceBus)
{
    builder.Services.AddSingleton(new ServiceBusClient(serviceBus, credential));
    builder.Services.AddDexServiceBusNotifier(config["Dex:Notifications:Topic"] is { Length: > 0 } topic ? topic : ServiceBusNotifier.TopicName);
}

if (config["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 })
{
    // Application Insights with Entra authentication (local auth is off on the resource).
    // Spans are redacted before export (approval and credential tokens live in their paths); the host's own request
    // telemetry is off in host.json (Host.Results: None) because the worker cannot redact it.
    builder.Services.AddOpenTelemetry()
        .UseFunctionsWorkerDefaults()
        .WithTracing(t => t.AddProcessor(new Dex.Functions.TokenRedactionProcessor()))
        .UseAzureMonitorExporter(o => o.Credential = credential);
}

builder.Services.AddDexCore();
builder.Services.AddHostedService<Dex.Core.Policy.PolicyLintStartup>();
var host = builder.Build();

// A bad policy file stops the app at start-up with a message naming the place.
_ = host.Services.GetRequiredService<PolicyDocument>();
host.Run();
