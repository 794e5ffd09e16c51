using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dex.Core.Requests;
using Dex.GraphEmulator;
using Dex.Tests.Local;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Web.Chat;

/// <summary>Dex.Local with every chat secret configured (and a Slack user mapping).</summary>
public sealed class ChatLocalFixture : IAsyncLifetime
{
    private readonly LocalHostFixture _local = new()
    {
        ExtraArgs =
        [
            $"--Dex:Webhook:Secret={ChatRequests.WebhookSecret}",
            $"--Dex:Teams:SigningKey={ChatRequests.TeamsToken}",
            $"--Dex:Slack:SigningSecret={ChatRequests.SlackSecret}",
            "--Dex:Slack:UserMap:U0LIAM=liam@acme.com",
        ],
    };

    public HttpClient Http => _local.Http;
    public string BaseUrl => _local.BaseUrl;
    public IServiceProvider Services => _local.Services;

    public Task InitializeAsync() => _local.InitializeAsync();

    public Task DisposeAsync() => _local.DisposeAsync();
}

public sealed partial class DexLocalChat_Http(ChatLocalFixture local) : IClassFixture<ChatLocalFixture>
{
    private string ObjectId(string upn) => local.Services.GetRequiredService<GraphEmulatorServer>().Tenant.FindUser(upn)!.Id;

