using Dex.Core;
using Dex.Core.Actions;
using Dex.Core.Notifications;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using Dex.Core.Workflows;
using Dex.GraphEmulator;
using Dex.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Actions;

/// <summary>
/// One action at a time, against the Graph emulator through the Graph SDK: plans an intended step as
/// the planner does, then executes it with the action itself. A fresh tenant per test class.
/// </summary>
public class ActionWorld : IAsyncLifetime
{
    /// <summary>Options of the emulator (null: the built-in sample tenant, defaults).</summary>
    protected virtual GraphEmulatorOptions? EmulatorOptions => null;

    /// <summary>More configuration (e.g. <c>Dex:Policy:Path</c>).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public GraphEmulatorServer Emulator { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;
    public EmulatedTenant Tenant => Emulator.Tenant;
    public InMemoryOutbox Outbox => Services.GetRequiredService<InMemoryOutbox>();

    public async Task InitializeAsync()
    {
        Emulator = await GraphEmulatorServer.StartAsync(EmulatorOptions);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dex:Graph:EmulatorUrl"] = Emulator.RootUrl,
            ["Dex:Approvals:SigningKey"] = DexWorld.SigningKey,
            ["Dex:PublicBaseUrl"] = "http://dex.test",
        }).AddInMemoryCollection(Settings).Build();
        Services = new ServiceCollection().AddSingleton<IConfiguration>(config).AddLogging().AddDexCore().BuildServiceProvider();
    }

    public virtual async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Emulator.DisposeAsync();
    }

    public IDexAction Action(string name) => Services.GetRequiredService<ActionCatalogue>().Get(name);

    public Task<RequesterContext> RequesterAsync(string upn) => Services.GetRequiredService<RequesterResolver>().RequireAsync(upn);

    /// <summary>Plans one intended step for the requester; the plan's problem or question is returned as is.</summary>
    public async Task<Plan> PlanAsync(string requester, IntendedStep intent, IReadOnlyList<string>? attachmentIds = null)
        => await Services.GetRequiredService<RequestPlanner>().PlanAsync(
            await RequesterAsync(requester), new UnderstandingResult([intent], "test"), null, attachmentIds);

    /// <summary>Plans one step and expects it to plan cleanly.</summary>
    public async Task<PlannedStep> PlanStepAsync(string requester, IntendedStep intent, IReadOnlyList<string>? attachmentIds = null)
    {
        var plan = await PlanAsync(requester, intent, attachmentIds);
        Assert.Null(plan.Problem);
        Assert.Null(plan.Clarification);
        return Assert.Single(plan.Steps);
    }

    /// <summary>Executes a planned step with its own action, as the ExecuteStep activity does.</summary>
    public async Task<StepOutcome> ExecuteAsync(string requester, PlannedStep step, string requestId = "req-test")
        => await Action(step.Action).ExecuteAsync(
            new StepExecution(Services.GetRequiredService<ExecutionServices>(), requestId, await RequesterAsync(requester)), step, CancellationToken.None);

    public static IntendedStep Step(string action, string? target = null, IReadOnlyDictionary<string, string>? parameters = null, IReadOnlyDictionary<string, string>? fields = null, IReadOnlyList<string>? targets = null)
        => new()
        {
            Action = action,
            Target = target,
            Targets = targets ?? [],
            Parameters = parameters ?? new Dictionary<string, string>(),
            Fields = fields ?? new Dictionary<string, string>(),
        };
}
