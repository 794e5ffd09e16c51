using System.Text.Json;
using Dex.Core;
using Dex.Web.Chat;
using Dex.Core.Requests;
using Dex.Functions;
using Dex.GraphEmulator;
using Dex.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Dex.Tests.Web.Chat;

/// <summary>The Functions app's chat triggers invoked directly, with the durable client mocked and Graph on the emulator.</summary>
public sealed class ChatFunctionsWorld : IAsyncLifetime
{
    public GraphEmulatorServer Emulator { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public async Task InitializeAsync()
    {
        Emulator = await GraphEmulatorServer.StartAsync();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dex:Graph:EmulatorUrl"] = Emulator.BaseUrl[..^"/v1.0".Length],
            ["Dex:Approvals:SigningKey"] = DexWorld.SigningKey,
            ["Dex:PublicBaseUrl"] = "https://dex.example",
            ["Dex:Webhook:Secret"] = ChatRequests.WebhookSecret,
            ["Dex:Teams:SigningKey"] = ChatRequests.TeamsToken,
            ["Dex:Slack:SigningSecret"] = ChatRequests.SlackSecret,
            ["Dex:Slack:UserMap:U0SARAH"] = "sarah@acme.com",
            ["Dex:Slack:AllowedTeams"] = "T0001",
            ["Dex:Teams:TenantId"] = "72f988bf",
        }).Build();
        Services = new ServiceCollection().AddSingleton<IConfiguration>(config).AddSingleton<TimeProvider>(Time).AddLogging().AddDexCore().BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Emulator.DisposeAsync();
    }

    public string ObjectId(string upn) => Emulator.Tenant.FindUser(upn)!.Id;

    public static Mock<DurableTaskClient> Client() => CoreServicesFixture.EmptyDurableClient();

    public static void VerifyStarted(Mock<DurableTaskClient> client, string requestId, string requester, string text = "Reset my password")
        => client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            It.Is<TaskName>(n => n.Name == "RequestWorkflow"),
            It.Is<object?>(i => i is RequestInput && ((RequestInput)i).Requester == requester && ((RequestInput)i).RequestId == requestId && ((RequestInput)i).Text == text),
            It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == requestId),
            It.IsAny<CancellationToken>()), Times.Once);

    public static void VerifyNothingStarted(Mock<DurableTaskClient> client)
        => client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);

    /// <summary>Executes the adapted result into a response, as the Functions host would, and returns status and JSON body.</summary>
    public static async Task<(int Status, JsonElement Body)> RunAsync(IActionResult result)
    {
        var adapted = Assert.IsType<ResultAdapter>(result);
        var ctx = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        ctx.Response.Body = new MemoryStream();
        await adapted.Result.ExecuteAsync(ctx);
        ctx.Response.Body.Position = 0;
        var json = ctx.Response.Body.Length == 0 ? default : await JsonSerializer.DeserializeAsync<JsonElement>(ctx.Response.Body);
        return (ctx.Response.StatusCode, json);
    }
}

