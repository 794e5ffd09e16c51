using System.Text.Json;
using Dex.Tests.Support;

namespace Dex.Tests.Functions;

/// <summary>The contract of the Functions app as the Functions host will read it: the generated functions.metadata.</summary>
public sealed class FunctionsMetadata_Triggers
{
    private static readonly Lazy<JsonElement[]> Functions = new(() =>
    {
        var path = Path.Combine(RepoPaths.Root, "Dex.Functions", "bin", RepoPaths.Configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"functions.metadata not generated at {path}; build Dex.sln first.");
        return JsonSerializer.Deserialize<JsonElement[]>(File.ReadAllText(path))!;
    });

    private static JsonElement Trigger(string function)
    {
        var f = Functions.Value.SingleOrDefault(x => x.GetProperty("name").GetString() == function);
        Assert.True(f.ValueKind == JsonValueKind.Object, $"function {function} is missing from functions.metadata");
        return f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Messages", "messages", "post", "Anonymous")]
    [InlineData("GetRequest", "requests/{id}", "get", "Function")]
    [InlineData("GetApproval", "approvals/{token}", "get", "Anonymous")]
    [InlineData("PostApproval", "approvals/{token}", "post", "Anonymous")]
    [InlineData("Plan", "plan", "post", "Function")]
    [InlineData("QueryAudit", "audit", "get", "Function")]
    [InlineData("VerifyAudit", "audit/verify", "get", "Function")]
    [InlineData("Health", "health", "get", "Anonymous")]
    [InlineData("ExportAudit", "audit/export", "get", "Function")]
    [InlineData("GetSecret", "secrets/{token}", "get", "Anonymous")]
    [InlineData("RevealSecret", "secrets/{token}", "post", "Anonymous")]
    [InlineData("RunDiscovery", "discovery/run", "post", "Function")]
    [InlineData("LatestDiscovery", "discovery/latest", "get", "Function")]
    [InlineData("ValidateSetup", "setup/validate", "post", "Function")]
    [InlineData("ReplayPolicy", "policy/replay", "post", "Function")]
    public void DeclaresHttpRouteGivenApiFunction(string function, string route, string method, string authLevel)
    {
        var t = Trigger(function);

        Assert.Equal("httpTrigger", t.GetProperty("type").GetString());
        Assert.Equal(route, t.GetProperty("route").GetString());
        Assert.Equal([method], t.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(authLevel, t.GetProperty("authLevel").GetString());
    }

    [Fact]
    public void DeclaresQueueTriggerGivenRequestsQueue()
    {
        var t = Trigger("DexRequestsQueue");

        Assert.Equal("queueTrigger", t.GetProperty("type").GetString());
        Assert.Equal("dex-requests", t.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", t.GetProperty("connection").GetString());
    }

    [Fact]
    public void DeclaresTimerOnScheduleSettingGivenDiscovery()
    {
        var t = Trigger("Discovery");

        Assert.Equal("timerTrigger", t.GetProperty("type").GetString());
        Assert.Equal("%Dex:Discovery:Schedule%", t.GetProperty("schedule").GetString());
    }

    [Theory]
    [InlineData("RequestWorkflow", "orchestrationTrigger")]
    [InlineData("Understand", "activityTrigger")]
    [InlineData("Investigate", "activityTrigger")]
    [InlineData("EvaluatePolicy", "activityTrigger")]
    [InlineData("RequestApprovals", "activityTrigger")]
    [InlineData("CheckApproverEligible", "activityTrigger")]
    [InlineData("VerifyApprovalEvent", "activityTrigger")]
    [InlineData("ExecuteStep", "activityTrigger")]
    [InlineData("Notify", "activityTrigger")]
    [InlineData("RecordAudit", "activityTrigger")]
    public void DeclaresDurableTriggerGivenWorkflowFunction(string function, string type)
        => Assert.Equal(type, Trigger(function).GetProperty("type").GetString());

    [Fact]
    public void RegistersEveryActivityOfTheWorkflowGivenCoreActivities()
    {
        var activities = typeof(Core.Workflows.RequestActivities).GetMethods()
            .Where(m => m.DeclaringType == typeof(Core.Workflows.RequestActivities))
            .Select(m => m.Name)
            .Append(Core.Approvals.ApprovalEventVerifier.ActivityName)
            .Concat(typeof(Core.Workflows.GrantActivities).GetMethods()
                .Where(m => m.DeclaringType == typeof(Core.Workflows.GrantActivities) && !m.IsStatic)
                .Select(m => m.Name))
            .Concat(typeof(Core.Workflows.QuestionActivities).GetMethods()
                .Where(m => m.DeclaringType == typeof(Core.Workflows.QuestionActivities))
                .Select(m => m.Name))
            .Concat(typeof(Core.Workflows.OffboardingActivities).GetMethods()
                .Where(m => m.DeclaringType == typeof(Core.Workflows.OffboardingActivities) && !m.IsStatic)
                .Select(m => m.Name))
            .ToHashSet();
        var declared = Functions.Value
            .Where(f => f.GetProperty("bindings").EnumerateArray().Any(b => b.GetProperty("type").GetString() == "activityTrigger"))
            .Select(f => f.GetProperty("name").GetString()!)
            .ToHashSet();

        Assert.Equal(activities.Order(), declared.Order());
    }
}
