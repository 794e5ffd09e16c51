using Dex.Core.Requests;

namespace Dex.Tests.Requests;

public sealed class Views_OfStep
{
    [Theory]
    [InlineData("assign_license", "skuId")]
    [InlineData("remove_license", "skuId")]
    [InlineData("swap_license", "fromId")]
    [InlineData("reclaim_licenses", "frees")]
    [InlineData("create_user", "managerId")]
    [InlineData("update_photo", "attachmentId")]
    public void ReturnsViewWithoutExecutionOnlyParameterGivenPlannedStep(string action, string internalKey)
    {
        var step = new PlannedStep
        {
            Index = 0, Action = action, Summary = "s",
            Parameters = new Dictionary<string, string> { [internalKey] = "00000000-0000-0000-0000-000000000001", ["reason"] = "shown" },
        };

        var view = Views.Of(step);

        Assert.False(view.Parameters.ContainsKey(internalKey));
        Assert.Equal("shown", view.Parameters["reason"]);
    }
}
