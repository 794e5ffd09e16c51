using System.Text.Json.Nodes;
using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Tests.Understanding;

public sealed class CatalogueRules_ValidateTests
{
    [Theory]
    [InlineData("grant_access > me | group=Finance-Admins")]
    [InlineData("grant_access > me | app=Salesforce")]
    [InlineData("unlock_user | targets=a@acme.com;b@acme.com")]
    [InlineData("update_user_profile > me | mobilePhone:=+1 415 555 0123")]
    [InlineData("list_locked_users | department=Sales")]
    [InlineData("discover")]
    public void ReturnsNullGivenValidStep(string spec) => Assert.Null(CatalogueRules.Validate(UnderstandingCorpus.ParseStep(spec)));

    [Theory]
    [InlineData("assign_role > me | group=Global Administrator", "not in the action catalogue")]
    [InlineData("grant_access > me | group=Global Administrator", "directory role")]
    [InlineData("grant_access > me | group=Helpdesk Administrators", "directory role")]
    [InlineData("grant_access > me", "needs a group or an app")]
    [InlineData("update_user_profile > me | accountEnabled:=true", "cannot set 'accountEnabled'")]
    [InlineData("password_reset > me | newPassword=x", "no parameter 'newPassword'")]
    [InlineData("list_group_members > me | group=IT Support", "takes no target")]
    [InlineData("mfa_reset", "needs a target")]
    [InlineData("password_reset | targets=a@acme.com;b@acme.com", "single target")]
    public void ReturnsReasonGivenInvalidStep(string spec, string reason) =>
        Assert.Contains(reason, CatalogueRules.Validate(UnderstandingCorpus.ParseStep(spec)), StringComparison.Ordinal);

    [Theory]
    [InlineData("Global Administrator", true)]
    [InlineData("global admins", true)]
    [InlineData("User Administrator", true)]
    [InlineData("admin rights", true)]
    [InlineData("Privileged Role Administrator", true)]
    [InlineData("Privileged Operators", false)]
    [InlineData("IT Security", false)]
    [InlineData("Finance-Admins", false)]
    public void ReturnsWhetherRoleGivenName(string name, bool role) => Assert.Equal(role, CatalogueRules.LooksLikeDirectoryRole(name));
}

public sealed class OpenAiTools_DefinitionsTests
{
    [Fact]
    public void ReturnsOneStrictObjectSchemaPerCatalogueActionGivenTheCatalogue()
    {
        Assert.Equal(DexActions.All.Order(StringComparer.Ordinal), OpenAiTools.Definitions.Select(d => d.Name).Order(StringComparer.Ordinal));
        foreach (var (name, description, schema) in OpenAiTools.Definitions)
        {
            var node = JsonNode.Parse(schema)!.AsObject();
            Assert.Equal("object", (string?)node["type"]);
            Assert.False((bool)node["additionalProperties"]!);
            Assert.False(string.IsNullOrWhiteSpace(description));
            var props = node["properties"]!.AsObject().Select(p => p.Key).ToHashSet();
            Assert.Equal(!CatalogueRules.Untargeted.Contains(name), props.Contains("target"));
            Assert.DoesNotContain("role", props);
            Assert.DoesNotContain("password", props);
        }
    }
}
