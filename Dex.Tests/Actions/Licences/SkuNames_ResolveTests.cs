using Dex.Core.Licensing;

namespace Dex.Tests.Actions.Licences;

public sealed class SkuNames_Resolve
{
    private static TenantSku Sku(string part, string id) => new(id, part, SkuNames.Friendly(part), 10, 5, 0, 0, "User", []);

    private static readonly TenantSku[] Tenant =
    [
        Sku("SPE_E5", "06ebc4ee-1bb5-47dd-8120-11324bc54e06"),
        Sku("SPE_E3", "05e9a617-0261-4cee-bb44-138d3ef5d965"),
        Sku("ENTERPRISEPACK", "6fd2c87f-b296-42f0-b197-1e91e994b900"),
        Sku("VISIOCLIENT", "c5928f49-12ba-48f7-ada3-0d743a3601d5"),
        Sku("CONTOSO_CUSTOM", "11111111-2222-3333-4444-555555555555"),
    ];

    [Theory]
    [InlineData("E5", "SPE_E5")]
    [InlineData("an E5 licence", "SPE_E5")]
    [InlineData("Microsoft 365 E3", "SPE_E3")]
    [InlineData("office 365 e3", "ENTERPRISEPACK")]
    [InlineData("Visio Plan 2", "VISIOCLIENT")]
    [InlineData("visio", "VISIOCLIENT")]
    [InlineData("SPE_E3", "SPE_E3")]
    [InlineData("contoso_custom", "CONTOSO_CUSTOM")]
    public void ReturnsTheTenantSkuGivenFriendlyOrGraphName(string name, string part)
        => Assert.Equal(part, SkuNames.Resolve(name, Tenant).Sku?.SkuPartNumber);

    [Fact]
    public void ReturnsBothCandidatesGivenAmbiguousE3()
    {
        var match = SkuNames.Resolve("E3", Tenant);

        Assert.True(match.Ambiguous);
        Assert.Equal(["ENTERPRISEPACK", "SPE_E3"], match.Candidates.Select(c => c.SkuPartNumber).Order());
    }

    [Fact]
    public void NamesTheProductGivenKnownSkuTheTenantLacks()
    {
        var match = SkuNames.Resolve("Power BI Pro", Tenant);

        Assert.Null(match.Sku);
        Assert.Empty(match.Candidates);
        Assert.Equal("Power BI Pro", match.KnownName);
    }

    [Theory]
    [InlineData("Teams", "TEAMS1")]
    [InlineData("exchange", "EXCHANGE_S_ENTERPRISE")]
    [InlineData("MCOEV", "MCOEV")]
    public void ReturnsThePlanGivenServiceName(string name, string plan)
    {
        var e5 = Tenant[0] with { Plans = [new("a", "TEAMS1"), new("b", "EXCHANGE_S_ENTERPRISE"), new("c", "MCOEV")] };

        Assert.Equal([plan], SkuNames.Plans(name, e5).Select(p => p.Name));
    }
}
