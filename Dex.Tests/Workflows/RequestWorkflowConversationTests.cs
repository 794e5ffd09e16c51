using Dex.Core.Requests;
using Dex.Tests.Support;

namespace Dex.Tests.Workflows;

/// <summary>A conversation never traps anyone: an open question is answered, kept beside a new request, or cancelled; help and profile questions complete.</summary>
public sealed class RequestWorkflow_Conversation : IAsyncLifetime
{
    private DexWorld _world = null!;

    public async Task InitializeAsync() => _world = await DexWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task<string> AskWhichJohnAsync(string channel)
    {
        var accepted = await _world.SendAsync("helpdesk@acme.com", "Reset the password for John Smith", channel: channel);
        await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.NeedsClarification);
        return accepted.RequestId;
    }

    [Fact]
    public async Task StartsNewRequestAndKeepsQuestionGivenRequestWhileQuestionOpen()
    {
        var question = await AskWhichJohnAsync("conv-1");

        var other = await _world.SendAsync("helpdesk@acme.com", "who belongs to IT Support?", channel: "conv-1");

        Assert.NotEqual(question, other.RequestId);
        Assert.Contains("still open", other.Reply, StringComparison.Ordinal);
        Assert.Contains("cancel", other.Reply, StringComparison.Ordinal);
        var listed = await _world.WaitForStatusAsync(other.RequestId, RequestStatus.Completed);
        Assert.Contains("alice@acme.com", listed.Steps[0].Result, StringComparison.Ordinal);
        Assert.Equal(RequestStatus.NeedsClarification, (await _world.ViewAsync(question))!.Status);

        var answer = await _world.SendAsync("helpdesk@acme.com", "the one in Sales", channel: "conv-1");

        Assert.Equal(question, answer.RequestId);
        var waiting = await _world.WaitForStatusAsync(question, RequestStatus.AwaitingApproval);
        Assert.Equal("jsmith@acme.com", waiting.Steps[0].Target!.UserPrincipalName);
    }

    [Fact]
    public async Task CancelsQuestionGivenNeverMind()
    {
        var question = await AskWhichJohnAsync("conv-2");

        var reply = await _world.SendAsync("helpdesk@acme.com", "never mind", channel: "conv-2");

        Assert.Equal(question, reply.RequestId);
        var view = await _world.WaitForStatusAsync(question, RequestStatus.Cancelled);
        Assert.Contains("nothing was changed", view.Reply, StringComparison.Ordinal);
        Assert.DoesNotContain(_world.Outbox.For("helpdesk@acme.com"), n => n.Kind == "credential");
    }

    [Fact]
    public async Task CancelsQuestionAndStartsRequestGivenNeverMindFollowedByRequest()
    {
        var question = await AskWhichJohnAsync("conv-3");

        var reply = await _world.SendAsync("helpdesk@acme.com", "never mind, which groups is tom@acme.com in?", channel: "conv-3");

        Assert.NotEqual(question, reply.RequestId);
        Assert.Contains("dropped your earlier request", reply.Reply, StringComparison.Ordinal);
        await _world.WaitForStatusAsync(question, RequestStatus.Cancelled);
        var groups = await _world.WaitForStatusAsync(reply.RequestId, RequestStatus.Completed);
        Assert.Contains("Sales Team", groups.Steps[0].Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepeatsQuestionGivenReplyThatIsNeitherAnswerNorRequest()
    {
        var question = await AskWhichJohnAsync("conv-4");

        var reply = await _world.SendAsync("helpdesk@acme.com", "hmm, the tall one", channel: "conv-4");

        Assert.Equal(question, reply.RequestId);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        RequestView? view = null;
        while (DateTime.UtcNow < deadline && !(view?.Reply?.StartsWith("Sorry", StringComparison.Ordinal) ?? false))
        {
            await Task.Delay(100);
            view = await _world.ViewAsync(question);
        }

        Assert.Equal(RequestStatus.NeedsClarification, view!.Status);
        Assert.StartsWith("Sorry, I couldn't tell which one you mean.", view.Reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompletesWithEmployeeExamplesGivenWhatCanYouDo()
    {
        var accepted = await _world.SendAsync("sarah@acme.com", "What can you do?");

        var view = await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Completed);

        Assert.Contains("\"Reset my password\"", view.Reply, StringComparison.Ordinal);
        Assert.DoesNotContain("Reset MFA for tom@acme.com", view.Reply, StringComparison.Ordinal);
        Assert.Empty(view.Steps);
    }

    [Fact]
    public async Task CompletesWithAdminExamplesGivenHelpFromHelpdesk()
    {
        var accepted = await _world.SendAsync("helpdesk@acme.com", "help");

        var view = await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Completed);

        Assert.Contains("Reset MFA for tom@acme.com", view.Reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswersWithoutResettingGivenHowDoIResetMyPassword()
    {
        var accepted = await _world.SendAsync("sarah@acme.com", "How do I reset my password?");

        var view = await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Completed);

        Assert.StartsWith("To reset your password, just ask me", view.Reply, StringComparison.Ordinal);
        Assert.Empty(view.Steps);
        Assert.DoesNotContain(_world.Outbox.For("sarah@acme.com"), n => n.Kind == "credential");
    }

    [Fact]
    public async Task ShowsActiveAndEligibleRolesAndGroupsGivenMyProfileRolesAndGroups()
    {
        var accepted = await _world.SendAsync("alice@acme.com", "Show me my profile, my roles and my groups");

        var view = await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.Completed);

        var step = Assert.Single(view.Steps);
        Assert.Equal(DexActions.ViewProfile, step.Action);
        Assert.Contains("eligible (PIM, activate when needed): Global Administrator", step.Result, StringComparison.Ordinal);
        Assert.Contains("IT Security", step.Result, StringComparison.Ordinal);
        Assert.Contains("job title: IT Security Manager", step.Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolvesHerToPreviousTargetGivenFollowUpRequest()
    {
        var first = await _world.SendAsync("admin@acme.com", "Add sarah@acme.com to All-Engineering", channel: "conv-5");
        await _world.WaitForStatusAsync(first.RequestId, RequestStatus.Completed);

        var follow = await _world.SendAsync("admin@acme.com", "and also add her to Finance-Admins", channel: "conv-5");

        var view = await _world.WaitForStatusAsync(follow.RequestId, RequestStatus.Completed);
        Assert.Equal("sarah@acme.com", view.Steps[0].Target!.UserPrincipalName);
        Assert.Contains(_world.Emulator.Tenant.FindUser("sarah@acme.com")!.Id, _world.Emulator.Tenant.FindGroup("Finance-Admins")!.MemberIds);
    }

    [Fact]
    public async Task ResolvesHerGivenOtherWorkflowsWhoseInputIsNoRequest()
    {
        // A grant clock (or offboarding, or a deletion timer) is no request: its input must never be read as one.
        await _world.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Core.Workflows.GrantWorkflow), new { Requester = 42, Channel = 7 });
        var first = await _world.SendAsync("admin@acme.com", "Add sarah@acme.com to All-Engineering", channel: "conv-6");
        await _world.WaitForStatusAsync(first.RequestId, RequestStatus.Completed);

        var follow = await _world.SendAsync("admin@acme.com", "and also add her to Finance-Admins", channel: "conv-6");

        var view = await _world.WaitForStatusAsync(follow.RequestId, RequestStatus.Completed);
        Assert.Equal("sarah@acme.com", view.Steps[0].Target!.UserPrincipalName);
    }
}
