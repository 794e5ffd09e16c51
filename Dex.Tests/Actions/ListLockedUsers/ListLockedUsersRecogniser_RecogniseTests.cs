using Dex.Core.Actions.ListLockedUsers;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Actions.ListLockedUsers;

public sealed class ListLockedUsersRecogniser_RecogniseTests
{
    [Fact]
    public void ReturnsListWithDepartmentGivenLockedAccountsQuestion() => Assert.Equal(["list_locked_users | department=Sales"], new ListLockedUsersRecogniser().Steps("Show me every locked Entra account in the Sales department"));

    [Fact]
    public void ReturnsNoneGivenAnUnlock() => Assert.False(new ListLockedUsersRecogniser().Claims("unlock the locked accounts kevin@acme.com"));
}
