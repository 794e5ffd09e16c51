using System.Text;
using System.Text.Json;
using Dex.Core.Requests;
using Dex.Core.Intake;
using Dex.Web.Http;
using Dex.Web.Messages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Web.Http;

/// <summary>Executes a result the way a host does and returns what went on the wire.</summary>
internal static class Wire
{
    public static async Task<(int Status, string? ContentType, JsonElement Body)> ExecuteAsync(IResult result)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        return (context.Response.StatusCode, context.Response.ContentType, JsonDocument.Parse(Encoding.UTF8.GetString(body.ToArray())).RootElement.Clone());
    }
}

public sealed class ApiErrors_From
{
    [Theory]
    [InlineData(RejectionKind.Invalid, 400)]
    [InlineData(RejectionKind.Forbidden, 403)]
    [InlineData(RejectionKind.TooLarge, 413)]
    public async Task WritesErrorEnvelopeWithStatusGivenRejection(RejectionKind kind, int status)
    {
        var (actual, contentType, body) = await Wire.ExecuteAsync(ApiErrors.From(new Rejection(kind, "some_code", "Say \"why\".")));

        Assert.Equal(status, actual);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        Assert.Equal(["error"], body.EnumerateObject().Select(p => p.Name));
        var error = body.GetProperty("error");
        Assert.Equal(["code", "message"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal("some_code", error.GetProperty("code").GetString());
        Assert.Equal("Say \"why\".", error.GetProperty("message").GetString());
    }

    [Fact]
    public void MapsEveryRejectionKindToA4xx()
    {
        foreach (var kind in Enum.GetValues<RejectionKind>())
        {
            Assert.InRange(ApiErrors.StatusOf(kind), 400, 499);
        }
    }
}

public sealed class MessageEndpoints_ToResult
{
    [Fact]
    public async Task Writes202WithAcceptedRequestGivenAcceptedMessage()
    {
        var (status, _, body) = await Wire.ExecuteAsync(MessageEndpoints.ToResult(IntakeResult.Accept(new MessageAccepted("req-1", RequestStatus.Planning, "/api/requests/req-1", "Got it."))));

        Assert.Equal(202, status);
        Assert.Equal(["requestId", "status", "statusUrl", "reply"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("/api/requests/req-1", body.GetProperty("statusUrl").GetString());
    }

    [Fact]
    public async Task WritesErrorEnvelopeGivenRejectedMessage()
    {
        var (status, _, body) = await Wire.ExecuteAsync(MessageEndpoints.ToResult(IntakeResult.Reject(RejectionKind.Forbidden, "requester_disabled", "Disabled.")));

        Assert.Equal(403, status);
        Assert.Equal("requester_disabled", body.GetProperty("error").GetProperty("code").GetString());
    }
}

public sealed class JsonBody_ReadAsync
{
    private sealed class UnreadableStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
    }

    private static HttpRequest Request(Stream body)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = body;
        return context.Request;
    }

    [Fact]
    public async Task ReturnsValueGivenJsonObject()
    {
        var (value, error) = await JsonBody.ReadAsync<Dex.Web.Plan.PlanRequest>(Request(new MemoryStream("""{"requester":"sarah@acme.com","text":"hi"}"""u8.ToArray())), "{}", CancellationToken.None);

        Assert.Null(error);
        Assert.Equal(new Dex.Web.Plan.PlanRequest("sarah@acme.com", "hi"), value);
    }

    [Fact]
    public async Task Returns400InvalidJsonNamingTheShapeGivenBrokenJson()
    {
        var (_, error) = await JsonBody.ReadAsync<Dex.Web.Plan.PlanRequest>(Request(new MemoryStream("{not json"u8.ToArray())), "{\"requester\",\"text\"}", CancellationToken.None);

        var (status, _, body) = await Wire.ExecuteAsync(error!);
        Assert.Equal(400, status);
        Assert.Equal("invalid_json", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("{\"requester\",\"text\"}", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReturnsTheServersStatusGivenUnreadableBody()
    {
        var (_, error) = await JsonBody.ReadAsync<Dex.Web.Plan.PlanRequest>(Request(new UnreadableStream()), "{}", CancellationToken.None);

        var (status, _, body) = await Wire.ExecuteAsync(error!);
        Assert.Equal(413, status);
        Assert.Equal("bad_request", body.GetProperty("error").GetProperty("code").GetString());
    }
}
