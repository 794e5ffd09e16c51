using System.Text.Json;
using Dex.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Dex.Tests.Functions;

/// <summary>The Functions body cap, with the host's FunctionContext mocked (it cannot run here) and a real HttpContext.</summary>
public sealed class BodyLimitMiddleware_Invoke
{
    private const int TenMegabytes = 10 * 1024 * 1024;

    private static (FunctionContext Function, DefaultHttpContext Http) Contexts(Stream body, long? declaredLength)
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Request.Method = "POST";
        http.Request.Path = "/api/messages";
        http.Request.ContentType = "application/json";
        http.Request.ContentLength = declaredLength;
        http.Request.Body = body;
        http.Response.Body = new MemoryStream();
        var function = new Mock<FunctionContext>();
        function.SetupGet(f => f.Items).Returns(new Dictionary<object, object> { ["HttpRequestContext"] = http });
        return (function.Object, http);
    }

    /// <summary>A 10 MB JSON message: {"id":"m1","text":"aaaa..."}.</summary>
    private static MemoryStream TenMegabyteMessage()
        => new(System.Text.Encoding.UTF8.GetBytes("{\"id\":\"m1\",\"requester\":\"tom@acme.com\",\"text\":\"" + new string('a', TenMegabytes) + "\"}"));

    /// <summary>What an HTTP function does with the body: reads it all as JSON, then acts (here: counts).</summary>
    private static FunctionExecutionDelegate ReadingFunction(Action acted) => async context =>
    {
        var http = context.GetHttpContext()!;
        await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body);
        acted();
        http.Response.StatusCode = 202;
    };

    private static async Task<string?> ErrorCodeAsync(DefaultHttpContext http)
    {
        http.Response.Body.Position = 0;
        return (await JsonDocument.ParseAsync(http.Response.Body)).RootElement.GetProperty("error").GetProperty("code").GetString();
    }

    [Fact]
    public async Task Returns413WithoutRunningTheFunctionGivenA10MbDeclaredBody()
    {
        using var body = TenMegabyteMessage();
        var (function, http) = Contexts(body, body.Length);
        var ran = false;

        await new BodyLimitMiddleware().Invoke(function, _ => { ran = true; return Task.CompletedTask; });

        Assert.False(ran);
        Assert.Equal(413, http.Response.StatusCode);
        Assert.Equal("body_too_large", await ErrorCodeAsync(http));
        Assert.Equal(0, body.Position);
    }

    [Fact]
    public async Task Returns413AndChangesNothingGivenA10MbChunkedBodyThroughTheErrorEnvelope()
    {
        using var body = TenMegabyteMessage();
        var (function, http) = Contexts(body, declaredLength: null);
        var acted = 0;

        // The order of Program.cs: the error envelope outside, the cap inside it.
        await new ErrorEnvelopeMiddleware(NullLogger<ErrorEnvelopeMiddleware>.Instance)
            .Invoke(function, c => new BodyLimitMiddleware().Invoke(c, ReadingFunction(() => acted++)));

        Assert.Equal(0, acted);
        Assert.Equal(413, http.Response.StatusCode);
        Assert.Equal("body_too_large", await ErrorCodeAsync(http));
    }

    [Fact]
    public async Task RunsTheFunctionGivenABodyUnderTheCap()
    {
        using var body = new MemoryStream("{\"id\":\"m1\",\"text\":\"hello\"}"u8.ToArray());
        var (function, http) = Contexts(body, body.Length);
        var acted = 0;

        await new BodyLimitMiddleware().Invoke(function, ReadingFunction(() => acted++));

        Assert.Equal(1, acted);
        Assert.Equal(202, http.Response.StatusCode);
    }
}
