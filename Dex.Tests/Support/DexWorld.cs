using System.Net;
using System.Net.Sockets;
using Dex.Core;
using Dex.Core.Intake;
using Dex.Web;
using Dex.Core.Audit;
using Dex.Core.Directory;
using Dex.Core.Notifications;
using Dex.Core.Requests;
using Dex.Core.Workflows;
using Dex.GraphEmulator;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dex.Tests.Support;

/// <summary>
/// A whole Dex for workflow tests: the Graph emulator over real HTTP with the sample tenant, the real
/// durable engine (DurableTaskTestHost), Dex.Core's services, and the shared API over its client.
/// </summary>
public sealed class DexWorld : IAsyncDisposable
{
    public const string SigningKey = "test-signing-key-0123456789-abcdefghijklmnop";

    private DexWorld(GraphEmulatorServer emulator, DurableTaskTestHost host)
    {
        Emulator = emulator;
        Host = host;
    }

    public GraphEmulatorServer Emulator { get; }
    public DurableTaskTestHost Host { get; }
    public DurableTaskClient Client => Host.Client;
    public IServiceProvider Services => Host.Services;
    public InMemoryOutbox Outbox => Services.GetRequiredService<InMemoryOutbox>();
    public IAuditLog Audit => Services.GetRequiredService<IAuditLog>();
    /// <summary>The HTTP endpoints over this world's durable client, as a host builds them.</summary>
    public DexEndpoints Web => new(Services, Client);
    public DirectoryService Directory => Services.GetRequiredService<DirectoryService>();

    public static async Task<DexWorld> StartAsync(string? policyJson = null, Action<IServiceCollection>? services = null, GraphEmulatorOptions? emulatorOptions = null)
    {
        var emulator = await GraphEmulatorServer.StartAsync(emulatorOptions);
        var settings = new Dictionary<string, string?>
        {
            ["Dex:Graph:Mode"] = "Emulator",
            ["Dex:Graph:EmulatorUrl"] = emulator.BaseUrl[..^"/v1.0".Length],
            ["Dex:Approvals:SigningKey"] = SigningKey,
            ["Dex:PublicBaseUrl"] = "http://dex.test",
        };
        if (emulatorOptions?.TenantPath is { } tenantPath)
        {
            // A tenant other than the built-in sample runs the shipped default policy, as a host would.
            settings["Dex:Graph:Tenant"] = tenantPath;
        }

        if (policyJson is not null)
        {
            var path = Path.Combine(Path.GetTempPath(), $"dex-policy-{Guid.NewGuid():N}.json");
            await File.WriteAllTextAsync(path, policyJson);
            settings["Dex:Policy:Path"] = path;
        }

        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var host = await DurableTaskTestHost.StartAsync(
            registry => registry.AddDexTasks(),
            new DurableTaskTestHostOptions
            {
                Port = FreePort(),
                LoggerFactory = NullLoggerFactory.Instance,
                ConfigureServices = s =>
                {
                    s.AddSingleton<IConfiguration>(config);
                    s.AddLogging();
                    s.AddDexCore();
                    services?.Invoke(s);
                },
            });
        return new DexWorld(emulator, host);
    }

    /// <summary>Posts a chat message through the shared API, as a webhook would.</summary>
    public async Task<MessageAccepted> SendAsync(string requester, string text, string? id = null, string channel = "test")
    {
        var result = await Web.Intake.AcceptAsync(new IncomingMessage(id ?? Guid.NewGuid().ToString("N"), channel, requester, text, null), CancellationToken.None);
        Assert.Null(result.Rejected);
        return result.Accepted!;
    }

    public Task<RequestView?> ViewAsync(string requestId) => RequestViews.FindAsync(Client, requestId, CancellationToken.None);

