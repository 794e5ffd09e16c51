using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dex.Core.Requests;
using Dex.Tests.Local;
using Dex.Tests.Support;
using Dex.Web.Chat;

namespace Dex.Tests.Web.Chat;

public sealed class SlackWebApiUsers_ConfirmedEmailAsync : IAsyncLifetime, IAsyncDisposable
{
    private readonly SlackApiStandIn _slack = new();

    public async Task InitializeAsync()
    {
        _slack.Users["U0NOA"] = new("T0001", "noa@acme.com");
        _slack.Users["U0UNCONFIRMED"] = new("T0001", "uma@acme.com", EmailConfirmed: false);
        _slack.Users["U0DELETED"] = new("T0001", "tom@acme.com", Deleted: true);
        _slack.Users["U0BOT"] = new("T0001", "bot@acme.com", IsBot: true);
        _slack.Users["U0FOREIGN"] = new("T0999", "admin@acme.com");
        await _slack.StartAsync();
    }

    public async Task DisposeAsync() => await _slack.DisposeAsync();

    ValueTask IAsyncDisposable.DisposeAsync() => _slack.DisposeAsync();

    private SlackWebApiUsers Client(string token = SlackApiStandIn.BotToken) =>
        new(new HttpClient(), token, new Uri(_slack.ApiBaseUrl), TimeProvider.System);

    [Fact]
    public async Task ReturnsConfirmedEmailGivenLiveHumanOfTheTeam()
    {
        Assert.Equal("noa@acme.com", await Client().ConfirmedEmailAsync("T0001", "U0NOA", CancellationToken.None));
    }

    [Theory]
    [InlineData("U0UNCONFIRMED")]
    [InlineData("U0DELETED")]
    [InlineData("U0BOT")]
    [InlineData("U0FOREIGN")]
    [InlineData("U0NOBODY")]
    public async Task ReturnsNullGivenAccountThatIsNotAConfirmedHumanOfTheTeam(string userId)
    {
        Assert.Null(await Client().ConfirmedEmailAsync("T0001", userId, CancellationToken.None));
    }

    [Fact]
    public async Task ReturnsNullGivenRejectedBotToken()
    {
        Assert.Null(await Client("xoxb-wrong").ConfirmedEmailAsync("T0001", "U0NOA", CancellationToken.None));
    }

    [Fact]
    public async Task ReturnsCachedAnswerGivenSecondLookupWithinTheHour()
    {
        var client = Client();
        await client.ConfirmedEmailAsync("T0001", "U0NOA", CancellationToken.None);

        Assert.Equal("noa@acme.com", await client.ConfirmedEmailAsync("T0001", "U0NOA", CancellationToken.None));
        Assert.Equal(1, _slack.CallsFor("U0NOA"));
    }
}

/// <summary>Dex.Local with a Slack bot token pointed at the users.info stand-in and no user map entry for the sender.</summary>
public sealed class SlackLookupFixture : IAsyncLifetime, IAsyncDisposable
{
    private LocalHostFixture? _local;

    public SlackApiStandIn Slack { get; } = new();

    public LocalHostFixture Local => _local!;

    public async Task InitializeAsync()
    {
        Slack.Users["U0SARAH"] = new("T0001", "sarah@acme.com");
        Slack.Users["U0STRANGER"] = new("T0001", "stranger@elsewhere.example");
        Slack.Users["U0SPOOF"] = new("T0001", "admin@acme.com", EmailConfirmed: false);
        await Slack.StartAsync();
        _local = new LocalHostFixture
        {
            ExtraArgs =
            [
                $"--Dex:Slack:SigningSecret={ChatRequests.SlackSecret}",
                "--Dex:Slack:AllowedTeams=T0001",
                $"--Dex:Slack:BotToken={SlackApiStandIn.BotToken}",
                $"--Dex:Slack:ApiBaseUrl={Slack.ApiBaseUrl}",
            ],
        };
        await _local.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_local is not null)
        {
            await _local.DisposeAsync();
        }

        await Slack.DisposeAsync();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => Slack.DisposeAsync();
}

public sealed class DexLocalChat_SlackLookup(SlackLookupFixture fixture) : IClassFixture<SlackLookupFixture>
{
    private async Task<(HttpStatusCode Status, string Text)> SendAsync(string userId, string userName, string trigger)
    {
        var body = ChatRequests.SlackForm(userId, userName, "Reset my password", trigger);
        var response = await fixture.Local.Http.SendAsync(ChatRequests.Http("/api/messages/slack", body, "application/x-www-form-urlencoded", ChatRequests.SlackHeaders(body, ChatRequests.Now())));
        var reply = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, reply.TryGetProperty("text", out var t) ? t.GetString() ?? string.Empty : reply.ToString());
    }

    [Fact]
    public async Task StartsRequestAsDirectoryUserGivenSlackConfirmedEmail()
    {
        var (status, _) = await SendAsync("U0SARAH", "admin", "lookup-1");

        Assert.Equal(HttpStatusCode.OK, status);
        var id = RequestIds.For("slack", "lookup-1");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        string? requester;
        do
        {
            var view = await fixture.Local.Http.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
            requester = view.GetProperty("requester").GetString();
            if (!string.IsNullOrEmpty(requester))
            {
                break;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        // The Slack display name "admin" counts for nothing: the confirmed e-mail says who this is.
        Assert.Equal("sarah@acme.com", requester);
    }

    [Theory]
    [InlineData("U0STRANGER", "lookup-2")]
    [InlineData("U0SPOOF", "lookup-3")]
    [InlineData("U0UNKNOWN", "lookup-4")]
    public async Task RepliesAndStartsNothingGivenSlackUserWithoutConfirmedDirectoryEmail(string userId, string trigger)
    {
        var (status, text) = await SendAsync(userId, "admin", trigger);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Dex:Slack:UserMap", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Local.Http.GetAsync($"/api/requests/{RequestIds.For("slack", trigger)}")).StatusCode);
    }
}
