using Dex.Core.Directory;
using Dex.Core.Licensing;
using Dex.Core.Requests;
using Dex.Core.Workflows;
using Dex.GraphEmulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph.Models;
using static Dex.Tests.Actions.ActionWorld;

namespace Dex.Tests.Actions.Licences;

internal static class Licences
{
    public const string E5 = "06ebc4ee-1bb5-47dd-8120-11324bc54e06";
    public const string E3 = "05e9a617-0261-4cee-bb44-138d3ef5d965";
    public const string Visio = "c5928f49-12ba-48f7-ada3-0d743a3601d5";
    public const string PowerBi = "f8a1db68-be16-40ed-86d5-cb42ce701560";
    public const string Copilot = "639dec6b-bb19-468b-871c-c5c441c4b0cb";

    public static DirectoryService Directory(this ActionWorld world) => world.Services.GetRequiredService<DirectoryService>();

    public static async Task<LicensedUser> UserAsync(this ActionWorld world, string upn) => (await world.Directory().GetLicensedUserAsync(upn))!;

    public static async Task<TenantSku> SkuAsync(this ActionWorld world, string skuId) => (await world.Directory().ListSkusAsync()).Single(s => s.SkuId == skuId);

    public static Dictionary<string, string> Sku(string sku, params (string Key, string Value)[] more)
    {
        var p = new Dictionary<string, string> { ["sku"] = sku };
        foreach (var (k, v) in more)
        {
            p[k] = v;
        }

        return p;
    }

    /// <summary>A user without a usage location, created through Graph as an admin would.</summary>
    public static async Task<string> NewUserWithoutLocationAsync(this ActionWorld world, string nickname)
    {
        var created = await world.Directory().Graph.Users.PostAsync(new User
        {
            AccountEnabled = true,
            DisplayName = nickname,
            MailNickname = nickname,
            UserPrincipalName = $"{nickname}@acme.com",
            PasswordProfile = new PasswordProfile { Password = "Xy7!pQ2#vL9@mN4$", ForceChangePasswordNextSignIn = true },
        });
        return created!.UserPrincipalName!;
    }
}

