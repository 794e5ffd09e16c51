using Dex.Core.Directory;
using Dex.Core.Intake;
using Dex.Core.Requests;
using Dex.Tests.Actions;
using Dex.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Dex.Tests.Actions.ActionWorld;

namespace Dex.Tests.Workflows;

public sealed class UpdatePhotoAction_DeletesAttachment(ActionWorld world) : IClassFixture<ActionWorld>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];

    [Fact]
    public async Task DeletesAttachmentGivenPhotoSet()
    {
        var store = world.Services.GetRequiredService<IAttachmentStore>();
        await store.PutAsync(new StoredAttachment("att-del", "me.png", "image/png", Png));
        var step = await world.PlanStepAsync("ben@acme.com", Step(DexActions.UpdatePhoto, "me", new Dictionary<string, string> { ["attachment"] = "true" }), ["att-del"]);

        await world.ExecuteAsync("ben@acme.com", step);

        Assert.Null(await store.GetAsync("att-del"));
    }
}

public sealed class InMemoryAttachmentStore_Lifetime
{
    [Fact]
    public async Task ReturnsNullGivenAttachmentOlderThanLifetime()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var store = new InMemoryAttachmentStore(time);
        await store.PutAsync(new StoredAttachment("a", "a.png", "image/png", [1]));

        time.Advance(IAttachmentStore.Lifetime - TimeSpan.FromMinutes(1));
        Assert.NotNull(await store.GetAsync("a"));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await store.GetAsync("a"));
    }
}

public sealed class MessageIntake_AttachmentCount : IAsyncLifetime
{
    private DexWorld _world = null!;

    public async Task InitializeAsync() => _world = await DexWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task RejectsMessageGivenMoreAttachmentsThanTheCap()
    {
        var attachments = Enumerable.Range(0, MessageIntake.MaxAttachments + 1).Select(i => new MessageAttachment($"p{i}.png", "image/png", Convert.ToBase64String([1, 2, 3]))).ToList();

        var result = await _world.Web.Intake.AcceptAsync(new IncomingMessage("att-many", "test", "ben@acme.com", "Update my photo", attachments), CancellationToken.None);

        Assert.Equal("too_many_attachments", result.Rejected?.Code);
        Assert.Null(await _world.Client.GetInstanceAsync(RequestIds.For("test", "att-many")));
    }
}

public sealed class SetupValidator_Excess
{
    [Fact]
    public void ReturnsBroadPermissionsGivenTokenRolesBeyondWhatDexUses()
    {
        var excess = SetupValidator.Excess([.. SetupValidator.RequiredPermissions, "Directory.ReadWrite.All", "Group.ReadWrite.All", "AppRoleAssignment.ReadWrite.All"]);

        Assert.Equal(["Directory.ReadWrite.All", "Group.ReadWrite.All"], excess);
    }

    [Fact]
    public void AsksForNoDirectoryWideWritePermission()
    {
        Assert.DoesNotContain("Directory.ReadWrite.All", SetupValidator.RequiredPermissions);
        Assert.DoesNotContain("Group.ReadWrite.All", SetupValidator.RequiredPermissions);
        Assert.Contains("RoleManagement.Read.Directory", SetupValidator.RequiredPermissions);
    }
}
