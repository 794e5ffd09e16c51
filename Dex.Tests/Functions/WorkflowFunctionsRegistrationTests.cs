using System.Reflection;
using Dex.Core.Workflows;
using Dex.Functions;
using Microsoft.Azure.Functions.Worker;

namespace Dex.Tests.Functions;

/// <summary>The Functions host's [Function] wrappers and the durable worker's registration come from one list and cannot drift.</summary>
public sealed class WorkflowFunctions_Registration
{
    private static readonly MethodInfo[] Wrappers = typeof(WorkflowFunctions).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
        .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
        .ToArray();

    [Fact]
    public void WrapsExactlyTheListedActivitiesGivenDexTasks()
    {
        var wrapped = Wrappers
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(DexTasks.Activities.Select(a => a.Name).Order(StringComparer.Ordinal), wrapped);
    }

    [Fact]
    public void MatchesInputAndOutputTypesGivenEachListedActivity()
    {
        foreach (var activity in DexTasks.Activities)
        {
            var wrapper = Assert.Single(Wrappers, m => m.GetCustomAttribute<FunctionAttribute>()!.Name == activity.Name);
            // The trigger carries the input; a grant clock's wrapper also takes the durable client binding.
            Assert.Equal(activity.Input, Assert.Single(wrapper.GetParameters(), p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null).ParameterType);
            Assert.All(wrapper.GetParameters().Where(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is null), p => Assert.Equal(typeof(Microsoft.DurableTask.Client.DurableTaskClient), p.ParameterType));
            Assert.Equal(typeof(Task<>).MakeGenericType(activity.Output), wrapper.ReturnType);
        }
    }

    [Fact]
    public void WrapsTheOrchestratorGivenDexTasks()
        => Assert.Single(Wrappers, m => m.GetCustomAttribute<FunctionAttribute>()!.Name == DexTasks.Orchestrator
            && m.GetParameters().Any(p => p.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null));
}
