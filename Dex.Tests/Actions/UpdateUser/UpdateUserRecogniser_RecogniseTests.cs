using Dex.Core.Actions.UpdateUser;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Actions.UpdateUser;

public sealed class UpdateUserRecogniser_RecogniseTests
{
    [Fact]
    public void ReturnsUpdateUserGivenNonProfileField() => Assert.Equal(["update_user > eve@acme.com | displayName:=Eve Martin-Lee"], new UpdateUserRecogniser().Steps("Change the display name of eve@acme.com to Eve Martin-Lee"));

    [Fact]
    public void ReturnsNoneGivenOnlyProfileFields() => Assert.False(new UpdateUserRecogniser().Claims("update my office to NYC"));
}
