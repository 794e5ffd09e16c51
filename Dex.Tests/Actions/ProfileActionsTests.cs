using Microsoft.Extensions.DependencyInjection;
using Dex.Core.Requests;
using static Dex.Tests.Actions.ActionWorld;

namespace Dex.Tests.Actions;

public sealed class UpdateUserProfileAction_PlanAndExecute(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task NormalisesPhoneAndUpdatesGivenSelfService()
    {
        var step = await world.PlanStepAsync("ben@acme.com", Step(DexActions.UpdateUserProfile, "me", fields: new Dictionary<string, string> { ["mobilePhone"] = "+1 415 555 0123" }));
        Assert.StartsWith("Set your ", step.Summary, StringComparison.Ordinal);

        var outcome = await world.ExecuteAsync("ben@acme.com", step);

        Assert.Equal(StepStatus.Succeeded, outcome.Status);
        Assert.Equal(step.Fields["mobilePhone"], world.Tenant.FindUser("ben@acme.com")!.MobilePhone);
        Assert.Contains("your profile", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReturnsProblemGivenFieldOutsideTheProfile()
    {
        var plan = await world.PlanAsync("ben@acme.com", Step(DexActions.UpdateUserProfile, "me", fields: new Dictionary<string, string> { ["displayName"] = "Benny" }));

        Assert.Contains("needs an admin", plan.Problem, StringComparison.Ordinal);
    }
}

public sealed class UpdateUserAction_PlanAndExecute(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task SetsAnyPropertyGivenAdmin()
    {
        var step = await world.PlanStepAsync("uma@acme.com", Step(DexActions.UpdateUser, "tom@acme.com", fields: new Dictionary<string, string> { ["jobTitle"] = "Account Executive" }));

        var outcome = await world.ExecuteAsync("uma@acme.com", step);

        Assert.Equal(StepStatus.Succeeded, outcome.Status);
        Assert.Equal("Account Executive", world.Tenant.FindUser("tom@acme.com")!.JobTitle);
    }

    [Fact]
    public async Task ReturnsProblemGivenNoFields()
    {
        var plan = await world.PlanAsync("uma@acme.com", Step(DexActions.UpdateUser, "tom@acme.com"));

        Assert.Contains("Say what to change", plan.Problem, StringComparison.Ordinal);
    }
}

public sealed class UpdatePhotoAction_PlanAndExecute(ActionWorld world) : IClassFixture<ActionWorld>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];

    [Fact]
    public async Task SetsPhotoGivenPngAttachment()
    {
        await world.Services.GetRequiredService<IAttachmentStore>().PutAsync(new StoredAttachment("att-1", "me.png", "image/png", Png));
        var step = await world.PlanStepAsync("ben@acme.com", Step(DexActions.UpdatePhoto, "me", new Dictionary<string, string> { ["attachment"] = "true" }), ["att-1"]);
        Assert.Equal("image/png", step.Parameters["contentType"]);
        // The attachment id and content type are for execution; the public view shows neither.
        Assert.DoesNotContain(Dex.Core.Requests.Views.Of(step).Parameters.Keys, k => k is "attachmentId" or "contentType");

        var outcome = await world.ExecuteAsync("ben@acme.com", step);

        Assert.Equal(StepStatus.Succeeded, outcome.Status);
        Assert.Equal(Png.Length, world.Tenant.FindUser("ben@acme.com")!.PhotoBytes);
    }

    [Fact]
    public async Task ReturnsProblemGivenNoAttachment()
    {
        var plan = await world.PlanAsync("ben@acme.com", Step(DexActions.UpdatePhoto, "me"));

        Assert.Contains("Attach the photo", plan.Problem, StringComparison.Ordinal);
    }
}

public sealed class ViewProfileAction_PlanAndExecute(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task ShowsRolesAndGroupsGivenTarget()
    {
        var step = await world.PlanStepAsync("uma@acme.com", Step(DexActions.ViewProfile, "admin@acme.com"));
        Assert.True(step.IsReadOnly);
        Assert.True(step.TargetIsPrivileged);

        var outcome = await world.ExecuteAsync("uma@acme.com", step);

        Assert.Contains("directory roles: Global Administrator", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("IT Security", outcome.Message, StringComparison.Ordinal);
    }
}
