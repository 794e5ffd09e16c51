using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dex.Tests.Understanding;

/// <summary>What the emulator answers to one chat completion request.</summary>
public sealed record EmulatorReply(IReadOnlyList<(string Name, string Arguments)> ToolCalls, int Status = 200, TimeSpan Delay = default, string? Content = null)
{
    public static EmulatorReply Calls(params (string Name, string Arguments)[] calls) => new(calls);

    public static EmulatorReply Error(int status) => new([], status);
}

/// <summary>
/// A small Azure OpenAI-compatible server on 127.0.0.1 (random port): serves
/// POST /openai/deployments/{deployment}/chat/completions like the real service does for function calling,
/// rejects a wrong api-key (401), and rejects requests without tools or with a temperature other than 0 (400),
/// so the real Azure.AI.OpenAI client can be exercised over HTTP.
/// </summary>
public sealed class OpenAiEmulator : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string deployment;
    private readonly string apiKey;

    private OpenAiEmulator(WebApplication app, string deployment, string apiKey)
    {
        this.app = app;
        this.deployment = deployment;
        this.apiKey = apiKey;
    }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Decides the reply from the request body (the chat completion request as sent by the client).</summary>
    public Func<JsonObject, EmulatorReply> Reply { get; set; } = _ => EmulatorReply.Calls();

    /// <summary>Bodies of the accepted requests, in order.</summary>
    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    /// <summary>Query strings of all requests (api-version is checked by tests).</summary>
    public ConcurrentQueue<string> QueryStrings { get; } = new();

    private int rejected;

    /// <summary>Requests answered with an error by the checks (bad key, no tools, temperature...).</summary>
    public int Rejected => Volatile.Read(ref rejected);

    public static async Task<OpenAiEmulator> StartAsync(string deployment = "dex-gpt", string apiKey = "test-key")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var emulator = new OpenAiEmulator(app, deployment, apiKey);
        app.MapPost("/openai/deployments/{name}/chat/completions", (Func<HttpContext, string, Task>)emulator.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.Endpoint = new Uri(address.EndsWith('/') ? address : address + "/");
        return emulator;
    }

    private async Task HandleAsync(HttpContext http, string name)
    {
        QueryStrings.Enqueue(http.Request.QueryString.Value ?? "");
        if (name != deployment)
        {
            await ErrorAsync(http, 404, "DeploymentNotFound", $"deployment {name} does not exist");
            return;
        }

        if (http.Request.Headers["api-key"] != apiKey)
        {
            await ErrorAsync(http, 401, "401", "Access denied due to invalid subscription key.");
            return;
        }

        JsonObject body;
        try
        {
            body = (await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted))!.AsObject();
        }
        catch (JsonException)
        {
            await ErrorAsync(http, 400, "invalid_json", "body is not JSON");
            return;
        }

        if (body["tools"] is not JsonArray { Count: > 0 } tools || tools.Any(t => (string?)t?["type"] != "function"))
        {
            await ErrorAsync(http, 400, "no_tools", "function tools were expected");
            return;
        }

        if (body["temperature"] is not JsonValue temperature || temperature.GetValue<double>() != 0)
        {
            await ErrorAsync(http, 400, "temperature", "temperature 0 was expected");
            return;
        }

        Requests.Enqueue(body);
        var reply = Reply(body);
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (reply.Status != 200)
        {
            await ErrorAsync(http, reply.Status, "server_error", "The server had an error while processing your request.");
            return;
        }

        var toolCalls = new JsonArray();
        var i = 0;
        foreach (var (fn, args) in reply.ToolCalls)
        {
            toolCalls.Add(new JsonObject
            {
                ["id"] = $"call_{++i}",
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = fn, ["arguments"] = args },
            });
        }

        var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.Content };
        if (toolCalls.Count > 0)
        {
            message["tool_calls"] = toolCalls;
        }

        var response = new JsonObject
        {
            ["id"] = "chatcmpl-emulated",
            ["object"] = "chat.completion",
            ["created"] = 1_764_000_000,
            ["model"] = "gpt-4o",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["finish_reason"] = toolCalls.Count > 0 ? "tool_calls" : "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 20, ["total_tokens"] = 120 },
        };
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(response.ToJsonString());
    }

    private async Task ErrorAsync(HttpContext http, int status, string code, string message)
    {
        Interlocked.Increment(ref rejected);
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString());
    }

    /// <summary>The user message the client sent in a request body.</summary>
    public static string UserMessage(JsonObject body) =>
        body["messages"]!.AsArray().Where(m => (string?)m!["role"] == "user").Select(m => Content(m!["content"])).Last();

    public static string SystemMessage(JsonObject body) =>
        body["messages"]!.AsArray().Where(m => (string?)m!["role"] == "system").Select(m => Content(m!["content"])).First();

    private static string Content(JsonNode? content) => content switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => (string?)p?["text"] ?? "")),
        _ => "",
    };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
