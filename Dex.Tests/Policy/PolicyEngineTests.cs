using Dex.Core.Policy;
using Dex.Core.Requests;

namespace Dex.Tests.Policy;

/// <summary>The default policy, action by action, for each kind of requester.</summary>
public sealed class PolicyEngine_Evaluate_DefaultPolicy
{
    private static readonly PolicyDocument Default = PolicyLoader.LoadDefault();

    private static RequesterContext Requester(string kind) => kind switch
    {
        "employee" => new("u-emp", "sarah@acme.com", "Sarah", [], ["Finance-M365"]),
        "helpdesk" => new("u-hd", "helpdesk@acme.com", "Hal", ["Helpdesk Administrator"], ["IT Support"]),
        "useradmin" => new("u-ua", "uma@acme.com", "Uma", ["User Administrator"], ["IT Support"]),
        "global" => new("u-ga", "admin@acme.com", "Ada", ["Global Administrator"], ["IT Security"]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private const string A = "allow";
    private const string R = "approval_required";
    private const string D = "deny";

    /// <summary>action, has a user target, employee-self, employee-other, helpdesk-other, useradmin-other, global-other.</summary>
    public static TheoryData<string, bool, string, string, string, string, string> Table => new()
    {
        { DexActions.CreateUser, false, "-", D, D, R, A },
        { DexActions.SearchUsers, false, "-", D, A, A, A },
        { DexActions.ListLockedUsers, false, "-", D, A, A, A },
        { DexActions.UnlockUser, true, D, D, A, A, A },
        { DexActions.UpdateUser, true, D, D, D, A, A },
        { DexActions.UpdateUserProfile, true, A, D, A, A, A },
        { DexActions.UpdatePhoto, true, A, D, A, A, A },
        { DexActions.PasswordReset, true, A, D, R, R, A },
        { DexActions.MfaReset, true, R, D, R, R, A },
        { DexActions.UnblockSignIn, true, R, D, R, R, A },
        { DexActions.GrantAccess, true, R, D, D, A, A },
        { DexActions.RevokeAccess, true, A, D, D, A, A },
        { DexActions.CheckMembership, true, A, D, A, A, A },
        { DexActions.ListGroupMembers, false, "-", A, A, A, A },
        { DexActions.ListUserGroups, true, A, D, A, A, A },
        { DexActions.ViewProfile, true, A, D, A, A, A },
        { DexActions.Discover, false, "-", D, D, D, A },
        { DexActions.ListLicenses, false, "-", D, A, A, A },
        { DexActions.AssignLicense, true, R, D, D, A, A },
        { DexActions.RemoveLicense, true, D, D, D, A, A },
        { DexActions.SwapLicense, true, D, D, D, A, A },
        { DexActions.ReclaimLicenses, true, "-", D, D, R, A },
        { DexActions.OffboardUser, true, D, D, D, R, R },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void ReturnsExpectedOutcomeGivenActionAndRequesterKind(string action, bool hasTarget, string employeeSelf, string employeeOther, string helpdesk, string userAdmin, string global)
    {
        if (employeeSelf != "-")
        {
            Assert.Equal(employeeSelf, PolicyEngine.Evaluate(Default, Requester("employee"), new StepFacts(action, true, IsSelf: true)).Outcome.WireName());
        }

        var other = new StepFacts(action, hasTarget, IsSelf: false);
        Assert.Equal(employeeOther, PolicyEngine.Evaluate(Default, Requester("employee"), other).Outcome.WireName());
        Assert.Equal(helpdesk, PolicyEngine.Evaluate(Default, Requester("helpdesk"), other).Outcome.WireName());
        Assert.Equal(userAdmin, PolicyEngine.Evaluate(Default, Requester("useradmin"), other).Outcome.WireName());
        Assert.Equal(global, PolicyEngine.Evaluate(Default, Requester("global"), other).Outcome.WireName());
    }

    [Fact]
    public void CoversEveryCatalogueActionGivenDefaultPolicy()
        => Assert.Equal(DexActions.All.Order(), Default.Actions.Keys.Order());
}

/// <summary>Guardrails hold whatever the policy says.</summary>
public sealed class PolicyEngine_Evaluate_Guardrails
{
    private static readonly RequesterContext Global = new("u-ga", "admin@acme.com", "Ada", ["Global Administrator"], []);
    private static readonly RequesterContext Helpdesk = new("u-hd", "helpdesk@acme.com", "Hal", ["Helpdesk Administrator"], []);

    private const string AllowEverything = """
        { "version": 1, "actions": {
          "mfa_reset": { "selfService": true, "onBehalf": { "roles": ["Helpdesk Administrator", "Global Administrator"] } },
          "password_reset": { "selfService": true, "onBehalf": { "roles": ["Helpdesk Administrator", "Global Administrator"] } },
          "update_user_profile": { "selfService": true } } }
        """;

    private static readonly PolicyDocument Permissive = PolicyLoader.Parse(AllowEverything, "test");

    [Fact]
    public void DeniesMfaResetGivenPrivilegedTargetEvenForGlobalAdmin()
    {
        var verdict = PolicyEngine.Evaluate(Permissive, Global, new StepFacts(DexActions.MfaReset, true, false, TargetPrivileged: true));

        Assert.Equal(PolicyOutcome.Deny, verdict.Outcome);
        Assert.Contains("privileged", verdict.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void DeniesPasswordResetOfPrivilegedTargetGivenHelpdeskRequester()
        => Assert.Equal(PolicyOutcome.Deny, PolicyEngine.Evaluate(Permissive, Helpdesk, new StepFacts(DexActions.PasswordReset, true, false, TargetPrivileged: true)).Outcome);

    [Fact]
    public void AllowsPasswordResetOfPrivilegedTargetGivenGlobalAdmin()
        => Assert.Equal(PolicyOutcome.Allow, PolicyEngine.Evaluate(Permissive, Global, new StepFacts(DexActions.PasswordReset, true, false, TargetPrivileged: true)).Outcome);

    [Fact]
    public void DeniesSelfServiceOnSomeoneElseGivenEmployee()
    {
        var employee = new RequesterContext("u1", "sarah@acme.com", "Sarah", [], []);

        var verdict = PolicyEngine.Evaluate(Permissive, employee, new StepFacts(DexActions.UpdateUserProfile, true, IsSelf: false));

        Assert.Equal(PolicyOutcome.Deny, verdict.Outcome);
        Assert.Contains("only do this for themselves", verdict.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void DeniesActionGivenActionMissingFromPolicy()
        => Assert.Equal(PolicyOutcome.Deny, PolicyEngine.Evaluate(Permissive, Global, new StepFacts(DexActions.GrantAccess, true, false)).Outcome);

    [Fact]
    public void DeniesActionGivenNameOutsideCatalogue()
        => Assert.Equal(PolicyOutcome.Deny, PolicyEngine.Evaluate(Permissive, Global, new StepFacts("assign_directory_role", true, false)).Outcome);

    [Fact]
    public void IgnoresRoleClaimsGivenRequesterContextFromDirectoryOnly()
    {
        // Roles come from the directory; an employee context has none, whatever the message said.
        var employee = new RequesterContext("u1", "sarah@acme.com", "Sarah", [], []);

        Assert.Equal(PolicyOutcome.Deny, PolicyEngine.Evaluate(PolicyLoader.LoadDefault(), employee, new StepFacts(DexActions.MfaReset, true, false)).Outcome);
    }
}

/// <summary>A bad policy file is a clear start-up error naming the place.</summary>
public sealed class PolicyLoader_Parse
{
    [Theory]
    [InlineData("""{ "version": 1, "actions": { "make_admin": {} } }""", "$.actions.make_admin")]
    [InlineData("""{ "version": 1, "actions": { "mfa_reset": { "approval": { "when": ["sometimes"] } } } }""", "unknown condition 'sometimes'")]
    [InlineData("""{ "version": 1, "actions": { "mfa_reset": { "approval": { "when": ["always"] } } } }""", "$.actions.mfa_reset.approval.stages is empty")]
    [InlineData("""{ "version": 1, "actions": { "mfa_reset": { "approval": { "when": ["always"], "stages": [{ "approvers": { "groups": ["X"] }, "quorum": 0 }] } } } }""", "stages[0].quorum")]
    [InlineData("""{ "version": 1, "actions": { "mfa_reset": { "approval": { "when": ["always"], "stages": [{ "approvers": {} }] } } } }""", "names nobody")]
    [InlineData("""{ "version": 2 }""", "$.version must be 1")]
    [InlineData("""{ "version": 1, "actions": { "mfa_reset": { "enabeld": true } } }""", "$.actions.mfa_reset.enabeld")]
    [InlineData("""{ "version": 1, "actions": { "mfa_reset": { "approval": { "expiry": "soon" } } } }""", "$.actions.mfa_reset.approval.expiry")]
    public void ThrowsNamingThePlaceGivenBadPolicy(string json, string expected)
    {
        var e = Assert.Throws<PolicyException>(() => PolicyLoader.Parse(json, "strict.json"));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("strict.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowsGivenMissingFile()
        => Assert.Contains("does not exist", Assert.Throws<PolicyException>(() => PolicyLoader.Load("/nonexistent/policy.json")).Message, StringComparison.Ordinal);
}
