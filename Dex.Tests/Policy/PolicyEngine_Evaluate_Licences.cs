using Dex.Core.Policy;
using Dex.Core.Requests;

namespace Dex.Tests.Policy;

/// <summary>The licence rules of the default policy: SKUs that always need approval, the seat limit per request.</summary>
public sealed class PolicyEngine_Evaluate_Licences
{
    private static readonly PolicyDocument Default = PolicyLoader.LoadDefault();
    private static readonly RequesterContext UserAdmin = new("u-ua", "uma@acme.com", "Uma", ["User Administrator"], []);
    private static readonly RequesterContext LicenseAdmin = new("u-la", "lena@acme.com", "Lena", ["License Administrator"], []);
    private static readonly RequesterContext Global = new("u-ga", "admin@acme.com", "Ada", ["Global Administrator"], []);

    [Theory]
    [InlineData("SPE_E5")]
    [InlineData("Microsoft_365_Copilot")]
    public void RequiresApprovalGivenSkuPolicyNames(string sku)
    {
        var verdict = PolicyEngine.Evaluate(Default, LicenseAdmin, new StepFacts(DexActions.AssignLicense, true, false) { Skus = [sku], Seats = 1 });

        Assert.Equal(PolicyOutcome.ApprovalRequired, verdict.Outcome);
        Assert.Contains("this licence always needs approval", verdict.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void AllowsGivenOtherSkuForLicenseAdministrator()
        => Assert.Equal(PolicyOutcome.Allow, PolicyEngine.Evaluate(Default, LicenseAdmin, new StepFacts(DexActions.AssignLicense, true, false) { Skus = ["VISIOCLIENT"], Seats = 3 }).Outcome);

    [Fact]
    public void AllowsE5GivenGlobalAdministratorExempt()
        => Assert.Equal(PolicyOutcome.Allow, PolicyEngine.Evaluate(Default, Global, new StepFacts(DexActions.AssignLicense, true, false) { Skus = ["SPE_E5"], Seats = 1 }).Outcome);

    [Fact]
    public void DeniesGivenMoreSeatsThanThePerRequestLimitEvenForGlobalAdministrator()
    {
        var verdict = PolicyEngine.Evaluate(Default, Global, new StepFacts(DexActions.AssignLicense, true, false) { Skus = ["VISIOCLIENT"], Seats = 51 });

        Assert.Equal(PolicyOutcome.Deny, verdict.Outcome);
        Assert.Contains("at most 50 per request", verdict.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void RequiresApprovalForSwapToE5GivenUserAdministrator()
        => Assert.Equal(PolicyOutcome.ApprovalRequired, PolicyEngine.Evaluate(Default, UserAdmin, new StepFacts(DexActions.SwapLicense, true, false) { Skus = ["SPE_E5"], Seats = 1 }).Outcome);

    [Theory]
    [InlineData("""{ "version": 1, "licenses": { "maxSeatsPerRequest": 0 } }""", "maxSeatsPerRequest must be at least 1")]
    [InlineData("""{ "version": 1, "licenses": { "defaultUsageLocation": "USA" } }""", "defaultUsageLocation must be a two-letter country code")]
    [InlineData("""{ "version": 1, "actions": { "assign_license": { "approval": { "when": ["approvalSkus"], "stages": [{ "approvers": { "roles": ["Global Administrator"] } }] } } } }""", "unknown condition 'approvalSkus'")]
    public void RefusesPolicyGivenBadLicenceRules(string json, string message)
        => Assert.Contains(message, Assert.Throws<PolicyException>(() => PolicyLoader.Parse(json, "test")).Message, StringComparison.Ordinal);

    [Fact]
    public void LoadsShippedPoliciesGivenLicenceEntries()
    {
        foreach (var name in new[] { "default.json", "strict.json" })
        {
            var doc = PolicyLoader.Load(Path.Combine(RepoRoot(), "docs", "policies", name));
            Assert.True(doc.Actions.ContainsKey(DexActions.ReclaimLicenses));
            Assert.Contains("SPE_E5", doc.Licenses.ApprovalSkus);
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dex.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Dex.sln not found above the test output.");
    }
}
