using Dex.Core.Intake;
using Dex.Core.Requests;
using Dex.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Workflows;

/// <summary>Intake finds an open question through the index the workflow keeps, not by scanning orchestrations.</summary>
public sealed class RequestWorkflow_OpenQuestionIndex : IAsyncLifetime
{
    private DexWorld _world = null!;

    public async Task InitializeAsync() => _world = await DexWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private IOpenQuestionStore Questions => _world.Services.GetRequiredService<IOpenQuestionStore>();

    private async Task<string> HelpdeskIdAsync() => (await _world.Directory.FindUserAsync("helpdesk@acme.com"))!.Id;

    private async Task<IReadOnlyList<OpenQuestion>> OpenAsync(string channel)
        => await Questions.FindAsync(await HelpdeskIdAsync(), channel, DateTimeOffset.UtcNow);

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            value = await read();
        }

        return value;
    }

    [Fact]
    public async Task IndexesTheQuestionByRequesterIdAndChannelAndClearsItGivenAnAnswer()
    {
        var accepted = await _world.SendAsync("helpdesk@acme.com", "Reset the password for John Smith", channel: "index-1");
        await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.NeedsClarification);

        var open = Assert.Single(await OpenAsync("index-1"));
        Assert.Equal((accepted.RequestId, OpenQuestionKind.Clarification, "helpdesk@acme.com"), (open.RequestId, open.Kind, open.RequesterUpn));
        Assert.Contains("John Smith", open.Question, StringComparison.Ordinal);
        Assert.Empty(await OpenAsync("another-channel"));

        var answer = await _world.SendAsync("helpdesk@acme.com", "the one in Sales", channel: "index-1");

        Assert.Equal(accepted.RequestId, answer.RequestId);
        await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);
        Assert.Empty(await PollAsync(() => OpenAsync("index-1"), l => l.Count == 0));
    }

    [Fact]
    public async Task ClearsTheQuestionGivenTheRequesterCancels()
    {
        var accepted = await _world.SendAsync("helpdesk@acme.com", "Reset the password for John Smith", channel: "index-2");
        await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.NeedsClarification);

        await _world.SendAsync("helpdesk@acme.com", "cancel", channel: "index-2");

        await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Cancelled);
        Assert.Empty(await PollAsync(() => OpenAsync("index-2"), l => l.Count == 0));
    }

    [Fact]
    public async Task StartsANewRequestAndDropsTheEntryGivenAnEntryWhoseOrchestrationIsGone()
    {
        var id = await HelpdeskIdAsync();
        await Questions.OpenAsync(new OpenQuestion("req-vanished", id, "helpdesk@acme.com", "index-3", OpenQuestionKind.Clarification, "Which John?", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1)));

        var accepted = await _world.SendAsync("helpdesk@acme.com", "who belongs to IT Support?", channel: "index-3");

        Assert.NotEqual("req-vanished", accepted.RequestId);
        Assert.DoesNotContain("still open", accepted.Reply, StringComparison.Ordinal);
        Assert.Empty(await OpenAsync("index-3"));
        await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Completed);
    }

    [Fact]
    public async Task IgnoresAnotherRequestersQuestionGivenTheSameChannel()
    {
        var accepted = await _world.SendAsync("helpdesk@acme.com", "Reset the password for John Smith", channel: "index-4");
        await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.NeedsClarification);

        var other = await _world.SendAsync("alice@acme.com", "the one in Sales", channel: "index-4");

        Assert.NotEqual(accepted.RequestId, other.RequestId);
        Assert.Equal(RequestStatus.NeedsClarification, (await _world.ViewAsync(accepted.RequestId))!.Status);
    }
}
