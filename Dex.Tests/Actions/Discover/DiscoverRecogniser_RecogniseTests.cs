using Dex.Core.Actions.Discover;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Actions.Discover;

public sealed class DiscoverRecogniser_RecogniseTests
{
    [Fact]
    public void ReturnsDiscoverGivenScanTheTenant() => Assert.Equal(["discover"], new DiscoverRecogniser().Steps("scan the tenant"));

    [Fact]
    public void ReturnsNoneGivenAPasswordReset() => Assert.False(new DiscoverRecogniser().Claims("reset my password"));
}
