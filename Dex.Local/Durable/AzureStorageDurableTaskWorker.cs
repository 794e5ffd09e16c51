using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Options;

namespace Dex.Local.Durable;

/// <summary>
/// Runs the orchestrators and activities registered on a <see cref="DurableTaskRegistry"/> (written against
/// Microsoft.DurableTask's TaskOrchestrationContext) on a DurableTask.Core <see cref="TaskHubWorker"/> over the Azure Storage
/// provider. <see cref="DurableTaskShimFactory"/> turns each one into the Core type on demand, so the workflow code is the
/// same as on the in-memory engine and in Dex.Functions; concurrency is the provider's own work-item dispatching.
/// </summary>
public sealed class AzureStorageDurableTaskWorker(
    string? workerName,
    IDurableTaskFactory taskFactory,
    AzureStorageEngine engine,
    IServiceProvider services,
    IOptionsMonitor<DurableTaskWorkerOptions> workerOptions,
    ILoggerFactory loggerFactory) : DurableTaskWorker(workerName, taskFactory)
{
    private TaskHubWorker? _worker;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var shims = new DurableTaskShimFactory(workerOptions.Get(Name ?? Options.DefaultName), loggerFactory);
        var orchestrations = new OnDemand<TaskOrchestration>(n =>
            Factory.TryCreateOrchestrator(new TaskName(n), services, out var o) && o is not null ? shims.CreateOrchestration(new TaskName(n), o, parent: null) : null);
        var activities = new OnDemand<TaskActivity>(n =>
            Factory.TryCreateActivity(new TaskName(n), services, out var a) && a is not null ? shims.CreateActivity(new TaskName(n), a) : null);

        await engine.EnsureCreatedAsync(cancellationToken);
        _worker = new TaskHubWorker(engine.Service, orchestrations, activities, loggerFactory);
        await _worker.StartAsync();
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_worker is not null)
        {
            // Not forced: work in progress finishes and is checkpointed; whatever does not is redelivered on the next start.
            try
            {
                await _worker.StopAsync(isForced: false).WaitAsync(TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                // Whatever did not finish stays in the queues and runs again on the next start.
            }

            _worker.Dispose();
            _worker = null;
        }

        await base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;

    /// <summary>Creates each orchestration/activity object when the dispatcher asks for it by name.</summary>
    private sealed class OnDemand<T>(Func<string, T?> create) : INameVersionObjectManager<T>
        where T : class
    {
        public void Add(ObjectCreator<T> creator) => throw new NotSupportedException("Tasks are registered on the DurableTaskRegistry.");

        public T? GetObject(string name, string? version) => create(name);
    }
}
