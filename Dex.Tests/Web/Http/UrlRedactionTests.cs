using System.Diagnostics;
using Dex.Functions;
using Dex.Local;
using Dex.Web.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dex.Tests.Web.Http;

public sealed class UrlRedaction_Redact
{
    [Theory]
    [InlineData("/api/approvals/eyJhIjoxfQ.c2ln", "/api/approvals/{token}")]
    [InlineData("GET https://dex.example/api/secrets/abc_DEF-123?x=1 responded 200", "GET https://dex.example/api/secrets/{token}?x=1 responded 200")]
    [InlineData("/api/auth/signin?returnUrl=%2Fapi%2Fapprovals%2FeyJhIjoxfQ.c2ln%3Fa%3D1&mfa=1", "/api/auth/signin?returnUrl=%2Fapi%2Fapprovals%2F{token}&mfa=1")]
    [InlineData("/API/Approvals/tok/extra", "/API/Approvals/{token}/extra")]
    public void ReturnsTokenReplacedGivenApprovalOrCredentialPath(string text, string expected)
    {
        Assert.Equal(expected, UrlRedaction.Redact(text));
    }

    [Theory]
    [InlineData("/api/requests/web-m1")]
    [InlineData("/api/approvals")]
    [InlineData("")]
    public void ReturnsTextUnchangedGivenNoToken(string text)
    {
        Assert.Equal(text, UrlRedaction.Redact(text));
    }
}

public sealed class TokenRedactionProcessor_OnEnd
{
    [Fact]
    public void ReturnsRedactedNameAndTagsGivenSpanOfApprovalRequest()
    {
        using var activity = new Activity("GET /api/approvals/secret-token-1").Start();
        activity.SetTag("url.full", "https://dex.example/api/approvals/secret-token-1");
        activity.SetTag("url.path", "/api/secrets/secret-token-2");
        activity.SetTag("http.route", "api/approvals/{token}");
        activity.SetTag("http.response.status_code", 200);
        activity.Stop();

        new TokenRedactionProcessor().OnEnd(activity);

        Assert.Equal("GET /api/approvals/{token}", activity.DisplayName);
        Assert.Equal("https://dex.example/api/approvals/{token}", activity.GetTagItem("url.full"));
        Assert.Equal("/api/secrets/{token}", activity.GetTagItem("url.path"));
        Assert.Equal(200, activity.GetTagItem("http.response.status_code"));
        Assert.DoesNotContain(activity.Tags, t => t.Value?.Contains("secret-token", StringComparison.Ordinal) == true);
    }
}

public sealed class DexLocal_RequestLog
{
    private sealed class Capture : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(Capture owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue(category + ": " + formatter(state, exception) + " " + exception);
        }
    }

    [Fact]
    public async Task ReturnsRedactedRequestLinesGivenApprovalAndCredentialLinksAtInformationLevel()
    {
        var capture = new Capture();
        var state = Path.Combine(Path.GetTempPath(), "dex-log-" + Guid.NewGuid().ToString("N"));
        await using var app = await DexLocalApp.BuildAsync(
            [
                "--urls=http://127.0.0.1:0", "--Dex:Graph:EmulatorUrl=http://127.0.0.1:0", $"--Dex:State:Path={state}",
                "--Dex:Durable:Mode=InMemory", "--Logging:LogLevel:Default=Information",
                "--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Information",
            ],
            b => b.Logging.AddProvider(capture));
        await app.StartAsync();
        try
        {
            var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(url) };

            await http.GetAsync("/api/approvals/leaky-approval-token-1");
            await http.GetAsync("/api/secrets/leaky-credential-token-2");
            await http.PostAsync("/api/approvals/leaky-approval-token-3", new FormUrlEncodedContent([new("decision", "approve")]));
        }
        finally
        {
            await app.StopAsync();
        }

        var lines = capture.Lines.ToList();
        Assert.DoesNotContain(lines, l => l.Contains("leaky-", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("GET /api/approvals/{token} responded", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("GET /api/secrets/{token} responded", StringComparison.Ordinal));
        try
        {
            Directory.Delete(state, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