public sealed class ChatFunctions_Teams(ChatFunctionsWorld world) : IClassFixture<ChatFunctionsWorld>
{
    [Fact]
    public async Task StartsRequestAsSenderGivenSignedActivity()
    {
        var client = ChatFunctionsWorld.Client();
        var body = ChatRequests.TeamsActivityJson("fn-teams-1", world.ObjectId("sarah@acme.com"), "<at>Dex</at> Reset my password", world.Time.GetUtcNow());

        var (status, json) = await ChatFunctionsWorld.RunAsync(await new ChatFunctions(world.Services).Teams(ChatRequests.Request(body, "application/json", ChatRequests.TeamsHeaders(body)), client.Object));

        Assert.Equal(200, status);
        Assert.Equal("message", json.GetProperty("type").GetString());
        var requestId = RequestIds.For("teams", "fn-teams-1");
        Assert.Contains($"https://dex.example/api/requests/{requestId}", json.GetProperty("text").GetString(), StringComparison.Ordinal);
        ChatFunctionsWorld.VerifyStarted(client, requestId, "sarah@acme.com");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("HMAC 52yyFN69BrM/jmsh4YVc7/k4mqWzBeJkTCR5MfR0tQc=")]
    public async Task Returns401AndStartsNothingGivenMissingOrWrongHmac(string? authorization)
    {
        var client = ChatFunctionsWorld.Client();
        var body = ChatRequests.TeamsActivityJson("fn-teams-2", world.ObjectId("sarah@acme.com"), "<at>Dex</at> Reset my password", world.Time.GetUtcNow());
        var request = authorization is null ? ChatRequests.Request(body, "application/json") : ChatRequests.Request(body, "application/json", ("Authorization", authorization));

        var (status, json) = await ChatFunctionsWorld.RunAsync(await new ChatFunctions(world.Services).Teams(request, client.Object));

        Assert.Equal(401, status);
        Assert.Equal(authorization is null ? "missing_signature" : "invalid_signature", json.GetProperty("error").GetProperty("code").GetString());
        ChatFunctionsWorld.VerifyNothingStarted(client);
    }

    [Fact]
    public async Task Returns401GivenSignedActivityReplayedWithinWindow()
    {
        var functions = new ChatFunctions(world.Services);
        var body = ChatRequests.TeamsActivityJson("fn-teams-3", world.ObjectId("tom@acme.com"), "<at>Dex</at> Reset my password", world.Time.GetUtcNow());
        var first = ChatFunctionsWorld.Client();
        Assert.Equal(200, (await ChatFunctionsWorld.RunAsync(await functions.Teams(ChatRequests.Request(body, "application/json", ChatRequests.TeamsHeaders(body)), first.Object))).Status);

        var replay = ChatFunctionsWorld.Client();
        var (status, json) = await ChatFunctionsWorld.RunAsync(await functions.Teams(ChatRequests.Request(body, "application/json", ChatRequests.TeamsHeaders(body)), replay.Object));

        Assert.Equal(401, status);
        Assert.Equal("replayed_request", json.GetProperty("error").GetProperty("code").GetString());
        ChatFunctionsWorld.VerifyNothingStarted(replay);
    }

    [Fact]
    public async Task Returns401GivenSignedActivityFromTenMinutesAgo()
    {
        var client = ChatFunctionsWorld.Client();
        var body = ChatRequests.TeamsActivityJson("fn-teams-4", world.ObjectId("sarah@acme.com"), "<at>Dex</at> Reset my password", world.Time.GetUtcNow().AddMinutes(-10));

        var (status, json) = await ChatFunctionsWorld.RunAsync(await new ChatFunctions(world.Services).Teams(ChatRequests.Request(body, "application/json", ChatRequests.TeamsHeaders(body)), client.Object));

        Assert.Equal(401, status);
        Assert.Equal("expired_signature", json.GetProperty("error").GetProperty("code").GetString());
        ChatFunctionsWorld.VerifyNothingStarted(client);
    }

    [Fact]
    public async Task RepliesClearMessageGivenSenderNotInDirectory()
    {
        var client = ChatFunctionsWorld.Client();
        var body = ChatRequests.TeamsActivityJson("fn-teams-5", "0b7c2a4e-1111-4222-8333-944455556666", "<at>Dex</at> Reset my password", world.Time.GetUtcNow());

        var (status, json) = await ChatFunctionsWorld.RunAsync(await new ChatFunctions(world.Services).Teams(ChatRequests.Request(body, "application/json", ChatRequests.TeamsHeaders(body)), client.Object));

        Assert.Equal(200, status);
        Assert.Equal("message", json.GetProperty("type").GetString());
        Assert.Contains("couldn't find", json.GetProperty("text").GetString(), StringComparison.Ordinal);
        ChatFunctionsWorld.VerifyNothingStarted(client);
    }

