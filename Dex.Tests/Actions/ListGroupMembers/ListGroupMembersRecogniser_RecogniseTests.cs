using Dex.Core.Actions.ListGroupMembers;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Actions.ListGroupMembers;

public sealed class ListGroupMembersRecogniser_RecogniseTests
{
    [Fact]
    public void ReturnsTheGroupGivenWhoBelongsTo() => Assert.Equal(["list_group_members | group=IT Support"], new ListGroupMembersRecogniser().Steps("Who belongs to the \"IT Support\" group"));

    [Fact]
    public void ReturnsNoneGivenADepartment() => Assert.False(new ListGroupMembersRecogniser().Claims("who is in the Sales department"));
}
