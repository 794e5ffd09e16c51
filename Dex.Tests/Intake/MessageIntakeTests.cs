using Dex.Core.Intake;
using Dex.Core.Requests;
using Dex.Tests.Support;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Dex.Tests.Intake;

/// <summary>Intake on Dex.Core's services over the Graph emulator, with the durable client mocked.</summary>
public sealed class MessageIntake_AcceptAsync(CoreServicesFixture core) : IClassFixture<CoreServicesFixture>
{
    private static IncomingMessage Message(string id, string requester = "sarah@acme.com", string? text = "Reset my password", IReadOnlyList<MessageAttachment>? attachments = null)
        => new(id, "cli", requester, text, attachments);

    private async Task<(IntakeResult Result, Mock<DurableTaskClient> Client)> AcceptAsync(IncomingMessage? message)
    {
        var client = CoreServicesFixture.EmptyDurableClient();
        var intake = ActivatorUtilities.CreateInstance<MessageIntake>(core.Services, client.Object);
        return (await intake.AcceptAsync(message, CancellationToken.None), client);
    }

    private static void VerifyNothingStarted(Mock<DurableTaskClient> client)
        => client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);

    [Fact]
    public async Task ReturnsAcceptedRequestGivenValidMessage()
    {
        var (result, client) = await AcceptAsync(Message("intake-1"));

        Assert.True(result.IsAccepted);
        Assert.Null(result.Rejected);
        var id = RequestIds.For("cli", "intake-1");
        Assert.Equal(new MessageAccepted(id, RequestStatus.Planning, $"/api/requests/{id}", "Got it. I'm looking into it."), result.Accepted);
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == id), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task ReturnsInvalidRejectionGivenNoMessage()
    {
        var (result, client) = await AcceptAsync(null);

        Assert.False(result.IsAccepted);
        Assert.Equal(new Rejection(RejectionKind.Invalid, "invalid_json", "The body must be a JSON object."), result.Rejected);
        VerifyNothingStarted(client);
    }

    [Fact]
    public async Task ReturnsInvalidRejectionGivenUnknownRequester()
    {
        var (result, client) = await AcceptAsync(Message("intake-2", requester: "ghost@acme.com"));

        Assert.Equal(RejectionKind.Invalid, result.Rejected!.Kind);
        Assert.Equal("unknown_requester", result.Rejected.Code);
        Assert.Contains("ghost@acme.com", result.Rejected.Message, StringComparison.Ordinal);
        VerifyNothingStarted(client);
    }

    [Fact]
    public async Task ReturnsForbiddenRejectionGivenDisabledRequester()
    {
        var (result, client) = await AcceptAsync(Message("intake-3", requester: "kevin@acme.com"));

        Assert.Equal(RejectionKind.Forbidden, result.Rejected!.Kind);
        Assert.Equal("requester_disabled", result.Rejected.Code);
        VerifyNothingStarted(client);
    }

    [Fact]
    public async Task ReturnsTooLargeRejectionGivenAttachmentOver4Mb()
    {
        var big = Convert.ToBase64String(new byte[MessageIntake.MaxAttachmentBytes + 1]);
        var (result, client) = await AcceptAsync(Message("intake-4", attachments: [new MessageAttachment("big.jpg", "image/jpeg", big)]));

        Assert.Equal(RejectionKind.TooLarge, result.Rejected!.Kind);
        Assert.Equal("attachment_too_large", result.Rejected.Code);
        VerifyNothingStarted(client);
    }

    [Fact]
    public async Task ReturnsInvalidRejectionGivenAttachmentThatIsNotBase64()
    {
        var (result, client) = await AcceptAsync(Message("intake-5", attachments: [new MessageAttachment("me.png", "image/png", "not base64!")]));

        Assert.Equal(RejectionKind.Invalid, result.Rejected!.Kind);
        Assert.Equal("invalid_attachment", result.Rejected.Code);
        VerifyNothingStarted(client);
    }

    [Theory]
    [InlineData("sarah@acme.com", true)]
    [InlineData("o'brien@acme.com", false)]
    [InlineData("sarah @acme.com", false)]
    [InlineData("sarah@localhost", false)]
    [InlineData("Sarah <sarah@acme.com>", false)]
    public void IsUpn_ReturnsWhetherValueIsAPlainUpn(string value, bool expected) => Assert.Equal(expected, MessageIntake.IsUpn(value));
}