    private async Task AssertNotStartedAsync(string channel, string messageId)
    {
        var status = await local.Http.GetAsync($"/api/requests/{RequestIds.For(channel, messageId)}");
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    private async Task<JsonElement> FollowStatusLinkAsync(string replyText, string channel, string messageId)
    {
        var link = StatusLink().Match(replyText).Groups[1].Value;
        Assert.Equal($"{local.BaseUrl}/api/requests/{RequestIds.For(channel, messageId)}", link);
        // The view names the requester once the workflow has recorded its first status; poll briefly for it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement view;
        do
        {
            view = await local.Http.GetFromJsonAsync<JsonElement>(link);
            Assert.Equal(RequestIds.For(channel, messageId), view.GetProperty("id").GetString());
            if (view.GetProperty("requester").GetString() is { Length: > 0 })
            {
                break;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        return view;
    }

    [Fact]
    public async Task StartsRequestGivenSignedSlackCommand()
    {
        var body = ChatRequests.SlackForm("U0LIAM", "liam.w", "Reset my password", "local-slack-1");

        var response = await local.Http.SendAsync(ChatRequests.Http("/api/messages/slack", body, "application/x-www-form-urlencoded", ChatRequests.SlackHeaders(body, ChatRequests.Now())));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ephemeral", reply.GetProperty("response_type").GetString());
        var view = await FollowStatusLinkAsync(reply.GetProperty("text").GetString()!, "slack", "local-slack-1");
        Assert.Equal("liam@acme.com", view.GetProperty("requester").GetString());
    }

    [Fact]
    public async Task Returns401AndStartsNothingGivenReplayedSlackCommand()
    {
        var body = ChatRequests.SlackForm("U0DAVID", "david", "Reset my password", "local-slack-2");
        var headers = ChatRequests.SlackHeaders(body, ChatRequests.Now());
        Assert.Equal(HttpStatusCode.OK, (await local.Http.SendAsync(ChatRequests.Http("/api/messages/slack", body, "application/x-www-form-urlencoded", headers))).StatusCode);

        var replay = await local.Http.SendAsync(ChatRequests.Http("/api/messages/slack", body, "application/x-www-form-urlencoded", headers));

        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal("replayed_request", (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("unsigned", "missing_signature")]
    [InlineData("wrong-secret", "invalid_signature")]
    [InlineData("expired", "expired_signature")]
    public async Task Returns401AndStartsNothingGivenBadSlackSignature(string variant, string code)
    {
        var trigger = "local-slack-bad-" + variant;
        var body = ChatRequests.SlackForm("U0LIAM", "liam", "Reset my password", trigger);
        var headers = variant switch
        {
            "unsigned" => [],
            "wrong-secret" => ChatRequests.SlackHeaders(body, ChatRequests.Now(), "another-signing-secret"),
            _ => ChatRequests.SlackHeaders(body, (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };

        var response = await local.Http.SendAsync(ChatRequests.Http("/api/messages/slack", body, "application/x-www-form-urlencoded", headers));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        await AssertNotStartedAsync("slack", trigger);
    }

    [Fact]
    public async Task StartsRequestGivenSignedTeamsActivity()
    {
        var body = ChatRequests.TeamsActivityJson("local-teams-1", ObjectId("maria@acme.com"), "<at>Dex</at> Reset my password");

        var response = await local.Http.SendAsync(ChatRequests.Http("/api/messages/teams", body, "application/json", ChatRequests.TeamsHeaders(body)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("message", reply.GetProperty("type").GetString());
        var view = await FollowStatusLinkAsync(reply.GetProperty("text").GetString()!, "teams", "local-teams-1");
        Assert.Equal("maria@acme.com", view.GetProperty("requester").GetString());
    }

    [Theory]
    [InlineData("unsigned", "missing_signature")]
    [InlineData("wrong-token", "invalid_signature")]
    [InlineData("tampered", "invalid_signature")]
    public async Task Returns401AndStartsNothingGivenBadTeamsSignature(string variant, string code)
    {
        var id = "local-teams-bad-" + variant;
        var body = ChatRequests.TeamsActivityJson(id, ObjectId("maria@acme.com"), "<at>Dex</at> Reset my password");
        var headers = variant switch
        {
            "unsigned" => [],
            "wrong-token" => ChatRequests.TeamsHeaders(body, Convert.ToBase64String("some-other-token"u8.ToArray())),
            _ => ChatRequests.TeamsHeaders(body.Replace("Reset my password", "Add me to Finance-Admins", StringComparison.Ordinal)),
        };

        var response = await local.Http.SendAsync(ChatRequests.Http("/api/messages/teams", body, "application/json", headers));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        await AssertNotStartedAsync("teams", id);
    }

    [Fact]
    public async Task StartsRequestGivenSignedGenericMessage()
    {
        var body = """{"id":"local-dex-1","channel":"web","requester":"ben@acme.com","text":"Reset my password"}""";

        var response = await local.Http.SendAsync(ChatRequests.Http("/api/messages", body, "application/json", ChatRequests.DexHeaders(body, ChatRequests.Now())));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(RequestIds.For("web", "local-dex-1"), accepted.GetProperty("requestId").GetString());
        Assert.Equal(HttpStatusCode.OK, (await local.Http.GetAsync(accepted.GetProperty("statusUrl").GetString())).StatusCode);
    }

    [Theory]
    [InlineData("unsigned", "missing_signature")]
    [InlineData("wrong-secret", "invalid_signature")]
    [InlineData("expired", "expired_signature")]
    [InlineData("replayed", "replayed_request")]
    public async Task Returns401AndStartsNothingGivenBadGenericSignature(string variant, string code)
    {
        var id = "local-dex-bad-" + variant;
        var body = $$"""{"id":"{{id}}","channel":"web","requester":"ben@acme.com","text":"Reset my password"}""";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        (string Name, string Value)[] headers = variant switch
        {
            "unsigned" => [],
            "wrong-secret" => ChatRequests.DexHeaders(body, ChatRequests.Now(), "another-secret"),
            "expired" => ChatRequests.DexHeaders(body, (now - 301).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            _ => ChatRequests.DexHeaders(body, ChatRequests.Now()),
        };
        if (variant == "replayed")
        {
            // A captured request for a message that does not start anything (unknown requester), replayed.
            body = """{"id":"local-dex-bad-replayed","channel":"web","requester":"ghost@acme.com","text":"Reset my password"}""";
            headers = ChatRequests.DexHeaders(body, ChatRequests.Now());
            Assert.Equal(HttpStatusCode.BadRequest, (await local.Http.SendAsync(ChatRequests.Http("/api/messages", body, "application/json", headers))).StatusCode);
        }

        var response = await local.Http.SendAsync(ChatRequests.Http("/api/messages", body, "application/json", headers));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        await AssertNotStartedAsync("web", id);
    }

    [GeneratedRegex(@"Status: (\S+)")]
    private static partial Regex StatusLink();
}
