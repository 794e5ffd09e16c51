using Dex.Core.Actions.CreateUser;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Actions.CreateUser;

public sealed class CreateUserDetailsRecogniser_RecogniseTests
{
    [Fact]
    public void AmendsTheCreatedUserGivenFieldsInALaterClause()
    {
        var created = new IntendedStep { Action = DexActions.CreateUser, Target = "noa@acme.com", Fields = new Dictionary<string, string> { ["userPrincipalName"] = "noa@acme.com" } };
        var clause = new ClauseContext("set office to NYC", false, ["noa@acme.com"], [], created, created);

        var proposed = Assert.Single(new CreateUserDetailsRecogniser().Recognise(clause).Steps);

        Assert.Same(created, proposed.Amends);
        Assert.Equal("NYC", proposed.Step.Fields["officeLocation"]);
        Assert.Equal("noa@acme.com", proposed.Step.Fields["userPrincipalName"]);
    }

    [Fact]
    public void ReturnsNoneGivenNoUserCreatedBefore() => Assert.False(new CreateUserDetailsRecogniser().Claims("set office to NYC"));
}
