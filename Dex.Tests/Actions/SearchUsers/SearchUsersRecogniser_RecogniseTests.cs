using Dex.Core.Actions.SearchUsers;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Actions.SearchUsers;

public sealed class SearchUsersRecogniser_RecogniseTests
{
    [Fact]
    public void ReturnsUpnCriterionGivenAnAddress() => Assert.Equal(["search_users | userPrincipalName:=jsmith@acme.com"], new SearchUsersRecogniser().Steps("look up the UPN jsmith@acme.com"));

    [Fact]
    public void AsksForCriteriaGivenNone() => Assert.Equal([SearchUsersRecogniser.CriteriaNote], new SearchUsersRecogniser().Recognise(ClauseContext.First("search")).Notes);
}
