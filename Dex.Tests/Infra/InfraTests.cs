using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dex.Tests.Infra;

/// <summary>Reads deployment files from the repository root (the folder holding Dex.sln). No network.</summary>
internal static partial class InfraFiles
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string Path(string relative) =>
        System.IO.Path.Combine(Root, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    public static string Text(string relative) => File.ReadAllText(Path(relative));

    public static JsonDocument Json(string relative) =>
        JsonDocument.Parse(Text(relative), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });

    /// <summary>App setting names assigned in the Bicep modules: keys with "__" or ALL_CAPS_WITH_UNDERSCORES.</summary>
    public static SortedSet<string> BicepAppSettingNames()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path("infra/modules"), "*.bicep"))
        {
            foreach (Match match in SettingKey().Matches(File.ReadAllText(file)))
            {
                names.Add(match.Groups["name"].Value);
            }
        }

        return names;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Dex.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder with Dex.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^\s+(?<name>[A-Za-z][A-Za-z0-9]*(__[A-Za-z0-9]+)+|[A-Z][A-Z0-9]*(_[A-Z0-9]+)+)\s*:", RegexOptions.Multiline)]
    private static partial Regex SettingKey();
}

public sealed class HostJson_DurableTask
{
    private static JsonElement DurableTask(JsonDocument host) =>
        host.RootElement.GetProperty("extensions").GetProperty("durableTask");

    [Fact]
    public void ReturnsDexHubGivenHubName()
    {
        using var host = InfraFiles.Json("host.json");

        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
        Assert.Equal("DexHub", DurableTask(host).GetProperty("hubName").GetString());
    }

    [Fact]
    public void ReturnsAzureStorageWithIdentityConnectionGivenStorageProvider()
    {
        using var host = InfraFiles.Json("host.json");

        var provider = DurableTask(host).GetProperty("storageProvider");
        Assert.Equal("AzureStorage", provider.GetProperty("type").GetString());
        Assert.Equal("AzureWebJobsStorage", provider.GetProperty("connectionName").GetString());
    }

    [Fact]
    public void ReturnsGraphSizedCapsGivenConcurrencySettings()
    {
        using var host = InfraFiles.Json("host.json");

        var durable = DurableTask(host);
        Assert.Equal(8, durable.GetProperty("maxConcurrentActivityFunctions").GetInt32());
        Assert.Equal(16, durable.GetProperty("maxConcurrentOrchestratorFunctions").GetInt32());
        Assert.False(durable.GetProperty("extendedSessionsEnabled").GetBoolean());
    }

    [Fact]
    public void ReturnsNoInputOutputTracingGivenSecretsStayOutOfLogs()
    {
        using var host = InfraFiles.Json("host.json");

        Assert.False(DurableTask(host).GetProperty("tracing").GetProperty("traceInputsAndOutputs").GetBoolean());
    }
}

