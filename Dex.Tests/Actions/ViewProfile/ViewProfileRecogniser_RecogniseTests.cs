using Dex.Core.Actions.ViewProfile;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Actions.ViewProfile;

public sealed class ViewProfileRecogniser_RecogniseTests
{
    [Fact]
    public void ReturnsTheAddressGivenWhoIs() => Assert.Equal(["view_profile > alice@acme.com"], new ViewProfileRecogniser().Steps("who is alice@acme.com"));

    [Fact]
    public void AsksWhichFieldGivenUpdateMyProfile() => Assert.Equal([ViewProfileRecogniser.WhichFieldNote], new ViewProfileRecogniser().Recognise(ClauseContext.First("update my profile")).Notes);
}
