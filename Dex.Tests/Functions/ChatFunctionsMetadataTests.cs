using System.Text.Json;
using Dex.Tests.Support;

namespace Dex.Tests.Web.Chat;

/// <summary>The chat triggers as the Functions host reads them from the generated functions.metadata.</summary>
public sealed class ChatFunctions_Metadata
{
    [Theory]
    [InlineData("TeamsMessages", "messages/teams")]
    [InlineData("SlackMessages", "messages/slack")]
    [InlineData("Messages", "messages")]
    public void DeclaresAnonymousPostRouteGivenChatFunction(string function, string route)
    {
        var path = Path.Combine(RepoPaths.Root, "Dex.Functions", "bin", RepoPaths.Configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"functions.metadata not generated at {path}; build Dex.sln first.");
        var f = JsonSerializer.Deserialize<JsonElement[]>(File.ReadAllText(path))!.Single(x => x.GetProperty("name").GetString() == function);
        var trigger = f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "httpTrigger");

        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal(["post"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
    }
}
