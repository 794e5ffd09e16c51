using Dex.Core.Actions.ListUserGroups;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Actions.ListUserGroups;

public sealed class ListUserGroupsRecogniser_RecogniseTests
{
    [Fact]
    public void ReturnsTheNamedPersonGivenWhichGroups() => Assert.Equal(["list_user_groups > alice@acme.com"], new ListUserGroupsRecogniser().Steps("which groups is alice@acme.com a member of"));

    [Fact]
    public void ReturnsNoneGivenGroupMembersQuestion() => Assert.False(new ListUserGroupsRecogniser().Claims("who is in Sales Team"));
}
