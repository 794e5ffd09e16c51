using Dex.Core.Actions.SearchUsers;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Actions.SearchUsers;

public sealed class DepartmentMembersRecogniser_RecogniseTests
{
    [Fact]
    public void ReturnsDepartmentSearchGivenDepartmentRoster() => Assert.Equal(["search_users | department:=Sales"], new DepartmentMembersRecogniser().Steps("who is in the Sales department"));

    [Fact]
    public void ReturnsNoneGivenAGroup() => Assert.False(new DepartmentMembersRecogniser().Claims("who is in Sales Team"));
}
