using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dex.Web.Http;

namespace Dex.Tests.Local;

/// <summary>One body cap for every route of Dex.Local, over a real socket.</summary>
public sealed class DexLocalApp_BodyLimit(LocalHostFixture local) : IClassFixture<LocalHostFixture>
{
    private static async Task AssertTooLargeAsync(HttpResponseMessage response, string code = "body_too_large")
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, body.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("/api/messages")]
    [InlineData("/api/plan")]
    [InlineData("/api/setup/validate")]
    [InlineData("/api/approvals/some-token")]
    public async Task Returns413GivenTenMegabyteBody(string route)
    {
        var text = new string('a', 10 * 1024 * 1024);
        using var content = new StringContent($$"""{"id":"big-1","requester":"sarah@acme.com","text":"{{text}}"}""", Encoding.UTF8, "application/json");

        await AssertTooLargeAsync(await local.Http.PostAsync(route, content));
    }

    [Fact]
    public async Task Returns413GivenChunkedBodyOverTheCap()
    {
        using var content = new PushStreamContentOf(BodyLimit.MaxBytes + 1024 * 1024);

        // Cut off while the endpoint reads it: the endpoint's own 413 envelope.
        await AssertTooLargeAsync(await local.Http.PostAsync("/api/messages", content), "bad_request");
    }

    /// <summary>A body without Content-Length (sent chunked), so only reading it finds the size.</summary>
    private sealed class PushStreamContentOf : HttpContent
    {
        private readonly long size;

        public PushStreamContentOf(long size)
        {
            this.size = size;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var chunk = Encoding.ASCII.GetBytes(new string('a', 64 * 1024));
            await stream.WriteAsync("{\"text\":\""u8.ToArray());
            for (long sent = 0; sent < size; sent += chunk.Length)
            {
                try
                {
                    await stream.WriteAsync(chunk);
                }
                catch (IOException)
                {
                    return; // the server answered and closed: expected
                }
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
