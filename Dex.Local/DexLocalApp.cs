using System.Security.Cryptography;
using Dex.Core;
using Dex.Web;
using Dex.Core.Audit;
using Dex.Core.Directory;
using Dex.Core.Discovery;
using Dex.Core.Secrets;
using Dex.Core.Workflows;
using Microsoft.AspNetCore.DataProtection;
using Dex.GraphEmulator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Dex.Local.Durable;
using Dex.Web.Http;

namespace Dex.Local;

/// <summary>
/// The local host: the same HTTP API as Dex.Functions, the same workflows on the in-process durable
/// engine, and (in Emulator mode) an embedded Microsoft Graph emulator with the sample tenant.
/// </summary>
public static class DexLocalApp
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Request lines come from Dex's own redacted log; ASP.NET Core's would print approval and credential tokens.
        builder.Logging.AddRedactedRequestLogFilters();
        var config = builder.Configuration;
        var graph = config.GetSection(GraphOptions.Section).Get<GraphOptions>() ?? new GraphOptions();
        var statePath = Path.GetFullPath(config["Dex:State:Path"] is { Length: > 0 } p ? p : ".dex");
        LocalHardening.CreatePrivateDirectory(statePath);

        GraphEmulatorServer? emulator = null;
        // Dex:Graph:Emulator:* shapes the embedded emulator (latency, faults, throttling) so slow or faulty runs can be
        // reproduced; External=true uses an emulator already listening at EmulatorUrl (tests that crash Dex.Local keep theirs).
        var emulatorSection = config.GetSection(GraphOptions.Section + ":Emulator");
        if (!graph.IsLive && !emulatorSection.GetValue<bool>("External"))
        {
            var emulatorOptions = new GraphEmulatorOptions();
            emulatorSection.Bind(emulatorOptions);
            emulatorOptions.Url = graph.EmulatorUrl;
            emulatorOptions.TenantPath = graph.Tenant;
            emulator = await GraphEmulatorServer.StartAsync(emulatorOptions);
            config[GraphOptions.Section + ":EmulatorUrl"] = emulator.BaseUrl[..^"/v1.0".Length];
            builder.Services.AddSingleton(emulator);

            // Trying Dex out: without a webhook secret, unsigned messages are allowed here and only here (the
            // start-up text and /api/health say so). Everywhere else an unsigned message is 401.
            if (string.IsNullOrEmpty(config["Dex:Teams:TenantId"]))
            {
                config["Dex:Teams:TenantId"] = emulator.Tenant.TenantId;
            }

            if (string.IsNullOrEmpty(config["Dex:Webhook:Secret"]) && string.IsNullOrEmpty(config["Dex:Webhook:AllowUnsigned"]))
            {
                config["Dex:Webhook:AllowUnsigned"] = "true";
            }
        }
        else if (graph.IsLive)
        {
            config["Dex:Webhook:AllowUnsigned"] = "false";
        }
        else if (string.IsNullOrEmpty(config["Dex:Webhook:Secret"]) && string.IsNullOrEmpty(config["Dex:Webhook:AllowUnsigned"]))
        {
            // An emulator already running (External): still the simulated tenant, so the same trying-out rule applies.
            config["Dex:Webhook:AllowUnsigned"] = "true";
        }

        // The console (and any front-end a person signs in to) may send messages as the signed-in person, never as a body field.
        if (string.IsNullOrEmpty(config["Dex:Webhook:AcceptSignedIn"]))
        {
            config["Dex:Webhook:AcceptSignedIn"] = "true";
        }

        // Approval links need a signing key; locally one is made once and kept with the local state.
        if (string.IsNullOrEmpty(config["Dex:Approvals:SigningKey"]))
        {
            config["Dex:Approvals:SigningKey"] = LocalKey(Path.Combine(statePath, "approval-signing.key"));
        }

        var publicUrlConfigured = !string.IsNullOrEmpty(config["Dex:PublicBaseUrl"]);

        // Host filtering: loopback names, plus the public base URL's host when one is configured.
        if (string.IsNullOrEmpty(config["AllowedHosts"]) || config["AllowedHosts"] == "*")
        {
            var hosts = new List<string> { "localhost", "127.0.0.1", "[::1]" };
            if (publicUrlConfigured && Uri.TryCreate(config["Dex:PublicBaseUrl"], UriKind.Absolute, out var publicUrl))
            {
                hosts.Add(publicUrl.Host);
            }

            config["AllowedHosts"] = string.Join(';', hosts);
        }

        // Local state survives restarts: audit trail and credentials in SQLite, discovery as a file.
        builder.Services.AddDexSqliteAuditLog(LocalHardening.PrivateFile(Path.Combine(statePath, "audit.db")));
        // The chain head is signed and kept outside the database, so a rewritten and re-hashed trail still shows.
        builder.Services.AddDexLocalAuditCheckpoints(statePath, new CheckpointOptions
        {
            EveryEntries = int.TryParse(config["Dex:Audit:CheckpointEveryEntries"], out var every) && every > 0 ? every : 100,
            EveryInterval = TimeSpan.FromMinutes(int.TryParse(config["Dex:Audit:CheckpointEveryMinutes"], out var minutes) && minutes > 0 ? minutes : 15),
        });
        LocalHardening.AddProtectedKeyRing(builder.Services, statePath);
        builder.Services.AddDexSqliteSecretVault(LocalHardening.PrivateFile(Path.Combine(statePath, "secrets.db")));
        builder.Services.AddSingleton<Dex.Core.Grants.IGrantStore>(_ => new Dex.Core.Grants.SqliteGrantStore(LocalHardening.PrivateFile(Path.Combine(statePath, "grants.db"))));
        builder.Services.AddSingleton<Dex.Core.Intake.IOpenQuestionStore>(_ => new Dex.Core.Intake.SqliteOpenQuestionStore(LocalHardening.PrivateFile(Path.Combine(statePath, "questions.db"))));
        builder.Services.AddSingleton<IDiscoveryStore>(new FileDiscoveryStore(Path.Combine(statePath, "discovery-latest.json")));
        builder.Services.AddHostedService<DiscoveryScheduler>();
        builder.Services.AddHostedService<Dex.Core.Policy.PolicyLintStartup>();
        _ = DiscoveryScheduler.Parse(config["Dex:Discovery:Schedule"]);
        // The durable engine (Azure Storage provider or in memory) and the ledgers that keep safety off the engine's memory.
        var engine = await builder.AddDexDurableEngineAsync(statePath, graph);
        builder.AddDexLocalSignIn(graph, emulator);
        builder.Services.AddDexCore();
        builder.Services.AddDexWeb();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);
        configure?.Invoke(builder);

        var app = builder.Build();

        // Fail at start-up, naming the place, when the policy file is wrong: never run on a silent default.
        _ = app.Services.GetRequiredService<Dex.Core.Policy.PolicyDocument>();
        app.UseRedactedRequestLog();
        app.UseDexErrorEnvelope();
        app.UseDexBodyLimit();
        app.UseCrossSiteGuard();
        app.UseAuthentication();
        if (LocalSignIn.IsRequiredEverywhere(app.Configuration, graph))
        {
            app.UseSignInEverywhere();
        }

        app.MapDexLocalSignIn();
        app.MapDexApi();
        if (!graph.IsLive)
        {
            // What would have been sent to a person: only with the simulated tenant, never next to a live one.
            app.MapDexOutbox();
        }

        app.MapConsole();

        // "/" is the web console (wwwroot/index.html): static files, nothing external.
        app.UseDefaultFiles();
        app.UseStaticFiles();

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? DefaultUrl;
            if (!publicUrlConfigured)
            {
                // Links must point at the port actually bound (tests bind port 0).
                app.Services.GetRequiredService<DexOptions>().PublicBaseUrl = address;
            }
        });
        app.Lifetime.ApplicationStopped.Register(() => app.Services.GetService<EmbeddedAzurite>()?.Dispose());
        if (engine.Mode == DurableMode.InMemory)
        {
            app.Logger.LogWarning("Durable engine: {Warning}", DurableEngineSetup.InMemoryWarning);
        }

        if (emulator is not null)
        {
            app.Lifetime.ApplicationStopped.Register(() => emulator.DisposeAsync().AsTask().GetAwaiter().GetResult());
        }

        return app;
    }

    private static string LocalKey(string path)
    {
        if (File.Exists(path))
        {
            LocalHardening.PrivateFile(path);
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length >= 32)
            {
                return existing;
            }
        }

        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        LocalHardening.WritePrivate(path, System.Text.Encoding.ASCII.GetBytes(key));
        return key;
    }
}