    /// <summary>Waits (bounded) until the request reaches the status; generous for a slow shared machine.</summary>
    public async Task<RequestView> WaitForStatusAsync(string requestId, RequestStatus status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        RequestView? view = null;
        while (DateTime.UtcNow < deadline)
        {
            view = await ViewAsync(requestId);
            if (view?.Status == status)
            {
                return view;
            }

            if (view is not null && view.Status.IsFinal() && view.Status != status)
            {
                break;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"Request {requestId} did not reach '{status}'; last status '{view?.Status}', reply: {view?.Reply}");
        return null!;
    }

    /// <summary>The approval link sent to an approver (the token part of the URL).</summary>
    public async Task<string> ApprovalTokenForAsync(string approver, string requestId, string kind = "approval_request")
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var n = Outbox.For(approver).LastOrDefault(x => x.RequestId == requestId && x.Kind == kind && x.Links.Count > 0);
            if (n is not null)
            {
                return n.Links[0].Url.Split("/api/approvals/")[1];
            }

            await Task.Delay(50);
        }

        Assert.Fail($"No {kind} link reached {approver} for {requestId}.");
        return null!;
    }

    private readonly Dictionary<string, System.Security.Claims.ClaimsPrincipal> _signedIn = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A real emulated Entra sign-in of <paramref name="upn"/> (id_token validated), cached per person and MFA.</summary>
    public async Task<System.Security.Claims.ClaimsPrincipal> SignInAsync(string upn, bool mfa = true)
    {
        var key = upn + (mfa ? "|mfa" : "|pwd");
        if (!_signedIn.TryGetValue(key, out var principal))
        {
            _signedIn[key] = principal = await EntraSignInFlow.PrincipalAsync(Emulator.RootUrl, Emulator.Tenant.TenantId, upn, mfa);
        }

        return principal;
    }

    /// <summary>The approver the link names (a tampered link names nobody: alice signs in then).</summary>
    private string ApproverOf(string token) => Services.GetRequiredService<Dex.Core.Approvals.ApprovalTokenService>().Verify(token).Claims?.Approver ?? "alice@acme.com";

    /// <summary>The approval page as the signed-in approver the link names (or <paramref name="as"/>).</summary>
    public async Task<Microsoft.AspNetCore.Http.IResult> ApprovalPageAsync(string token, string? @as = null, bool mfa = true)
        => await Web.Approvals.GetAsync(token, HttpTestExtensions.GetRequest(await SignInAsync(@as ?? ApproverOf(token), mfa)), CancellationToken.None);

    /// <summary>Decides as the signed-in approver, like a browser: open the page, post its form (with the page's form token).</summary>
    public async Task<Microsoft.AspNetCore.Http.IResult> DecideAsync(string token, params (string Key, string Value)[] fields)
        => await DecideAsAsync(token, ApproverOf(token), true, fields);

    public async Task<Microsoft.AspNetCore.Http.IResult> DecideAsAsync(string token, string upn, bool mfa, params (string Key, string Value)[] fields)
    {
        var user = await SignInAsync(upn, mfa);
        var page = await Web.Approvals.GetAsync(token, HttpTestExtensions.GetRequest(user), CancellationToken.None);
        var formToken = FormTokenOf(page.Html());
        return await Web.Approvals.PostAsync(token, HttpTestExtensions.FormRequest(user, formToken is null ? fields : [.. fields, ("form_token", formToken)]), CancellationToken.None);
    }

    /// <summary>Reveals a credential as its signed-in recipient: the GET page, then its Reveal form.</summary>
    public async Task<Microsoft.AspNetCore.Http.IResult> RevealAsync(string token, string? @as = null)
    {
        var recipient = @as ?? (await Services.GetRequiredService<Dex.Core.Secrets.ISecretVault>().DescribeAsync(token))?.Recipient ?? "alice@acme.com";
        var user = await SignInAsync(recipient);
        var page = await Web.Secrets.GetAsync(token, HttpTestExtensions.GetRequest(user), CancellationToken.None);
        var formToken = FormTokenOf(page.Html());
        return await Web.Secrets.RevealAsync(token, HttpTestExtensions.FormRequest(user, formToken is null ? [] : [("form_token", formToken)]), CancellationToken.None);
    }

    public static string? FormTokenOf(string html)
    {
        var m = System.Text.RegularExpressions.Regex.Match(html, "name=\"form_token\" value=\"([0-9a-f]+)\"");
        return m.Success ? m.Groups[1].Value : null;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Emulator.DisposeAsync();
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
