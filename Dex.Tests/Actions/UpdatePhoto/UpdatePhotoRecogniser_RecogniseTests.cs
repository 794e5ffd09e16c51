using Dex.Core.Actions.UpdatePhoto;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Actions.UpdatePhoto;

public sealed class UpdatePhotoRecogniser_RecogniseTests
{
    [Fact]
    public void ReturnsAttachmentOnlyGivenAFile()
    {
        Assert.Equal(["update_photo > me | attachment=true"], new UpdatePhotoRecogniser().Steps("change my profile picture", attachment: true));
        Assert.Equal(["update_photo > me"], new UpdatePhotoRecogniser().Steps("change my profile picture"));
    }

    [Fact]
    public void ReturnsNoneGivenNoPhotoWord() => Assert.False(new UpdatePhotoRecogniser().Claims("change my office to NYC"));
}