public sealed class HostJson_Extensions
{
    [Fact]
    public void ReturnsFiveDequeuesBeforePoisonGivenQueueSettings()
    {
        using var host = InfraFiles.Json("host.json");

        var queues = host.RootElement.GetProperty("extensions").GetProperty("queues");
        Assert.Equal(5, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.InRange(queues.GetProperty("batchSize").GetInt32(), 1, 32);
    }

    [Fact]
    public void ReturnsApiGivenHttpRoutePrefix()
    {
        using var host = InfraFiles.Json("host.json");

        Assert.Equal("api", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void ReturnsBoundedTimeoutGivenFunctionTimeout()
    {
        using var host = InfraFiles.Json("host.json");

        var timeout = TimeSpan.Parse(host.RootElement.GetProperty("functionTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(timeout, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(30));
    }

    [Fact]
    public void ReturnsRequestsExcludedFromSamplingGivenApplicationInsightsSettings()
    {
        using var host = InfraFiles.Json("host.json");

        var logging = host.RootElement.GetProperty("logging");
        var excluded = logging.GetProperty("applicationInsights").GetProperty("samplingSettings").GetProperty("excludedTypes").GetString()!;
        Assert.Contains("Request", excluded.Split(';'));
        var levels = logging.GetProperty("logLevel");
        // The host's request telemetry carries raw paths (approval and credential tokens); the worker's redacted spans replace it.
        Assert.Equal("None", levels.GetProperty("Host.Results").GetString());
        Assert.Equal("Information", levels.GetProperty("Function").GetString());
        Assert.Equal("Warning", levels.GetProperty("DurableTask.Core").GetString());
    }
}

public sealed class LocalSettingsSample_Values
{
    [Fact]
    public void ReturnsEmulatorAndDevelopmentStorageGivenLocalDefaults()
    {
        using var sample = InfraFiles.Json("local.settings.sample.json");

        var values = sample.RootElement.GetProperty("Values");
        Assert.Equal("UseDevelopmentStorage=true", values.GetProperty("AzureWebJobsStorage").GetString());
        Assert.Equal("dotnet-isolated", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
        Assert.Equal("Emulator", values.GetProperty("Dex__Graph__Mode").GetString());
    }

    [Fact]
    public void ReturnsOnlyStringsGivenFuncStartRequirements()
    {
        using var sample = InfraFiles.Json("local.settings.sample.json");

        Assert.All(
            sample.RootElement.GetProperty("Values").EnumerateObject(),
            setting => Assert.Equal(JsonValueKind.String, setting.Value.ValueKind));
    }
}

public sealed class LocalSettingsSample_Documentation
{
    // The settings the deployment contract names (docs/deploy.md); Bicep must set each of them.
    public static readonly TheoryData<string> ContractSettings =
    [
        "Dex__Graph__Mode", "Dex__Graph__TenantId", "Dex__Graph__ManagedIdentityClientId",
        "Dex__Approvals__SigningKey", "Dex__Secrets__EncryptionKey", "Dex__State__TableServiceUri",
        "Dex__Notifications__ServiceBusNamespace", "Dex__Notifications__Topic", "Dex__OpenAI__Endpoint",
        "Dex__OpenAI__Deployment", "Dex__Discovery__Schedule", "Dex__PublicBaseUrl", "Dex__Webhook__Secret",
        "Dex__Teams__SigningKey", "Dex__Slack__SigningSecret", "AZURE_CLIENT_ID",
        "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId",
    ];

    [Theory]
    [MemberData(nameof(ContractSettings))]
    public void ReturnsSettingGivenBicepAppSettings(string name)
    {
        Assert.Contains(name, InfraFiles.BicepAppSettingNames());
    }

    [Fact]
    public void ReturnsDocumentationForEveryBicepSettingGivenSample()
    {
        using var sample = InfraFiles.Json("local.settings.sample.json");
        var documented = sample.RootElement.GetProperty("_settings");
        var values = sample.RootElement.GetProperty("Values");

        var bicepNames = InfraFiles.BicepAppSettingNames();
        Assert.NotEmpty(bicepNames);
        Assert.All(bicepNames, name =>
        {
            Assert.True(documented.TryGetProperty(name, out var text), $"{name} is set in infra/modules but not documented in local.settings.sample.json _settings");
            Assert.False(string.IsNullOrWhiteSpace(text.GetString()), $"{name} has an empty description");
            if (name.StartsWith("Dex__", StringComparison.Ordinal))
            {
                Assert.True(values.TryGetProperty(name, out _), $"{name} is missing from local.settings.sample.json Values");
            }
        });
    }
}

public sealed class AzureYaml_Services
{
    [Fact]
    public void ReturnsFunctionsServiceGivenDexFunctionsProject()
    {
        var lines = InfraFiles.Text("azure.yaml").Split('\n').Select(line => line.TrimEnd('\r')).ToList();

        var services = lines.IndexOf("services:");
        Assert.True(services >= 0, "azure.yaml has no top-level services:");
        Assert.Equal("  functions:", lines[services + 1]);
        var service = lines.Skip(services + 2).TakeWhile(line => line.StartsWith("    ", StringComparison.Ordinal)).Select(line => line.Trim()).ToList();
        Assert.Contains("project: ./Dex.Functions", service);
        Assert.Contains("language: dotnet", service);
        Assert.Contains("host: function", service);
    }

    [Fact]
    public void ReturnsExistingGrantScriptsGivenPostprovisionHook()
    {
        var yaml = InfraFiles.Text("azure.yaml");

        Assert.Contains("postprovision:", yaml, StringComparison.Ordinal);
        foreach (var script in new[] { "infra/scripts/grant-graph-permissions.sh", "infra/scripts/grant-graph-permissions.ps1" })
        {
            Assert.Contains(script, yaml, StringComparison.Ordinal);
            Assert.True(File.Exists(InfraFiles.Path(script)), $"{script} is missing");
        }
    }

    [Fact]
    public void ReturnsNoBicepCliProjectGivenSolution()
    {
        Assert.DoesNotContain("BicepCli", InfraFiles.Text("Dex.sln"), StringComparison.OrdinalIgnoreCase);
    }
}

public sealed class Bicep_TrustDefaults
{
    [Fact]
    public void ReturnsPlatformSignInOnEveryRouteButSelfAuthenticatingOnesGivenFunctionApp()
    {
        var bicep = InfraFiles.Text("infra/modules/functionapp.bicep");

        Assert.Contains("name: 'authsettingsV2'", bicep, StringComparison.Ordinal);
        Assert.Contains("requireAuthentication: true", bicep, StringComparison.Ordinal);
        Assert.Contains("unauthenticatedClientAction: 'RedirectToLoginPage'", bicep, StringComparison.Ordinal);
        Assert.Contains("clientSecretSettingName: 'OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID'", bicep, StringComparison.Ordinal);
        var excluded = System.Text.RegularExpressions.Regex.Match(bicep, @"excludedPaths: \[(?<paths>[^\]]*)\]").Groups["paths"].Value
            .Split('\n').Select(l => l.Trim().Trim('\'')).Where(l => l.Length > 0).Order(StringComparer.Ordinal).ToList();
        string[] selfAuthenticating = [Dex.Web.DexRoutes.Messages, Dex.Web.DexRoutes.TeamsMessages, Dex.Web.DexRoutes.SlackMessages, Dex.Web.DexRoutes.Health];
        Assert.Equal(selfAuthenticating.Select(r => "/api/" + r).Order(StringComparer.Ordinal), excluded);
    }

    [Fact]
    public void ReturnsGeneratedWebhookSecretGivenFreshProvision()
    {
        var main = InfraFiles.Text("infra/main.bicep");
        var vault = InfraFiles.Text("infra/modules/keyvault.bicep");
        var app = InfraFiles.Text("infra/modules/functionapp.bicep");
        using var parameters = InfraFiles.Json("infra/main.parameters.json");

        Assert.Contains("webhookSecret: length(webhookSecret) >= 32 ? webhookSecret : generatedWebhookSecret", main, StringComparison.Ordinal);
        Assert.Contains("resource webhookSecretSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {", vault, StringComparison.Ordinal);
        Assert.Contains("Dex__Webhook__Secret: keyVaultReferences.webhookSecret", app, StringComparison.Ordinal);
        Assert.DoesNotContain("empty(keyVaultReferences.webhookSecret)", app, StringComparison.Ordinal);
        Assert.Equal(
            "$(secretOrRandomPassword ${AZURE_KEY_VAULT_NAME} webhook-secret)",
            parameters.RootElement.GetProperty("parameters").GetProperty("webhookSecret").GetProperty("value").GetString());
    }

    [Fact]
    public void ReturnsRolesScopedToDexsTablesAndContainersGivenTheAppIdentity()
    {
        var storage = InfraFiles.Text("infra/modules/storage.bicep");
        var app = InfraFiles.Text("infra/modules/functionapp.bicep");

        // Every table and container Dex's code names is created by the deployment and listed for the scoped roles.
        foreach (var table in new[] { Dex.Core.Audit.TableStorageAuditLog.DefaultTableName, Dex.Core.Secrets.TableSecretStore.DefaultTableName, Dex.Core.Approvals.TableApprovalTokenLedger.DefaultTableName, Dex.Core.Grants.TableGrantStore.DefaultTableName, Dex.Core.Intake.TableOpenQuestionStore.DefaultTableName })
        {
            Assert.Contains($"= '{table}'", storage, StringComparison.Ordinal);
        }

        foreach (var container in new[] { Dex.Core.Audit.BlobCheckpointStore.DefaultContainer, Dex.Core.Requests.BlobAttachmentStore.DefaultContainer, "dex-discovery" })
        {
            Assert.Contains($"= '{container}'", storage, StringComparison.Ordinal);
        }

        // The app identity: Table Data Contributor per table, Blob Data Contributor per container, never the account.
        Assert.Contains("scope: tables[i]", storage, StringComparison.Ordinal);
        Assert.Contains("scope: auditCheckpointContainer", storage, StringComparison.Ordinal);
        Assert.Contains("scope: dataContainers[i]", storage, StringComparison.Ordinal);
        var accountScoped = System.Text.RegularExpressions.Regex.Matches(storage, @"roleAssignments@[^\n]*\n(?:(?!\n}).)*?scope: account\n(?:(?!\n}).)*?principalId: (?<who>\w+)\.properties", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.Equal(3, accountScoped.Count);
        Assert.All(accountScoped, m => Assert.Equal("hostIdentity", m.Groups["who"].Value));

        // The host's storage connection and the package use the host identity; Dex's code (AZURE_CLIENT_ID) the app's.
        Assert.Contains("AzureWebJobsStorage__clientId: hostIdentityClientId", app, StringComparison.Ordinal);
        Assert.Contains("userAssignedIdentityResourceId: hostIdentityId", app, StringComparison.Ordinal);
        Assert.Contains("AZURE_CLIENT_ID: identityClientId", app, StringComparison.Ordinal);
    }

    [Fact]
    public void ReturnsPurgeProtectionAndNetworkAccessParameterGivenKeyVaultAndStorage()
    {
        var vault = InfraFiles.Text("infra/modules/keyvault.bicep");
        var storage = InfraFiles.Text("infra/modules/storage.bicep");
        var main = InfraFiles.Text("infra/main.bicep");

        Assert.Contains("enablePurgeProtection: true", vault, StringComparison.Ordinal);
        Assert.Contains("publicNetworkAccess: publicNetworkAccess", vault, StringComparison.Ordinal);
        Assert.Contains("publicNetworkAccess: publicNetworkAccess", storage, StringComparison.Ordinal);
        Assert.Contains("param publicNetworkAccess string = 'Enabled'", main, StringComparison.Ordinal);
        Assert.Contains("allowProtectedAppendWrites: true", storage, StringComparison.Ordinal);
    }

    [Fact]
    public void ReturnsSignInAppHooksGivenAzureYaml()
    {
        var yaml = InfraFiles.Text("azure.yaml");

        Assert.Contains("run: bash ./infra/scripts/signin-app.sh create", yaml, StringComparison.Ordinal);
        Assert.Contains("bash ./infra/scripts/signin-app.sh finish", yaml, StringComparison.Ordinal);
        Assert.True(File.Exists(InfraFiles.Path("infra/scripts/signin-app.sh")));
        Assert.True(File.Exists(InfraFiles.Path("infra/scripts/signin-app.ps1")));
    }
}