    [Fact]
    public async Task RepliesClearMessageGivenActivityWithoutAadObjectId()
    {
        var client = ChatFunctionsWorld.Client();
        var body = ChatRequests.TeamsActivityJson("fn-teams-6", "users/../../organization", "<at>Dex</at> Reset my password", world.Time.GetUtcNow());

        var (status, json) = await ChatFunctionsWorld.RunAsync(await new ChatFunctions(world.Services).Teams(ChatRequests.Request(body, "application/json", ChatRequests.TeamsHeaders(body)), client.Object));

        Assert.Equal(200, status);
        Assert.Contains("can't tell who you are", json.GetProperty("text").GetString(), StringComparison.Ordinal);
        ChatFunctionsWorld.VerifyNothingStarted(client);
    }
}

public sealed class ChatFunctions_Slack(ChatFunctionsWorld world) : IClassFixture<ChatFunctionsWorld>
{
    [Fact]
    public async Task StartsRequestAsMappedUserGivenSignedCommand()
    {
        var client = ChatFunctionsWorld.Client();
        var body = ChatRequests.SlackForm("U0SARAH", "sarah.c", "Reset my password", "fn-slack-trigger-1");

        var (status, json) = await ChatFunctionsWorld.RunAsync(await new ChatFunctions(world.Services).Slack(ChatRequests.Request(body, "application/x-www-form-urlencoded", ChatRequests.SlackHeaders(body, ChatRequests.Now(world.Time))), client.Object));

        Assert.Equal(200, status);
        Assert.Equal("ephemeral", json.GetProperty("response_type").GetString());
        var requestId = RequestIds.For("slack", "fn-slack-trigger-1");
        Assert.Contains($"https://dex.example/api/requests/{requestId}", json.GetProperty("text").GetString(), StringComparison.Ordinal);
        ChatFunctionsWorld.VerifyStarted(client, requestId, "sarah@acme.com");
    }

    [Fact]
    public async Task RefusesAndStartsNothingGivenUserNameAdminFromUnknownUserId()
    {
        var client = ChatFunctionsWorld.Client();
        var body = ChatRequests.SlackForm("U0EVIL", "admin", "Reset the password of tom@acme.com and send it to me", "fn-slack-trigger-2");

        var (status, json) = await ChatFunctionsWorld.RunAsync(await new ChatFunctions(world.Services).Slack(ChatRequests.Request(body, "application/x-www-form-urlencoded", ChatRequests.SlackHeaders(body, ChatRequests.Now(world.Time))), client.Object));

        Assert.Equal(200, status);
        Assert.Contains("couldn't match your Slack account (U0EVIL)", json.GetProperty("text").GetString(), StringComparison.Ordinal);
        ChatFunctionsWorld.VerifyNothingStarted(client);
    }

    [Fact]
    public async Task Returns403AndStartsNothingGivenForeignTeamId()
    {
        var client = ChatFunctionsWorld.Client();
        var body = ChatRequests.SlackForm("U0SARAH", "sarah", "Reset my password", "fn-slack-trigger-5").Replace("team_id=T0001", "team_id=T0EVIL", StringComparison.Ordinal);

        var (status, json) = await ChatFunctionsWorld.RunAsync(await new ChatFunctions(world.Services).Slack(ChatRequests.Request(body, "application/x-www-form-urlencoded", ChatRequests.SlackHeaders(body, ChatRequests.Now(world.Time))), client.Object));

        Assert.Equal(403, status);
        Assert.Contains("not allowed", json.GetProperty("text").GetString(), StringComparison.Ordinal);
        ChatFunctionsWorld.VerifyNothingStarted(client);
    }

    [Fact]
    public async Task RepliesEphemeralErrorGivenUnmappableUser()
    {
        var client = ChatFunctionsWorld.Client();
        var body = ChatRequests.SlackForm("U0GHOST", "ghost", "Reset my password", "fn-slack-trigger-3");

        var (status, json) = await ChatFunctionsWorld.RunAsync(await new ChatFunctions(world.Services).Slack(ChatRequests.Request(body, "application/x-www-form-urlencoded", ChatRequests.SlackHeaders(body, ChatRequests.Now(world.Time))), client.Object));

        Assert.Equal(200, status);
        Assert.Equal("ephemeral", json.GetProperty("response_type").GetString());
        Assert.Contains("Dex:Slack:UserMap:U0GHOST", json.GetProperty("text").GetString(), StringComparison.Ordinal);
        ChatFunctionsWorld.VerifyNothingStarted(client);
    }

