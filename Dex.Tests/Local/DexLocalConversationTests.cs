using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Dex.Tests.Local;

/// <summary>The trapped-conversation case over Dex.Local's HTTP API: an open question never swallows the next request.</summary>
public sealed class DexLocalApp_Conversation(LocalHostFixture local) : IClassFixture<LocalHostFixture>
{
    private async Task<JsonElement> PostAsync(string id, string text)
    {
        var post = await local.Http.PostAsJsonAsync("/api/messages", new { id, channel = "web-conv", requester = "helpdesk@acme.com", text });
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        return await post.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task AnswersHelpThenCancelsGivenQuestionOpen()
    {
        var question = (await PostAsync("conv-1", "Reset the password for John Smith")).GetProperty("requestId").GetString()!;
        await local.WaitForStatusAsync(question, "needs_clarification");

        var help = await PostAsync("conv-2", "what can you do?");

        var helpId = help.GetProperty("requestId").GetString()!;
        Assert.NotEqual(question, helpId);
        Assert.Contains("still open", help.GetProperty("reply").GetString(), StringComparison.Ordinal);
        var answered = await local.WaitForStatusAsync(helpId, "completed");
        Assert.Contains("Reset MFA for tom@acme.com", answered.GetProperty("reply").GetString(), StringComparison.Ordinal);

        var cancel = await PostAsync("conv-3", "never mind");

        Assert.Equal(question, cancel.GetProperty("requestId").GetString());
        await local.WaitForStatusAsync(question, "cancelled");
    }
}
