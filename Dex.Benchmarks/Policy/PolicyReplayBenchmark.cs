using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dex.Core;
using Dex.Core.Audit;
using Dex.Core.Policy;
using Dex.Core.Policy.Replay;
using Dex.Core.Requests;
using Microsoft.Data.Sqlite;

namespace Dex.Benchmarks.Policy;

/// <summary>
/// POST /api/policy/replay's work on a window of audited requests: the sample tenant's policy decided them, the shipped
/// default is the candidate. Each request carries the entries a real one has (received … completed), so the replay reads
/// the whole window. Options: <c>--requests N</c> (default 500), <c>--runs N</c> (default 5).
/// </summary>
public sealed class PolicyReplayBenchmark : IDexBenchmark
{
    public string Name => "policy-replay";

    public string Description => "policy replay over N audited requests (in-memory and SQLite audit), ms per replay";

    public async Task RunAsync(string[] args)
    {
        var requests = Option(args, "--requests", 500);
        var runs = Option(args, "--runs", 5);
        Console.WriteLine($"{requests} audited requests ({requests * 7} entries), {runs} replays each; candidate = shipped default, decided under the sample policy");
        Console.WriteLine($"{"audit store",-12} {"first ms",9} {"median ms",10} {"changed",8}");

        await MeasureAsync("in-memory", new InMemoryAuditLog(), requests, runs);
        var dir = Directory.CreateTempSubdirectory("dex-bench-replay-").FullName;
        try
        {
            await MeasureAsync("sqlite", new SqliteAuditLog(Path.Combine(dir, "audit.db")), requests, runs);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task MeasureAsync(string store, IAuditLog audit, int requests, int runs)
    {
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        await SeedAsync(audit, requests, start);
        var replay = new PolicyReplay(audit);
        var candidate = PolicyLoader.LoadDefault();
        var times = new List<double>();
        ReplayReport? report = null;
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            report = await replay.ReplayAsync(candidate, start.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        if (report!.Totals.Requests != requests)
        {
            throw new InvalidOperationException($"replayed {report.Totals.Requests} of {requests} requests");
        }

        var median = times.Order().ElementAt(times.Count / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{store,-12} {times[0],9:0.0} {median,10:0.0} {report.Totals.Changed,8}"));
    }

    private static async Task SeedAsync(IAuditLog audit, int requests, DateTimeOffset start)
    {
        var kinds = new (string Action, PolicyOutcome Outcome, string Stage, string[] Roles, string[] Groups, bool Self)[]
        {
            (DexActions.MfaReset, PolicyOutcome.ApprovalRequired, "IT Security", ["Helpdesk Administrator"], ["IT Support"], false),
            (DexActions.PasswordReset, PolicyOutcome.ApprovalRequired, "IT Security", ["Helpdesk Administrator"], ["IT Support"], false),
            (DexActions.GrantAccess, PolicyOutcome.ApprovalRequired, "Group owners", [], ["Sales Team"], true),
            (DexActions.ListGroupMembers, PolicyOutcome.Allow, string.Empty, [], [], false),
            (DexActions.UpdateUserProfile, PolicyOutcome.Allow, string.Empty, [], [], true),
        };
        for (var i = 0; i < requests; i++)
        {
            var k = kinds[i % kinds.Length];
            var id = $"req-bench-{i:D5}";
            var at = start.AddSeconds(i);
            var facts = new DecisionFacts(
                $"user{i % 40}@acme.com",
                k.Roles,
                k.Groups,
                [new StepFacts(k.Action, k.Action != DexActions.ListGroupMembers, k.Self)],
                k.Stage.Length == 0 ? [] : [new ReplayStage(k.Stage, k.Stage == "Group owners" ? "the group's owners" : "group IT Security", 1)],
                [k.Action == DexActions.GrantAccess ? "Sales Team" : null]);
            foreach (var (evt, outcome, details) in new[]
            {
                ("received", "ok", "channel=bench"), ("understood", "ok", "source=rules"), ("planned", "ok", "plan"),
                ("policy_decision", Wire.Name(k.Outcome), "reasons" + DecisionFacts.Marker + JsonSerializer.Serialize(facts, DexJson.Options)),
                ("step_started", "ok", "step"), ("step_succeeded", "ok", "step"), ("completed", "completed", "done"),
            })
            {
                await audit.AppendAsync(new AuditEvent { EventId = $"{id}:{evt}", RequestId = id, Actor = "dex", Event = evt, Action = k.Action, Outcome = outcome, Details = details, At = at });
            }
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }
}
