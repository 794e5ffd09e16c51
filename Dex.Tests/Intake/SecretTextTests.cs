using Dex.Core.Audit;
using Dex.Core.Intake;
using Dex.Core.Requests;
using Dex.Tests.Support;

namespace Dex.Tests.Intake;

public sealed class SecretText_Hide
{
    [Theory]
    [InlineData("Reset my password, my old password is Hunter2!x", "Hunter2!x")]
    [InlineData("unlock tom, his password: \"s3cr3t pass\" stopped working", "s3cr3t pass")]
    [InlineData("my PIN=4711 is blocked", "4711")]
    [InlineData("the api key is sk-abcdef0123456789", "sk-abcdef0123456789")]
    [InlineData("token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlMTIz here", "eyJhbGciOiJSUzI1NiJ9")]
    public void MasksValueGivenSecretLookingText(string text, string secret)
    {
        var hidden = SecretText.Hide(text);

        Assert.DoesNotContain(secret, hidden, StringComparison.Ordinal);
        Assert.Contains(SecretText.Mask, hidden, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Reset the password for tom@acme.com and send it to his manager")]
    [InlineData("Update my mobile to +1 415 555 0123")]
    [InlineData("Reset MFA for tom@acme.com, he got a new phone")]
    public void LeavesTextGivenNoSecret(string text) => Assert.Equal(text, SecretText.Hide(text));
}

/// <summary>A secret typed into a message is masked before anything stores it.</summary>
public sealed class MessageIntake_SecretInText : IAsyncLifetime
{
    private DexWorld _world = null!;

    public async Task InitializeAsync() => _world = await DexWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task NeverStoresSecretUnmaskedGivenPasswordTypedInMessage()
    {
        const string secret = "Tr0ub4dor&3xyz";
        var accepted = await _world.SendAsync("helpdesk@acme.com", $"Reset MFA for tom@acme.com, his password is {secret} and he got a new phone");

        var view = await _world.WaitForStatusAsync(accepted.RequestId, RequestStatus.AwaitingApproval);

        Assert.DoesNotContain(secret, view.Text, StringComparison.Ordinal);
        var entries = (await _world.Audit.QueryAsync(new AuditQuery { RequestId = accepted.RequestId })).Entries;
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.DoesNotContain(secret, System.Text.Json.JsonSerializer.Serialize(e), StringComparison.Ordinal));
        Assert.Contains(entries, e => System.Text.Json.JsonSerializer.Serialize(e).Contains(SecretText.Mask, StringComparison.Ordinal));
        var token = await _world.ApprovalTokenForAsync("alice@acme.com", accepted.RequestId);
        var page = await _world.ApprovalPageAsync(token, "alice@acme.com");
        var html = page.Html();
        Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        Assert.Contains(_world.Outbox.All(), n => n.RequestId == accepted.RequestId);
        Assert.DoesNotContain(_world.Outbox.All(), n => n.Text.Contains(secret, StringComparison.Ordinal));
    }
}