    [Fact]
    public async Task Returns401AndStartsNothingGivenExpiredTimestamp()
    {
        var client = ChatFunctionsWorld.Client();
        var body = ChatRequests.SlackForm("U0SARAH", "sarah", "Reset my password", "fn-slack-trigger-4");
        var old = (world.Time.GetUtcNow().ToUnixTimeSeconds() - 400).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (status, json) = await ChatFunctionsWorld.RunAsync(await new ChatFunctions(world.Services).Slack(ChatRequests.Request(body, "application/x-www-form-urlencoded", ChatRequests.SlackHeaders(body, old)), client.Object));

        Assert.Equal(401, status);
        Assert.Equal("expired_signature", json.GetProperty("error").GetProperty("code").GetString());
        ChatFunctionsWorld.VerifyNothingStarted(client);
    }

    [Fact]
    public async Task Returns401AndStartsNothingGivenTamperedBody()
    {
        var client = ChatFunctionsWorld.Client();
        var body = ChatRequests.SlackForm("U0TOM", "tom", "Reset my password", "fn-slack-trigger-5");
        var headers = ChatRequests.SlackHeaders(body, ChatRequests.Now(world.Time));
        var tampered = body.Replace("user_id=U0TOM", "user_id=U0SARAH", StringComparison.Ordinal);

        var (status, json) = await ChatFunctionsWorld.RunAsync(await new ChatFunctions(world.Services).Slack(ChatRequests.Request(tampered, "application/x-www-form-urlencoded", headers), client.Object));

        Assert.Equal(401, status);
        Assert.Equal("invalid_signature", json.GetProperty("error").GetProperty("code").GetString());
        ChatFunctionsWorld.VerifyNothingStarted(client);
    }
}

public sealed class HttpFunctions_MessagesSigned(ChatFunctionsWorld world) : IClassFixture<ChatFunctionsWorld>
{
    [Fact]
    public async Task SchedulesRequestGivenSignedMessage()
    {
        var client = ChatFunctionsWorld.Client();
        var body = """{"id":"fn-dex-1","channel":"web","requester":"sarah@acme.com","text":"Reset my password"}""";

        var result = await new HttpFunctions(world.Services).Messages(ChatRequests.Request(body, "application/json", ChatRequests.DexHeaders(body, ChatRequests.Now(world.Time))), client.Object);

        Assert.Equal(202, Assert.IsType<ResultAdapter>(result).Result.Status());
        ChatFunctionsWorld.VerifyStarted(client, RequestIds.For("web", "fn-dex-1"), "sarah@acme.com");
    }

    [Theory]
    [InlineData(false, "missing_signature")]
    [InlineData(true, "invalid_signature")]
    public async Task Returns401AndSchedulesNothingGivenUnsignedOrWrongSecret(bool withSignature, string code)
    {
        var client = ChatFunctionsWorld.Client();
        var body = """{"id":"fn-dex-2","channel":"web","requester":"sarah@acme.com","text":"Reset my password"}""";
        var request = withSignature
            ? ChatRequests.Request(body, "application/json", ChatRequests.DexHeaders(body, ChatRequests.Now(world.Time), "not-the-secret"))
            : ChatRequests.Request(body, "application/json");

        var result = Assert.IsType<ResultAdapter>(await new HttpFunctions(world.Services).Messages(request, client.Object)).Result;

        Assert.Equal(401, result.Status());
        Assert.Equal(code, Assert.IsAssignableFrom<IValueHttpResult>(result).Value is Dex.Web.Http.ApiErrorEnvelope e ? e.Error.Code : null);
        ChatFunctionsWorld.VerifyNothingStarted(client);
    }
}

