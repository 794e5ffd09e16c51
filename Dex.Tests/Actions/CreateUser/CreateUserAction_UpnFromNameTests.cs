using Dex.Core.Actions.CreateUser;

namespace Dex.Tests.Actions.CreateUser;

public sealed class CreateUserAction_UpnFromName
{
    [Theory]
    [InlineData("Emily Stone", "admin@acme.com", "emily.stone@acme.com")]
    [InlineData("Zoë O'Neil", "admin@acme.com", "zoe.oneil@acme.com")]
    [InlineData("Emily Stone", "guest@other.com", "emily.stone@acme.com")] // the requester's domain is not verified: the tenant's first
    public void ReturnsFirstDotLastAtDomainGivenDisplayName(string name, string requester, string upn)
        => Assert.Equal(upn, CreateUserAction.UpnFromName(name, requester, ["acme.com", "acme.onmicrosoft.com"]));

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("sarah@acme.com")]
    public void ReturnsNullGivenNoName(string? name) => Assert.Null(CreateUserAction.UpnFromName(name, "admin@acme.com", ["acme.com"]));
}
