using Dex.Core.Actions.UpdateUserProfile;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Actions.UpdateUserProfile;

public sealed class UpdateUserProfileRecogniser_RecogniseTests
{
    [Fact]
    public void ReturnsProfileUpdateGivenPhoneAndOffice() => Assert.Equal(["update_user_profile > me | mobilePhone:=+1 415 555 0123 | officeLocation:=SF HQ - Floor 4"], new UpdateUserProfileRecogniser().Steps("Update my mobile number to +1 415 555 0123 and office to \"SF HQ - Floor 4\""));

    [Fact]
    public void ReturnsNoneGivenADisplayName() => Assert.False(new UpdateUserProfileRecogniser().Claims("Change the display name of eve@acme.com to Eve"));
}
