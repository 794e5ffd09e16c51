using Dex.Core.Actions.CreateUser;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Actions.CreateUser;

public sealed class CreateUserRecogniser_RecogniseTests
{
    [Fact]
    public void ReturnsCreateUserWithFieldsGivenNewUserRequest()
    {
        Assert.Equal(
            ["create_user > noa.levi@acme.com | manager=david@acme.com | department:=R&D | jobTitle:=Software Engineer | userPrincipalName:=noa.levi@acme.com"],
            new CreateUserRecogniser().Steps("Create a new Entra user for noa.levi@acme.com as Software Engineer in R&D, manager is david@acme.com"));
    }

    [Fact]
    public void AsksForANameGivenNoNewUserNamed()
    {
        var recognition = new CreateUserRecogniser().Recognise(ClauseContext.First("create a new user"));

        Assert.True(recognition.Claimed);
        Assert.Empty(recognition.Steps);
        Assert.Contains("new user's name", Assert.Single(recognition.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void ReturnsNoneGivenPasswordReset() => Assert.False(new CreateUserRecogniser().Claims("reset my password"));
}
