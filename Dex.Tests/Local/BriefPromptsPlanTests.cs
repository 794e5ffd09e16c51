using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Dex.Tests.Local;

/// <summary>Every prompt of the product brief plans correctly through POST /api/plan on Dex.Local with the sample tenant.</summary>
public sealed class DexLocalApp_BriefPromptPlans(LocalHostFixture local) : IClassFixture<LocalHostFixture>
{
    [Theory]
    [InlineData("admin@acme.com", "Create a new Entra user for noa.levi@acme.com as Software Engineer in R&D, manager is david@acme.com, send credentials to david", "create_user", null, "allow")]
    [InlineData("helpdesk@acme.com", "Show me every locked Entra account in the Sales department and unlock the ones on this list: kevin@acme.com, priya@acme.com", "list_locked_users,unlock_user", null, "allow")]
    [InlineData("uma@acme.com", "Add sarah@acme.com to the \"Finance-Admins\" security group and the \"Finance-M365\" group", "grant_access,grant_access", "sarah@acme.com", "allow")]
    [InlineData("helpdesk@acme.com", "Who belongs to the \"IT Support\" group? And which groups is alice@acme.com a member of?", "list_group_members,list_user_groups", null, "allow")]
    [InlineData("helpdesk@acme.com", "Reset MFA for tom@acme.com — he got a new phone and can't sign in", "mfa_reset", "tom@acme.com", "approval_required")]
    [InlineData("sarah@acme.com", "Reset my Microsoft 365 password", "password_reset", "sarah@acme.com", "allow")]
    [InlineData("sarah@acme.com", "I got a new phone, reset my MFA so I can set up the authenticator again", "mfa_reset", "sarah@acme.com", "approval_required")]
    [InlineData("sarah@acme.com", "Update my mobile number to +1 415 555 0123 and office to \"SF HQ - Floor 4\"", "update_user_profile", "sarah@acme.com", "allow")]
    [InlineData("sarah@acme.com", "Request access to the \"All-Engineering\" Teams group", "grant_access", "sarah@acme.com", "approval_required")]
    [InlineData("liam@acme.com", "My sign-in is blocked as risky, please unblock me", "unblock_signin", "liam@acme.com", "approval_required")]
    [InlineData("admin@acme.com", "Give sarah@acme.com access to Salesforce", "grant_access", "sarah@acme.com", "allow")]
    public async Task PlansExpectedStepsAndDecisionGivenBriefPrompt(string requester, string text, string actions, string? target, string outcome)
    {
        var response = await local.Http.PostAsJsonAsync("/api/plan", new { requester, text });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plan = await response.Content.ReadFromJsonAsync<JsonElement>();

        var steps = plan.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(actions.Split(','), steps.Select(s => s.GetProperty("action").GetString()));
        if (target is not null)
        {
            Assert.Equal(target, steps[0].GetProperty("target").GetProperty("userPrincipalName").GetString());
        }

        Assert.Equal(outcome, plan.GetProperty("decision").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task AsksWhichOneGivenPasswordResetForAmbiguousJohnSmith()
    {
        var response = await local.Http.PostAsJsonAsync("/api/plan", new { requester = "helpdesk@acme.com", text = "Reset the password for a user named \"John Smith\" — generate a strong one and force change on next login" });
        var plan = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(JsonValueKind.Null, plan.GetProperty("decision").ValueKind);
        var options = plan.GetProperty("clarification").GetProperty("options").EnumerateArray().Select(o => o.GetProperty("userPrincipalName").GetString()).Order();
        Assert.Equal(["john.smith@acme.com", "jsmith@acme.com"], options);
    }

    [Fact]
    public async Task ResolvesEnterpriseAppGivenGrantAccessToSalesforce()
    {
        var response = await local.Http.PostAsJsonAsync("/api/plan", new { requester = "admin@acme.com", text = "Give sarah@acme.com access to Salesforce" });
        var plan = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("Salesforce", plan.GetProperty("steps")[0].GetProperty("parameters").GetProperty("app").GetProperty("displayName").GetString());
    }
}
