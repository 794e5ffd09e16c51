using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NCrontab;

namespace Dex.Core.Discovery;

/// <summary>
/// Runs discovery on <c>Dex:Discovery:Schedule</c> (NCRONTAB with seconds, the Functions timer format;
/// default <c>0 0 2 * * *</c>) in hosts without a timer trigger (Dex.Local).
/// </summary>
public sealed class DiscoveryScheduler(DiscoveryService discovery, IConfiguration configuration, TimeProvider time, ILogger<DiscoveryScheduler> logger, IServiceProvider? services = null) : BackgroundService
{
    public const string DefaultSchedule = "0 0 2 * * *";

    public static CrontabSchedule Parse(string? expression)
    {
        var text = string.IsNullOrWhiteSpace(expression) ? DefaultSchedule : expression.Trim();
        try
        {
            return CrontabSchedule.Parse(text, new CrontabSchedule.ParseOptions { IncludingSeconds = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 });
        }
        catch (CrontabException e)
        {
            throw new InvalidOperationException($"Dex:Discovery:Schedule '{text}' is not a valid NCRONTAB expression (e.g. \"0 0 2 * * *\"): {e.Message}", e);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = Parse(configuration["Dex:Discovery:Schedule"]);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var next = schedule.GetNextOccurrence(now);
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var snapshot = await discovery.RunAsync("schedule", stoppingToken);
                logger.LogInformation("Scheduled discovery done: {Summary}", snapshot.Summary);

                // Time-bound grants whose orchestration is gone or failed are ended (or restarted) on the same schedule.
                if (services?.GetService(typeof(Grants.GrantReconciler)) is Grants.GrantReconciler grants
                    && services.GetService(typeof(Microsoft.DurableTask.Client.DurableTaskClient)) is Microsoft.DurableTask.Client.DurableTaskClient client)
                {
                    await grants.RunAsync(client, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Scheduled discovery failed: {Message}", e.Message);
            }
        }
    }
}