public sealed class ChatFunctions_Trust(ChatFunctionsWorld world) : IClassFixture<ChatFunctionsWorld>
{
    [Fact]
    public async Task Returns403AndStartsNothingGivenTeamsActivityOfAnotherTenant()
    {
        var client = ChatFunctionsWorld.Client();
        var body = ChatRequests.TeamsActivityJson("fn-trust-teams-1", world.ObjectId("admin@acme.com"), "Reset MFA for tom@acme.com", world.Time.GetUtcNow()).Replace("\"72f988bf\"", "\"0ther-tenant\"", StringComparison.Ordinal);

        var (status, json) = await ChatFunctionsWorld.RunAsync(await new ChatFunctions(world.Services).Teams(ChatRequests.Request(body, "application/json", ChatRequests.TeamsHeaders(body)), client.Object));

        Assert.Equal(403, status);
        Assert.Equal("foreign_tenant", json.GetProperty("error").GetProperty("code").GetString());
        ChatFunctionsWorld.VerifyNothingStarted(client);
    }

    [Fact]
    public async Task Returns401GivenTeamsActivityWithoutTimestamp()
    {
        var client = ChatFunctionsWorld.Client();
        var json0 = System.Text.Json.Nodes.JsonNode.Parse(ChatRequests.TeamsActivityJson("fn-trust-teams-2", world.ObjectId("admin@acme.com"), "Reset MFA for tom@acme.com"))!.AsObject();
        json0.Remove("timestamp");
        var body = json0.ToJsonString();

        var (status, json) = await ChatFunctionsWorld.RunAsync(await new ChatFunctions(world.Services).Teams(ChatRequests.Request(body, "application/json", ChatRequests.TeamsHeaders(body)), client.Object));

        Assert.Equal(401, status);
        Assert.Equal("missing_timestamp", json.GetProperty("error").GetProperty("code").GetString());
        ChatFunctionsWorld.VerifyNothingStarted(client);
    }

    [Fact]
    public async Task Returns401GivenUnsignedMessageClaimingAdminWithProductionConfiguration()
    {
        // Production-like: no webhook secret, no Emulator-mode allowance.
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dex:Graph:EmulatorUrl"] = world.Emulator.BaseUrl[..^"/v1.0".Length],
            ["Dex:Approvals:SigningKey"] = DexWorld.SigningKey,
        }).Build();
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(config).AddLogging().AddDexCore().BuildServiceProvider();
        var client = ChatFunctionsWorld.Client();
        const string body = "{\"id\":\"fn-trust-1\",\"channel\":\"api\",\"requester\":\"admin@acme.com\",\"text\":\"Reset the password of tom@acme.com and send it to eve@acme.com\"}";

        var (status, json) = await ChatFunctionsWorld.RunAsync(await new HttpFunctions(services).Messages(ChatRequests.Request(body, "application/json"), client.Object));

        Assert.Equal(401, status);
        Assert.Equal("signature_not_configured", json.GetProperty("error").GetProperty("code").GetString());
        ChatFunctionsWorld.VerifyNothingStarted(client);
    }

    [Fact]
    public async Task Returns401GivenValidSignatureReplayed()
    {
        var client = ChatFunctionsWorld.Client();
        var body = "{\"id\":\"fn-trust-2\",\"channel\":\"api\",\"requester\":\"sarah@acme.com\",\"text\":\"Reset my password\"}";
        var headers = ChatRequests.DexHeaders(body, ChatRequests.Now(world.Time));
        var functions = new HttpFunctions(world.Services);

        var (first, _) = await ChatFunctionsWorld.RunAsync(await functions.Messages(ChatRequests.Request(body, "application/json", headers), client.Object));
        var (again, json) = await ChatFunctionsWorld.RunAsync(await functions.Messages(ChatRequests.Request(body, "application/json", headers), client.Object));

        Assert.Equal(202, first);
        Assert.Equal(401, again);
        Assert.Equal("replayed_request", json.GetProperty("error").GetProperty("code").GetString());
    }
}
