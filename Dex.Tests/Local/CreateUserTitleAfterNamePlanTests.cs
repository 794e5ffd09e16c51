using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Dex.Tests.Local;

/// <summary>"Emily Stone, Data Analyst in Finance, manager sarah@" plans a full create_user through POST /api/plan, address derived from the name.</summary>
public sealed class DexLocalApp_CreateUserTitleAfterName(LocalHostFixture local) : IClassFixture<LocalHostFixture>
{
    [Theory]
    [InlineData("Emily Stone, Data Analyst in Finance, manager sarah@")]
    [InlineData("Emily Stone, Data Analyst in Finance, manager sarah@acme.com")]
    [InlineData("New starter: Emily Stone - Data Analyst, Finance, manager sarah@acme.com")]
    public async Task PlansCreateUserWithProfileAndManagerGivenTitleAfterNameWithoutAddress(string text)
    {
        var response = await local.Http.PostAsJsonAsync("/api/plan", new { requester = "admin@acme.com", text });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plan = await response.Content.ReadFromJsonAsync<JsonElement>();

        var step = Assert.Single(plan.GetProperty("steps").EnumerateArray());
        Assert.Equal("create_user", step.GetProperty("action").GetString());
        var json = step.GetRawText();
        Assert.Contains("\"emily.stone@acme.com\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Emily Stone\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Data Analyst\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Finance\"", json, StringComparison.Ordinal);
        Assert.Contains("\"sarah@acme.com\"", json, StringComparison.Ordinal);
        Assert.Equal("allow", plan.GetProperty("decision").GetProperty("outcome").GetString());
        Assert.Single(plan.GetProperty("decision").GetProperty("confirm").EnumerateArray()); // creating someone else asks for a yes first
    }

    [Fact]
    public async Task ShowsNoConfirmationGivenSelfServiceWrite()
    {
        var response = await local.Http.PostAsJsonAsync("/api/plan", new { requester = "sarah@acme.com", text = "Update my office to NYC" });
        var plan = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("allow", plan.GetProperty("decision").GetProperty("outcome").GetString());
        Assert.False(plan.GetProperty("decision").TryGetProperty("confirm", out _));
    }
}
