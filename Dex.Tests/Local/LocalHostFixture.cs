using System.Net.Http.Json;
using System.Text.Json;
using Dex.Local;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Local;

/// <summary>Dex.Local on a real Kestrel port with its embedded emulator, as `dotnet run --project Dex.Local` runs it.</summary>
public sealed class LocalHostFixture : IAsyncLifetime
{
    private WebApplication? _app;
    private string _state = string.Empty;

    public HttpClient Http { get; private set; } = null!;
    public string BaseUrl { get; private set; } = string.Empty;
    public IServiceProvider Services => _app!.Services;

    /// <summary>The host's state directory (a fresh temp folder).</summary>
    public string StatePath => _state;

    /// <summary>More command-line settings for this host (e.g. a policy file).</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    public async Task InitializeAsync()
    {
        _state = Path.Combine(Path.GetTempPath(), "dex-local-" + Guid.NewGuid().ToString("N"));
        // The in-memory engine's sidecar picks a random port of its own, which another test's process can take first:
        // a bind clash is retried with a new host, never counted as a failure of the tests this fixture serves.
        for (var attempt = 1; ; attempt++)
        {
            _app = await DexLocalApp.BuildAsync(
            [
                "--urls=http://127.0.0.1:0",
                "--Dex:Graph:EmulatorUrl=http://127.0.0.1:0",
                $"--Dex:State:Path={_state}",
                "--Dex:Durable:Mode=InMemory",
                "--Logging:LogLevel:Default=Warning",
                .. ExtraArgs,
            ]);
            try
            {
                await _app.StartAsync();
                break;
            }
            catch (IOException e) when (attempt < 4 && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await _app.DisposeAsync();
            }
        }

        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_state, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the temp folder is not needed after the run.
        }
    }

    /// <summary>The approval link in a person's outbox for a request (the links go out right after the status changes).</summary>
    public async Task<string> ApprovalLinkAsync(string approver, string requestId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var outbox = await Http.GetFromJsonAsync<JsonElement>($"/api/local/outbox?recipient={approver}");
            var link = outbox.GetProperty("notifications").EnumerateArray()
                .Where(n => n.GetProperty("requestId").GetString() == requestId && n.GetProperty("kind").GetString() == "approval_request")
                .Select(n => n.GetProperty("links")[0].GetProperty("url").GetString())
                .FirstOrDefault();
            if (link is not null)
            {
                return link;
            }

            await ConfirmIfAskedAsync(await Http.GetFromJsonAsync<JsonElement>($"/api/requests/{requestId}"));

            await Task.Delay(50);
        }

        Assert.Fail($"No approval link reached {approver} for {requestId}.");
        return string.Empty;
    }

    private readonly HashSet<string> _confirmed = new(StringComparer.Ordinal);

    /// <summary>Says "yes" once to a plan waiting for the requester's confirmation, as the requester would (tests about confirmation wait for it instead).</summary>
    /// <returns>Whether the view is a plan waiting for confirmation (the "yes" is sent once).</returns>
    public async Task<bool> ConfirmIfAskedAsync(JsonElement view)
    {
        if (!(view.TryGetProperty("status", out var st) && st.GetString() == "needs_clarification"
            && view.TryGetProperty("clarification", out var c) && c.ValueKind == JsonValueKind.Object
            && c.TryGetProperty("kind", out var kind) && kind.GetString() == "confirmation"))
        {
            return false;
        }

        if (_confirmed.Add(view.GetProperty("id").GetString()!))
        {
            await Services.GetRequiredService<Microsoft.DurableTask.Client.DurableTaskClient>()
                .RaiseEventAsync(view.GetProperty("id").GetString()!, Dex.Core.Workflows.ClarificationAnswerEvent.EventName, new Dex.Core.Workflows.ClarificationAnswerEvent("yes", DateTimeOffset.UtcNow));
        }

        return true;
    }

    public async Task<JsonElement> WaitForStatusAsync(string requestId, string status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await Http.GetFromJsonAsync<JsonElement>($"/api/requests/{requestId}");
            if (last.GetProperty("status").GetString() == status)
            {
                return last;
            }

            if (status != "needs_clarification")
            {
                await ConfirmIfAskedAsync(last);
            }

            await Task.Delay(50);
        }

        Assert.Fail($"{requestId} did not reach {status}: {last}");
        return last;
    }
}
