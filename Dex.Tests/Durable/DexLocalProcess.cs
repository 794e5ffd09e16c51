using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Dex.Tests.Support;

namespace Dex.Tests.Durable;

/// <summary>
/// Dex.Local as a child process (the built Dex.Local.dll), so a test can kill it with SIGKILL and start it again on the
/// same state: the same storage (Azurite), the same state folder, the same Graph emulator and port.
/// </summary>
public sealed class DexLocalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private DexLocalProcess(Process process, StringBuilder output, string baseUrl)
    {
        _process = process;
        _output = output;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string BaseUrl { get; }

    public HttpClient Http { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<DexLocalProcess> StartAsync(int port, IEnumerable<string> args)
    {
        var dll = Path.Combine(RepoPaths.Root, "Dex.Local", "bin", RepoPaths.Configuration, "net10.0", "Dex.Local.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build Dex.Local first.");
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var output = new StringBuilder();
        var process = Process.Start(psi)!;
        void Collect(object? _, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        }

        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var dex = new DexLocalProcess(process, output, $"http://127.0.0.1:{port}");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(180); // a cold start on a loaded 2-core machine
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
                if ((await probe.GetAsync($"{dex.BaseUrl}/api/health")).IsSuccessStatusCode)
                {
                    return dex;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        var why = dex.Output;
        await dex.DisposeAsync();
        throw new InvalidOperationException("Dex.Local did not start:\n" + why);
    }

    /// <summary>SIGKILL: no shutdown hook runs, nothing is flushed.</summary>
    public void Crash()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit(10_000);
    }

    public async Task<JsonElement> SendAsync(string id, string requester, string text)
    {
        var response = await Http.PostAsJsonAsync("/api/messages", new { id, channel = "cli", requester, text });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> WaitForStatusAsync(string requestId, params string[] statuses)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(240);
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            HttpResponseMessage response;
            try
            {
                response = await Http.GetAsync($"/api/requests/{requestId}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // A slow moment of the host (or its storage) is not an answer: ask again.
                await Task.Delay(500);
                continue;
            }

            if (response.IsSuccessStatusCode)
            {
                var view = await response.Content.ReadFromJsonAsync<JsonElement>();
                last = view.GetProperty("status").GetString() ?? string.Empty;
                if (statuses.Contains(last))
                {
                    return view;
                }

                await ConfirmIfAskedAsync(view, statuses);
            }

            await Task.Delay(200);
        }

        Assert.Fail($"{requestId} did not reach {string.Join("/", statuses)} (last: {last}). Dex.Local output:\n{Output}");
        return default;
    }

    private readonly Dictionary<string, DateTime> _confirmed = new(StringComparer.Ordinal);

    /// <summary>Says "yes" (as the requester, on the same channel) once to a plan waiting for confirmation, unless the test waits for that question.</summary>
    private async Task ConfirmIfAskedAsync(JsonElement view, string[] statuses)
    {
        if (!statuses.Contains("needs_clarification") && view.GetProperty("status").GetString() == "needs_clarification"
            && view.TryGetProperty("clarification", out var c) && c.ValueKind == JsonValueKind.Object
            && c.TryGetProperty("kind", out var kind) && kind.GetString() == "confirmation"
            && (!_confirmed.TryGetValue(view.GetProperty("id").GetString()!, out var sent) || DateTime.UtcNow - sent > TimeSpan.FromSeconds(5)))
        {
            // Two plans waiting on one channel: a "yes" goes to one of them, so a plan still asking later gets another.
            _confirmed[view.GetProperty("id").GetString()!] = DateTime.UtcNow;
            await SendAsync(Guid.NewGuid().ToString("N"), view.GetProperty("requester").GetString()!, "yes");
        }
    }

    /// <summary>Waits until the request asks its requester to confirm the plan, then says "yes".</summary>
    public async Task ConfirmWhenAskedAsync(string requestId)
    {
        var view = await WaitForStatusAsync(requestId, "needs_clarification");
        await ConfirmIfAskedAsync(view, []);
    }

    /// <summary>The path (/api/approvals/…) of the approval link sent to a person for a request.</summary>
    public async Task<string> ApprovalPathAsync(string approver, string requestId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var outbox = await Http.GetFromJsonAsync<JsonElement>($"/api/local/outbox?recipient={approver}");
            var url = outbox.GetProperty("notifications").EnumerateArray()
                .Where(n => n.GetProperty("requestId").GetString() == requestId && n.GetProperty("kind").GetString() == "approval_request")
                .Select(n => n.GetProperty("links")[0].GetProperty("url").GetString())
                .FirstOrDefault();
            if (url is not null)
            {
                return new Uri(url).PathAndQuery;
            }

            var response = await Http.GetAsync($"/api/requests/{requestId}");
            if (response.IsSuccessStatusCode)
            {
                await ConfirmIfAskedAsync(await response.Content.ReadFromJsonAsync<JsonElement>(), []);
            }

            await Task.Delay(100);
        }

        Assert.Fail($"No approval link reached {approver} for {requestId}.");
        return string.Empty;
    }

    /// <summary>Decides as <paramref name="approver"/> the way a person does: Entra sign-in (with MFA), the page, then its form.</summary>
    public async Task<HttpResponseMessage> DecideAsync(string approvalPath, string approver, string decision)
    {
        using var client = await Support.EntraSignInFlow.SignInAsync(BaseUrl, approver, mfa: true);
        using var page = await client.GetAsync(approvalPath);
        if (!page.IsSuccessStatusCode)
        {
            return new HttpResponseMessage(page.StatusCode);
        }

        var formToken = Support.DexWorld.FormTokenOf(await page.Content.ReadAsStringAsync()) ?? string.Empty;
        return await client.PostAsync(approvalPath, new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = decision, ["form_token"] = formToken }));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