public sealed class ListLicensesAction_PlanAndExecute(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task ReturnsFreeSeatsGivenFriendlyName()
    {
        var step = await world.PlanStepAsync("admin@acme.com", Step(DexActions.ListLicenses, parameters: Licences.Sku("E3")));

        var outcome = await world.ExecuteAsync("admin@acme.com", step);

        Assert.Equal(StepStatus.Succeeded, outcome.Status);
        Assert.Equal("Microsoft 365 E3 (SPE_E3): 25 total, 20 assigned, 5 free", outcome.Message);
    }

    [Fact]
    public async Task ListsEveryUserSkuAndPlansGivenNoNameAndPlans()
    {
        var step = await world.PlanStepAsync("admin@acme.com", Step(DexActions.ListLicenses, parameters: new Dictionary<string, string> { ["plans"] = "true" }));

        var outcome = await world.ExecuteAsync("admin@acme.com", step);

        Assert.Contains("Visio Plan 2 (VISIOCLIENT): 10 total, 3 assigned, 7 free", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("Power BI Pro (POWER_BI_PRO): 10 total, 10 assigned, 0 free", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("TEAMS1", outcome.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Project Plan 3", "This tenant has no Project Plan 3 subscription")]
    [InlineData("Dynamics Wizardry", "I don't know a licence called \"Dynamics Wizardry\"")]
    public async Task ReturnsProblemGivenLicenceTheTenantLacks(string name, string problem)
    {
        var plan = await world.PlanAsync("admin@acme.com", Step(DexActions.ListLicenses, parameters: Licences.Sku(name)));

        Assert.Contains(problem, plan.Problem, StringComparison.Ordinal);
        Assert.Contains("Microsoft 365 E5 (SPE_E5)", plan.Problem, StringComparison.Ordinal);
    }
}

public sealed class AssignLicenseAction_PlanAndExecute(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task AssignsOnceAndConvergesGivenRetry()
    {
        var step = await world.PlanStepAsync("admin@acme.com", Step(DexActions.AssignLicense, "ben@acme.com", Licences.Sku("Visio")));
        Assert.Equal("Assign Visio Plan 2 to Ben Carter (ben@acme.com)", step.Summary);

        var outcome = await world.ExecuteAsync("admin@acme.com", step);
        var seats = (await world.SkuAsync(Licences.Visio)).Consumed;
        var again = await world.ExecuteAsync("admin@acme.com", step);

        Assert.Equal(StepStatus.Succeeded, outcome.Status);
        Assert.StartsWith("Ben Carter (ben@acme.com) now has Visio Plan 2.", outcome.Message, StringComparison.Ordinal);
        Assert.NotNull((await world.UserAsync("ben@acme.com")).Find(Licences.Visio));
        Assert.Equal(StepStatus.Succeeded, again.Status);
        Assert.Contains("already had", again.Message, StringComparison.Ordinal);
        Assert.Equal(seats, (await world.SkuAsync(Licences.Visio)).Consumed);
    }

    [Fact]
    public async Task LeavesServicesOffGivenWithout()
    {
        var step = await world.PlanStepAsync("admin@acme.com", Step(DexActions.AssignLicense, "jsmith@acme.com", Licences.Sku("E3", ("disabledPlans", "Teams"))));
        Assert.Equal("Assign Microsoft 365 E3 without TEAMS1 to John Smith (jsmith@acme.com)", step.Summary);

        await world.ExecuteAsync("admin@acme.com", step);

        var held = (await world.UserAsync("jsmith@acme.com")).Find(Licences.E3)!;
        var teams = (await world.SkuAsync(Licences.E3)).Plans.Single(p => p.Name == "TEAMS1").Id;
        Assert.Equal([teams], held.DisabledPlans);
    }

    [Fact]
    public async Task AssignsEveryoneInBatchesGivenBulkTargets()
    {
        var step = await world.PlanStepAsync("admin@acme.com", Step(DexActions.AssignLicense, parameters: Licences.Sku("EMS"), targets: ["maria@acme.com", "alice@acme.com", "omar@acme.com"]));

        var outcome = await world.ExecuteAsync("admin@acme.com", step);

        Assert.Equal(StepStatus.Succeeded, outcome.Status);
        Assert.Equal(["assigned", "assigned", "assigned"], outcome.Items!.Select(i => i.Status));
        foreach (var upn in new[] { "maria@acme.com", "alice@acme.com", "omar@acme.com" })
        {
            Assert.NotNull((await world.UserAsync(upn)).Find("efccb6f7-5641-4e0e-bd10-b4976e1bf68e"));
        }
    }

    [Fact]
    public async Task SaysNotEnoughBeforeAnythingRunsGivenFullSku()
    {
        var plan = await world.PlanAsync("admin@acme.com", Step(DexActions.AssignLicense, "tom@acme.com", Licences.Sku("Power BI Pro")));

        Assert.Equal("Not enough Power BI Pro (POWER_BI_PRO) licences: 1 needed, 0 free (10 bought, 10 assigned). Buy more seats or reclaim unused ones first.", plan.Problem);
        Assert.Null((await world.UserAsync("tom@acme.com")).Find(Licences.PowerBi));
    }

    [Fact]
    public async Task AsksForUsageLocationGivenUserWithoutOneAndNoDefault()
    {
        var upn = await world.NewUserWithoutLocationAsync("nolocation");

        var plan = await world.PlanAsync("admin@acme.com", Step(DexActions.AssignLicense, upn, Licences.Sku("E3")));

        Assert.Contains("has no usage location", plan.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetsUsageLocationFirstGivenOneInTheRequest()
    {
        var upn = await world.NewUserWithoutLocationAsync("newstarter");
        var step = await world.PlanStepAsync("admin@acme.com", Step(DexActions.AssignLicense, upn, Licences.Sku("E3", ("usageLocation", "gb"))));

        var outcome = await world.ExecuteAsync("admin@acme.com", step);

        Assert.Equal(StepStatus.Succeeded, outcome.Status);
        var user = await world.UserAsync(upn);
        Assert.Equal("GB", user.UsageLocation);
        Assert.NotNull(user.Find(Licences.E3));
    }

    [Theory]
    [InlineData("john.smith@acme.com", "Exchange Online (Plan 1)", "cannot be combined")]
    [InlineData("sarah@acme.com", "Copilot", "is an add-on")]
    [InlineData("david@acme.com", "Copilot", "is not available in David Cohen's usage location (IL)")]
    public async Task ExplainsGraphRefusalGivenLicenceRules(string upn, string sku, string words)
    {
        var step = await world.PlanStepAsync("admin@acme.com", Step(DexActions.AssignLicense, upn, Licences.Sku(sku)));

        var outcome = await world.ExecuteAsync("admin@acme.com", step);

        Assert.Equal(StepStatus.Failed, outcome.Status);
        Assert.Contains(words, outcome.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Request_BadRequest", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatesSkusAndSeatsForPolicyGivenBulk()
    {
        var step = await world.PlanStepAsync("admin@acme.com", Step(DexActions.AssignLicense, parameters: Licences.Sku("E5"), targets: ["maria@acme.com", "ben@acme.com"]));

        var facts = world.Action(DexActions.AssignLicense).PolicyFacts(step, await world.RequesterAsync("admin@acme.com"));

        Assert.Equal(["SPE_E5"], facts.Skus);
        Assert.Equal(2, facts.Seats);
    }
}

public sealed class RemoveLicenseAction_PlanAndExecute(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task RemovesDirectLicenceAndConvergesGivenRetry()
    {
        var step = await world.PlanStepAsync("admin@acme.com", Step(DexActions.RemoveLicense, "sarah@acme.com", Licences.Sku("Visio")));
        var before = (await world.SkuAsync(Licences.Visio)).Consumed;

        var outcome = await world.ExecuteAsync("admin@acme.com", step);
        var again = await world.ExecuteAsync("admin@acme.com", step);

        Assert.Equal("Removed Visio Plan 2 from Sarah Miller (sarah@acme.com); one seat freed.", outcome.Message);
        Assert.Null((await world.UserAsync("sarah@acme.com")).Find(Licences.Visio));
        Assert.Equal(before - 1, (await world.SkuAsync(Licences.Visio)).Consumed);
        Assert.Equal(StepStatus.Succeeded, again.Status);
        Assert.Contains("nothing to remove", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NamesTheGroupAndOffersLeavingItGivenGroupLicence()
    {
        var plan = await world.PlanAsync("admin@acme.com", Step(DexActions.RemoveLicense, "maria@acme.com", Licences.Sku("Power BI")));

        Assert.Contains("comes from the group \"Finance-Admins\"", plan.Problem, StringComparison.Ordinal);
        Assert.Contains("remove maria@acme.com from Finance-Admins", plan.Problem, StringComparison.Ordinal);
        Assert.NotNull((await world.UserAsync("maria@acme.com")).Find(Licences.PowerBi));
    }

    [Fact]
    public async Task ExplainsDependentAddOnGivenBaseRemovedUnderIt()
    {
        // Tom holds E5 with the Copilot add-on on top of it.
        var assign = await world.PlanStepAsync("admin@acme.com", Step(DexActions.AssignLicense, "tom@acme.com", Licences.Sku("Copilot")));
        Assert.Equal(StepStatus.Succeeded, (await world.ExecuteAsync("admin@acme.com", assign)).Status);
        var step = await world.PlanStepAsync("admin@acme.com", Step(DexActions.RemoveLicense, "tom@acme.com", Licences.Sku("E5")));

        var outcome = await world.ExecuteAsync("admin@acme.com", step);

        Assert.Equal(StepStatus.Failed, outcome.Status);
        Assert.Contains("add-on", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("Remove the add-on first", outcome.Message, StringComparison.Ordinal);
        Assert.NotNull((await world.UserAsync("tom@acme.com")).Find(Licences.E5));
    }

    [Fact]
    public async Task ReturnsProblemGivenLicenceNotHeld()
    {
        var plan = await world.PlanAsync("admin@acme.com", Step(DexActions.RemoveLicense, "helpdesk@acme.com", Licences.Sku("E5")));

        Assert.EndsWith("(helpdesk@acme.com) does not have Microsoft 365 E5 (SPE_E5).", plan.Problem, StringComparison.Ordinal);
    }
}

public sealed class SwapLicenseAction_PlanAndExecute(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task SwapsInOneCallTouchingNothingElseGivenRetry()
    {
        // Ben holds E3; give him Visio first so there is another licence that must survive the swap.
        var visio = await world.PlanStepAsync("admin@acme.com", Step(DexActions.AssignLicense, "ben@acme.com", Licences.Sku("Visio")));
        await world.ExecuteAsync("admin@acme.com", visio);
        var step = await world.PlanStepAsync("admin@acme.com", Step(DexActions.SwapLicense, "ben@acme.com", new Dictionary<string, string> { ["from"] = "E3", ["to"] = "E5" }));
        var calls = world.Emulator.Stats.Count("POST /users/{id}/assignLicense");

        var outcome = await world.ExecuteAsync("admin@acme.com", step);
        var again = await world.ExecuteAsync("admin@acme.com", step);

        Assert.Equal(StepStatus.Succeeded, outcome.Status);
        Assert.Equal(calls + 1, world.Emulator.Stats.Count("POST /users/{id}/assignLicense"));
        var ben = await world.UserAsync("ben@acme.com");
        Assert.Null(ben.Find(Licences.E3));
        Assert.NotNull(ben.Find(Licences.E5));
        Assert.NotNull(ben.Find(Licences.Visio));
        Assert.Contains("already had", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReturnsProblemGivenFromNotHeld()
    {
        var plan = await world.PlanAsync("admin@acme.com", Step(DexActions.SwapLicense, "sarah@acme.com", new Dictionary<string, string> { ["from"] = "E3", ["to"] = "E5" }));

        Assert.Contains("does not have Microsoft 365 E3", plan.Problem, StringComparison.Ordinal);
    }
}

public sealed class ReclaimLicensesAction_PlanAndExecute(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task ListsThenRemovesOnceGivenDisabledAccountsInSales()
    {
        var step = await world.PlanStepAsync("admin@acme.com", Step(DexActions.ReclaimLicenses, parameters: new Dictionary<string, string> { ["reason"] = "disabled", ["department"] = "Sales" }));
        Assert.Equal(["kevin@acme.com", "priya@acme.com"], step.Targets.Select(t => t.UserPrincipalName).Order());
        Assert.StartsWith("Reclaim licences from 2 disabled accounts in Sales, freeing 2 Microsoft 365 E5", step.Summary, StringComparison.Ordinal);
        var before = (await world.SkuAsync(Licences.E5)).Consumed;

        var outcome = await world.ExecuteAsync("admin@acme.com", step);
        var again = await world.ExecuteAsync("admin@acme.com", step);

        Assert.StartsWith("Reclaimed 2 seat(s) from 2 account(s) (2 Microsoft 365 E5 (SPE_E5))", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(before - 2, (await world.SkuAsync(Licences.E5)).Consumed);
        Assert.Empty((await world.UserAsync("kevin@acme.com")).Licenses);
        Assert.StartsWith("Reclaimed 0 seat(s)", again.Message, StringComparison.Ordinal);
        Assert.Equal(["already_reclaimed", "already_reclaimed"], again.Items!.Select(i => i.Status));
    }

    [Fact]
    public async Task ReturnsProblemGivenNothingToReclaim()
    {
        var plan = await world.PlanAsync("admin@acme.com", Step(DexActions.ReclaimLicenses, parameters: new Dictionary<string, string> { ["department"] = "Marketing" }));

        Assert.StartsWith("There are no licences to reclaim: no disabled account in Marketing", plan.Problem, StringComparison.Ordinal);
    }
}

public sealed class ReclaimLicensesAction_Changes(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task SkipsAccountReenabledSincePlanGivenChange()
    {
        var step = await world.PlanStepAsync("admin@acme.com", Step(DexActions.ReclaimLicenses));
        Assert.Equal(["kevin@acme.com", "priya@acme.com"], step.Targets.Select(t => t.UserPrincipalName).Order());
        world.Tenant.SetAccountEnabled("kevin@acme.com", true);

        var outcome = await world.ExecuteAsync("admin@acme.com", step);

        Assert.Equal(StepStatus.Succeeded, outcome.Status);
        Assert.Equal("skipped", outcome.Items!.Single(i => i.Target == "kevin@acme.com").Status);
        Assert.NotNull((await world.UserAsync("kevin@acme.com")).Find(Licences.E5));
        Assert.Equal("reclaimed", outcome.Items!.Single(i => i.Target == "priya@acme.com").Status);
    }
}

public sealed class ReclaimLicensesAction_Inactive(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task SelectsBySignInGivenInactiveDays()
    {
        var step = await world.PlanStepAsync("admin@acme.com", Step(DexActions.ReclaimLicenses, parameters: new Dictionary<string, string> { ["reason"] = "inactive", ["days"] = "30", ["sku"] = "E5" }));

        var outcome = await world.ExecuteAsync("admin@acme.com", step);

        // Kevin (March) and Priya (May) have not signed in for 30 days; Tom (last week) has.
        Assert.Contains("kevin@acme.com", step.Targets.Select(t => t.UserPrincipalName));
        Assert.DoesNotContain("tom@acme.com", step.Targets.Select(t => t.UserPrincipalName));
        Assert.Contains("Microsoft 365 E5", outcome.Message, StringComparison.Ordinal);
        Assert.Null((await world.UserAsync("priya@acme.com")).Find(Licences.E5));
        Assert.NotNull((await world.UserAsync("tom@acme.com")).Find(Licences.E5));
    }
}

/// <summary>A tenant with two "E3"s and a policy that sets a default usage location.</summary>
public sealed class TwoE3World : ActionWorld
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dex-lic-" + Guid.NewGuid().ToString("N"));

    protected override GraphEmulatorOptions? EmulatorOptions
    {
        get
        {
            System.IO.Directory.CreateDirectory(_dir);
            var tenant = Path.Combine(_dir, "tenant.json");
            File.WriteAllText(tenant, """
                { "domain": "acme.com",
                  "users": [
                    { "userPrincipalName": "admin@acme.com", "displayName": "Admin", "usageLocation": "US" },
                    { "userPrincipalName": "noa@acme.com", "displayName": "Noa Levi" } ],
                  "directoryRoles": [{ "displayName": "Global Administrator", "members": ["admin@acme.com"] }],
                  "subscribedSkus": [
                    { "skuPartNumber": "SPE_E3", "enabled": 5, "consumed": 1 },
                    { "skuPartNumber": "ENTERPRISEPACK", "enabled": 5, "consumed": 2 } ] }
                """);
            return new GraphEmulatorOptions { TenantPath = tenant };
        }
    }

    protected override IReadOnlyDictionary<string, string?> Settings
    {
        get
        {
            var policy = Path.Combine(_dir, "policy.json");
            using var stream = typeof(Dex.Core.Policy.PolicyLoader).Assembly.GetManifestResourceStream("Dex.Core.Policy.default-policy.json")!;
            var json = new StreamReader(stream).ReadToEnd();
            File.WriteAllText(policy, json.Replace("\"defaultUsageLocation\": null", "\"defaultUsageLocation\": \"IL\"", StringComparison.Ordinal));
            return new Dictionary<string, string?> { ["Dex:Policy:Path"] = policy };
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        System.IO.Directory.Delete(_dir, recursive: true);
    }
}

public sealed class AssignLicenseAction_Clarification(TwoE3World world) : IClassFixture<TwoE3World>
{
    [Fact]
    public async Task AsksWhichOneThenAssignsWithPolicyLocationGivenAmbiguousName()
    {
        var plan = await world.PlanAsync("admin@acme.com", Step(DexActions.AssignLicense, "noa@acme.com", Licences.Sku("E3")));
        Assert.NotNull(plan.Clarification);
        Assert.Equal(["ENTERPRISEPACK", "SPE_E3"], plan.Clarification.Options.Select(o => o.UserPrincipalName).Order());
        var office = plan.Clarification.Options.Single(o => o.UserPrincipalName == "ENTERPRISEPACK");

        var answered = await world.Services.GetRequiredService<RequestPlanner>().PlanAsync(
            await world.RequesterAsync("admin@acme.com"),
            new Dex.Core.Understanding.UnderstandingResult([Step(DexActions.AssignLicense, "noa@acme.com", Licences.Sku("E3"))], "test"),
            new Dictionary<string, string> { [plan.Clarification.RawTarget] = office.Id });
        var step = Assert.Single(answered.Steps);
        var outcome = await world.ExecuteAsync("admin@acme.com", step);

        Assert.Equal("ENTERPRISEPACK", step.Parameters["sku"]);
        Assert.Equal("IL", step.Parameters["usageLocation"]);
        Assert.Equal(StepStatus.Succeeded, outcome.Status);
        var noa = await world.UserAsync("noa@acme.com");
        Assert.Equal("IL", noa.UsageLocation);
        Assert.NotNull(noa.Find("6fd2c87f-b296-42f0-b197-1e91e994b900"));
    }
}

/// <summary>An emulator whose licensing sees a new usage location only after two refusals, as Graph while it replicates.</summary>
public sealed class LaggingLocationWorld : ActionWorld
{
    protected override GraphEmulatorOptions? EmulatorOptions => new() { UsageLocationLag = 2 };
}

public sealed class AssignLicenseAction_Replication(LaggingLocationWorld world) : IClassFixture<LaggingLocationWorld>
{
    [Fact]
    public async Task RetriesWithBackoffGivenUsageLocationNotYetReplicated()
    {
        var upn = await world.NewUserWithoutLocationAsync("laggy");
        var step = await world.PlanStepAsync("admin@acme.com", Step(DexActions.AssignLicense, upn, Licences.Sku("E3", ("usageLocation", "US"))));
        var calls = world.Emulator.Stats.Count("POST /users/{id}/assignLicense");

        var outcome = await world.ExecuteAsync("admin@acme.com", step);

        Assert.Equal(StepStatus.Succeeded, outcome.Status);
        Assert.Equal(calls + 3, world.Emulator.Stats.Count("POST /users/{id}/assignLicense"));
        Assert.NotNull((await world.UserAsync(upn)).Find(Licences.E3));
    }
}

public sealed class ViewProfileAction_Licences(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task ListsLicencesByProductNameGivenLicensedUser()
    {
        var step = await world.PlanStepAsync("admin@acme.com", Step(DexActions.ViewProfile, "admin@acme.com"));

        var outcome = await world.ExecuteAsync("admin@acme.com", step);

        Assert.Contains("licences: Microsoft 365 E5, Enterprise Mobility + Security E3", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaysNoneGivenUnlicensedUser()
    {
        var step = await world.PlanStepAsync("admin@acme.com", Step(DexActions.ViewProfile, "helpdesk@acme.com"));

        var outcome = await world.ExecuteAsync("admin@acme.com", step);

        Assert.EndsWith("licences: none", outcome.Message, StringComparison.Ordinal);
    }
}

public sealed class DiscoveryService_Licences(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task ReportsUtilisationAndReclaimableSeatsPerSku()
    {
        var snapshot = await world.Services.GetRequiredService<Dex.Core.Discovery.DiscoveryService>().RunAsync("test");

        var e5 = snapshot.Licenses.Single(l => l.SkuPartNumber == "SPE_E5");
        Assert.Equal("Microsoft 365 E5", e5.Name);
        Assert.Equal(20, e5.Free);
        Assert.Equal(80, e5.Utilisation);
        Assert.Equal(2, e5.Reclaimable); // kevin and priya are disabled and hold E5
        Assert.Contains("Microsoft 365 E5: 80/100 used, 20 free, 2 reclaimable", snapshot.Summary, StringComparison.Ordinal);
    }
}
