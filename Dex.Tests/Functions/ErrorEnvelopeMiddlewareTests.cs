using System.Text.Json;
using Dex.Core.Directory;
using Dex.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Dex.Tests.Functions;

/// <summary>The worker middleware with the host's FunctionContext mocked (it cannot run here) and a real HttpContext.</summary>
public sealed class ErrorEnvelopeMiddleware_Invoke
{
    private static (FunctionContext Function, DefaultHttpContext Http) Contexts(bool http = true)
    {
        var httpContext = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        httpContext.Request.Method = "GET";
        httpContext.Request.Path = "/api/approvals/secret-token";
        httpContext.Response.Body = new MemoryStream();
        var items = new Dictionary<object, object>();
        if (http)
        {
            items["HttpRequestContext"] = httpContext;
        }

        var function = new Mock<FunctionContext>();
        function.SetupGet(f => f.Items).Returns(items);
        return (function.Object, httpContext);
    }

    private static async Task<JsonElement> BodyAsync(DefaultHttpContext http)
    {
        http.Response.Body.Position = 0;
        return (await JsonDocument.ParseAsync(http.Response.Body)).RootElement;
    }

    [Fact]
    public async Task Returns503WithRetryAfterAndEnvelopeGivenThrottledGraph()
    {
        var (function, http) = Contexts();

        await new ErrorEnvelopeMiddleware(NullLogger<ErrorEnvelopeMiddleware>.Instance)
            .Invoke(function, _ => throw new DirectoryException("Microsoft Graph throttled the call; retry after 7 s.", 429));

        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal("7", http.Response.Headers.RetryAfter.ToString());
        Assert.Equal("graph_unavailable", (await BodyAsync(http)).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Returns503GivenStorageTimeout()
    {
        var (function, http) = Contexts();

        await new ErrorEnvelopeMiddleware(NullLogger<ErrorEnvelopeMiddleware>.Instance).Invoke(function, _ => throw new TimeoutException("table storage"));

        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal("temporarily_unavailable", (await BodyAsync(http)).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Returns500EnvelopeWithoutDetailsGivenUnexpectedFailure()
    {
        var (function, http) = Contexts();

        await new ErrorEnvelopeMiddleware(NullLogger<ErrorEnvelopeMiddleware>.Instance).Invoke(function, _ => throw new InvalidOperationException("stack-trace-material"));

        Assert.Equal(500, http.Response.StatusCode);
        var body = await BodyAsync(http);
        Assert.Equal("internal_error", body.GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain("stack-trace-material", body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RethrowsGivenNonHttpTrigger()
    {
        var (function, _) = Contexts(http: false);

        await Assert.ThrowsAsync<TimeoutException>(() =>
            new ErrorEnvelopeMiddleware(NullLogger<ErrorEnvelopeMiddleware>.Instance).Invoke(function, _ => throw new TimeoutException("queue")));
    }
}
