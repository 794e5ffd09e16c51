using Dex.GraphEmulator;
using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Delta;

namespace Dex.Tests.GraphEmulator;

/// <summary>Delta queries through the Microsoft Graph SDK: a full round, then only what changed.</summary>
public sealed class GraphApi_Delta
{
    private static async Task<(List<User> Items, string DeltaLink)> UserRoundAsync(EmulatorFixture emu, string? deltaLink = null)
    {
        var items = new List<User>();
        var page = deltaLink is null
            ? await emu.Client.Users.Delta.GetAsDeltaGetResponseAsync(rc => rc.QueryParameters.Select = ["displayName", "jobTitle", "accountEnabled"])
            : await new DeltaRequestBuilder(deltaLink, emu.Client.RequestAdapter).GetAsDeltaGetResponseAsync();
        while (true)
        {
            items.AddRange(page!.Value!);
            if (page.OdataNextLink is { } next)
            {
                page = await new DeltaRequestBuilder(next, emu.Client.RequestAdapter).GetAsDeltaGetResponseAsync();
                continue;
            }

            return (items, page.OdataDeltaLink!);
        }
    }

    [Fact]
    public async Task ReturnsEveryUserThenOnlyChangesGivenDeltaLink()
    {
        await using var emu = await EmulatorFixture.StartAsync(new() { Generate = "users=250,groups=5,seed=3" });
        var (all, link) = await UserRoundAsync(emu);
        Assert.Equal(emu.Tenant.Users.Count, all.Count);
        Assert.Equal(all.Count, all.Select(u => u.Id).Distinct().Count());

        var tom = emu.Tenant.FindUser("tom@acme.com")!;
        await emu.Client.Users[tom.Id].PatchAsync(new User { JobTitle = "Staff Accountant" });
        var created = await emu.Client.Users.PostAsync(new User
        {
            DisplayName = "Delta New", UserPrincipalName = "delta.new@acme.com", MailNickname = "deltanew", AccountEnabled = true,
            PasswordProfile = new PasswordProfile { Password = "Xy!9-delta-pass", ForceChangePasswordNextSignIn = true },
        });
        var eve = emu.Tenant.FindUser("eve@acme.com")!;
        await emu.Client.Users[eve.Id].DeleteAsync();

        var (changes, _) = await UserRoundAsync(emu, link);

        Assert.Equal(3, changes.Count);
        Assert.Equal("Staff Accountant", changes.Single(u => u.Id == tom.Id).JobTitle);
        Assert.Contains(changes, u => u.Id == created!.Id);
        var removed = changes.Single(u => u.Id == eve.Id);
        Assert.True(removed.AdditionalData.ContainsKey("@removed"));
    }

    [Fact]
    public async Task ReturnsNothingGivenNoChangeSinceLastRound()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var (_, link) = await UserRoundAsync(emu);

        var (changes, next) = await UserRoundAsync(emu, link);

        Assert.Empty(changes);
        Assert.NotEqual(link, next);
    }

    [Fact]
    public async Task ReturnsAddedAndRemovedMembersGivenGroupDeltaWithMembers()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var group = emu.Tenant.FindGroup("Sales Team")!;
        var first = await emu.Client.Groups.Delta.GetAsDeltaGetResponseAsync(rc => rc.QueryParameters.Select = ["displayName", "members"]);
        var link = first!.OdataDeltaLink;
        while (link is null)
        {
            first = await new Microsoft.Graph.Groups.Delta.DeltaRequestBuilder(first!.OdataNextLink!, emu.Client.RequestAdapter).GetAsDeltaGetResponseAsync();
            link = first!.OdataDeltaLink;
        }

        var ben = emu.Tenant.Users.First(u => !group.MemberIds.Contains(u.Id));
        emu.Tenant.AddGroupMember(group.Id, ben.Id);
        var round = await new Microsoft.Graph.Groups.Delta.DeltaRequestBuilder(link, emu.Client.RequestAdapter).GetAsDeltaGetResponseAsync();

        var changed = Assert.Single(round!.Value!);
        Assert.Equal(group.Id, changed.Id);
        var members = Assert.IsType<Microsoft.Kiota.Abstractions.Serialization.UntypedArray>(changed.AdditionalData["members@delta"]).GetValue()
            .Select(m => ((Microsoft.Kiota.Abstractions.Serialization.UntypedString)((Microsoft.Kiota.Abstractions.Serialization.UntypedObject)m).GetValue()["id"]).GetValue())
            .ToList();
        Assert.Equal([ben.Id], members);
    }
}
