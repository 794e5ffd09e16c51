using Dex.Core.Understanding;
using Dex.Tests.Understanding;

namespace Dex.Tests.Actions.Licences;

/// <summary>The licence requests through the whole rule parser (guards, recogniser order), in the corpus notation.</summary>
public sealed class LicenceRecognisers_RecogniseTests
{
    [Theory]
    [InlineData("assign E5 to noa.levi@acme.com", "assign_license > noa.levi@acme.com | sku=E5")]
    [InlineData("Assign an E5 license to tom@acme.com", "assign_license > tom@acme.com | sku=E5")]
    [InlineData("give tom E5 without Teams", "assign_license > tom | disabledPlans=Teams | sku=E5")]
    [InlineData("give tom@acme.com a Power BI Pro licence", "assign_license > tom@acme.com | sku=Power BI Pro")]
    [InlineData("assign Visio to noa@acme.com in GB", "assign_license > noa@acme.com | sku=Visio | usageLocation=GB")]
    [InlineData("I need a Visio licence", "assign_license > me | sku=Visio")]
    [InlineData("assign E3 to ben@acme.com, maria@acme.com and eve@acme.com", "assign_license | targets=ben@acme.com;maria@acme.com;eve@acme.com | sku=E3")]
    [InlineData("how many E3 licences are free?", "list_licenses | sku=E3")]
    [InlineData("show our licenses", "list_licenses")]
    [InlineData("which service plans are in E5 licences?", "list_licenses | plans=true | sku=E5")]
    [InlineData("remove Visio from sarah", "remove_license > sarah | sku=Visio")]
    [InlineData("take the Power BI Pro licence away from maria@acme.com", "remove_license > maria@acme.com | sku=Power BI Pro")]
    [InlineData("move ben@acme.com from E3 to E5", "swap_license > ben@acme.com | from=E3 | to=E5")]
    [InlineData("swap ben's E3 for E5", "swap_license > ben | from=E3 | to=E5")]
    [InlineData("reclaim licences from disabled accounts in Sales", "reclaim_licenses | department=Sales | reason=disabled")]
    [InlineData("free up E5 seats from people who haven't signed in for 60 days", "reclaim_licenses | days=60 | reason=inactive | sku=E5")]
    public void ProposesLicenceStepGivenRequest(string text, string expected)
    {
        var result = RuleBasedUnderstanding.Analyze(text);

        Assert.Equal(expected, UnderstandingCorpus.Format(result.Steps));
    }

    [Theory]
    [InlineData("remove sarah@acme.com from Finance-Admins", "revoke_access")]
    [InlineData("give sarah@acme.com access to Salesforce", "grant_access")]
    [InlineData("move tom@acme.com to Sales Team", "grant_access")]
    [InlineData("show me every locked account in Sales", "list_locked_users")]
    public void LeavesOtherActionsAloneGivenNoLicenceNamed(string text, string action)
    {
        var result = RuleBasedUnderstanding.Analyze(text);

        Assert.Equal(action, Assert.Single(result.Steps).Action);
    }
}
