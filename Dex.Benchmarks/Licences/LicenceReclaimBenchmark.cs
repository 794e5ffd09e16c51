using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Dex.Core.Actions;
using Dex.Core.Actions.ReclaimLicenses;
using Dex.Core.Directory;
using Dex.Core.Policy;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using Dex.Core.Workflows;
using Dex.GraphEmulator;
using Microsoft.Graph;
using Microsoft.Graph.Users.Item.AssignLicense;
using Microsoft.Kiota.Abstractions.Authentication;
using static Dex.Benchmarks.DirectoryOps.BenchArgs;

namespace Dex.Benchmarks.Licences;

/// <summary>
/// Issue 15 "licences": reclaim from 2,000 disabled users of a 50,000-user tenant. Dex's reclaim_licenses (plan: one filtered
/// listing; execute: the listing again, then assignLicense removals in $batch) against a naive per-user loop (list the disabled
/// accounts, then per user read its licences and remove them), each against a fresh emulator with the same tenant.
/// Options: users=50000 disabled=2000 latency=20 naive-limit=N (run the loop for the first N users and extrapolate).
/// </summary>
public sealed class LicenceReclaimBenchmark : IDexBenchmark
{
    private const string E5 = "06ebc4ee-1bb5-47dd-8120-11324bc54e06";
    private const string Ems = "efccb6f7-5641-4e0e-bd10-b4976e1bf68e";

    public string Name => "licences";

    public string Description => "Reclaim licences from 2,000 disabled users of a 50,000-user tenant: Dex's reclaim_licenses vs a naive per-user loop";

    private sealed record Run(string Label, long Requests, long Batches, long Items, long Throttled, TimeSpan Wall, int Missed, int Twice, int Collateral, int SeatsFreed, string Routes);

    public async Task RunAsync(string[] args)
    {
        var users = Int(args, "users", 50_000);
        var disabled = Int(args, "disabled", 2_000);
        var latency = Int(args, "latency", 20);
        var naiveLimit = Int(args, "naive-limit", int.MaxValue);
        var dir = Path.Combine(Path.GetTempPath(), "dex-bench-lic-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var tenant = Path.Combine(dir, "tenant.json");
        await File.WriteAllTextAsync(tenant, """
            { "domain": "acme.com",
              "users": [{ "userPrincipalName": "admin@acme.com", "displayName": "Admin", "usageLocation": "US" }],
              "directoryRoles": [{ "displayName": "Global Administrator", "members": ["admin@acme.com"] }],
              "subscribedSkus": [{ "skuPartNumber": "SPE_E5", "enabled": 20000, "consumed": 0 }, { "skuPartNumber": "EMS", "enabled": 20000, "consumed": 0 }] }
            """);
        var generate = F($"users={users},groups={users / 10},seed=42");
        Console.WriteLine(F($"tenant: generated {generate}; exactly {disabled:N0} disabled, each with E5 (every other one also EMS), plus as many enabled licensed users who must keep theirs; latency {latency} ms/request; throttling on"));

        try
        {
            var dex = await MeasureAsync(tenant, generate, disabled, latency, "Dex reclaim_licenses (plan + execute)", async (client, _) =>
            {
                var directory = new DirectoryService(client);
                var action = new ReclaimLicensesAction();
                var admin = (await directory.FindUserAsync("admin@acme.com"))!;
                var requester = new RequesterContext(admin.Id, admin.UserPrincipalName, admin.DisplayName, ["Global Administrator"], []);
                var intent = new IntendedStep { Action = DexActions.ReclaimLicenses, Parameters = new Dictionary<string, string> { ["reason"] = "disabled" } };
                var draft = new PlannedStep { Index = 0, Action = intent.Action, Summary = string.Empty };
                var planning = new StepPlanning(new PlanningServices(directory, null!, PolicyLoader.LoadDefault(), new Dex.Core.Grants.InMemoryGrantStore(), TimeProvider.System), requester, intent, draft, null, []);
                var clock = Stopwatch.StartNew();
                var plan = await action.PlanAsync(planning, CancellationToken.None);
                var planned = clock.Elapsed;
                var outcome = await action.ExecuteAsync(new StepExecution(new ExecutionServices(directory, null!, null!, null!, null!), "bench", requester), plan.Step!, CancellationToken.None);
                Console.WriteLine(F($"    planned {plan.Step!.Targets.Count:N0} accounts in {planned.TotalMilliseconds:N0} ms, executed in {(clock.Elapsed - planned).TotalMilliseconds:N0} ms; reply: {outcome.Message[..Math.Min(160, outcome.Message.Length)]}"));
            });
            Print(dex);
            if (Flag(args, "dex-only"))
            {
                return;
            }

            var naive = await MeasureAsync(tenant, generate, disabled, latency, "naive loop (list, then per user: read licences, remove them)", async (client, limit) =>
            {
                var ids = new List<string>();
                var page = await client.Users.GetAsync(rc => { rc.QueryParameters.Filter = "accountEnabled eq false"; rc.QueryParameters.Select = ["id"]; rc.QueryParameters.Top = 999; });
                await PageIterator<Microsoft.Graph.Models.User, Microsoft.Graph.Models.UserCollectionResponse>.CreatePageIterator(client, page!, u => { ids.Add(u.Id!); return true; }).IterateAsync();
                foreach (var id in ids.Take(Math.Min(limit, naiveLimit)))
                {
                    var u = await client.Users[id].GetAsync(rc => rc.QueryParameters.Select = ["id", "licenseAssignmentStates"]);
                    var direct = (u!.LicenseAssignmentStates ?? []).Where(s => s.AssignedByGroup is null && s.SkuId is not null).Select(s => s.SkuId).ToList();
                    if (direct.Count > 0)
                    {
                        await client.Users[id].AssignLicense.PostAsync(new AssignLicensePostRequestBody { AddLicenses = [], RemoveLicenses = direct });
                    }
                }
            });
            Print(naive);

            var scale = naiveLimit < disabled ? disabled / (double)naiveLimit : 1;
            if (scale > 1)
            {
                Console.WriteLine(F($"  naive loop ran for {naiveLimit:N0} of {disabled:N0} users; its figures are EXTRAPOLATED x{scale:F2} below"));
            }

            var requestRatio = naive.Requests * scale / dex.Requests;
            Console.WriteLine();
            Console.WriteLine(F($"ratio Graph HTTP requests naive/Dex: {requestRatio:F1}x ({naive.Requests * scale:N0} / {dex.Requests:N0}) (target >= 15x) {(requestRatio >= 15 ? "MET" : "NOT MET")}"));
            Console.WriteLine(F($"ratio wall time naive/Dex: {naive.Wall.TotalMilliseconds * scale / dex.Wall.TotalMilliseconds:F1}x ({naive.Wall.TotalMilliseconds * scale:N0} ms / {dex.Wall.TotalMilliseconds:N0} ms)"));
            Console.WriteLine(F($"Dex: seats freed {dex.SeatsFreed:N0}; missed {dex.Missed}; removed twice {dex.Twice}; enabled users changed {dex.Collateral} (target 0 / 0) {(dex.Missed == 0 && dex.Twice == 0 && dex.Collateral == 0 ? "MET" : "NOT MET")}"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<Run> MeasureAsync(string tenant, string generate, int disabledCount, int latencyMs, string label, Func<GraphServiceClient, int, Task> run)
    {
        await using var server = await GraphEmulatorServer.StartAsync(new GraphEmulatorOptions { TenantPath = tenant, Generate = generate, Throttling = true });
        var all = server.Tenant.Users.Where(u => u.UserPrincipalName != "admin@acme.com").ToList();
        // Exactly N disabled accounts, spread over the tenant; as many enabled ones keep licences that must not move.
        var step = all.Count / disabledCount;
        var disabled = all.Where((_, i) => i % step == 0).Take(disabledCount).ToList();
        var disabledIds = disabled.Select(u => u.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var u in all)
        {
            server.Tenant.SetAccountEnabled(u.Id, !disabledIds.Contains(u.Id));
        }

        var keep = all.Where(u => !disabledIds.Contains(u.Id)).Where((_, i) => i % step == 1).Take(disabledCount).ToList();
        for (var i = 0; i < disabled.Count; i++)
        {
            server.Tenant.AssignLicense(disabled[i].Id, "SPE_E5");
            if (i % 2 == 0)
            {
                server.Tenant.AssignLicense(disabled[i].Id, "EMS");
            }
        }

        keep.ForEach(u => server.Tenant.AssignLicense(u.Id, "SPE_E5"));
        var (setup, _) = Tapped(server.BaseUrl);
        var seatsBefore = disabled.Count + ((disabled.Count + 1) / 2);
        server.Options.Latency = TimeSpan.FromMilliseconds(latencyMs);

        var (client, tap) = Tapped(server.BaseUrl);
        var sw = Stopwatch.StartNew();
        await run(client, disabledCount);
        sw.Stop();
        server.Options.Latency = TimeSpan.Zero;
        var stats = server.Stats;
        var (requests, batches, items, throttled) = (stats.TotalRequests - stats.BatchItems, stats.BatchRequests, stats.BatchItems, stats.ThrottledRequests);
        var routes = string.Join(", ", stats.ByRoute.Select(kv => F($"{kv.Key}={kv.Value:N0}")));

        var check = new DirectoryService(setup);
        var after = await check.GetLicensedUsersAsync([.. disabled.Select(u => u.Id)]);
        var missed = after.Count(u => u.Licenses.Count > 0);
        var kept = await check.GetLicensedUsersAsync([.. keep.Select(u => u.Id)]);
        var collateral = kept.Count(u => u.Find(E5) is null);
        return new Run(label, requests, batches, items, throttled, sw.Elapsed,
            missed, tap.Succeeded.Count(kv => kv.Value > 1), collateral, seatsBefore - after.Sum(u => u.Licenses.Count), routes);
    }

    private static void Print(Run r)
    {
        Console.WriteLine(F($"  {r.Label}"));
        Console.WriteLine(F($"    Graph HTTP requests: {r.Requests:N0} ({r.Batches:N0} $batch POSTs counted once each, carrying {r.Items:N0} items); 429 responses: {r.Throttled:N0}"));
        Console.WriteLine(F($"    emulator counts (items included): {r.Routes}"));
        Console.WriteLine(F($"    wall time: {r.Wall.TotalMilliseconds:N0} ms; seats freed {r.SeatsFreed:N0}; accounts missed {r.Missed}; removed twice {r.Twice}; enabled users changed {r.Collateral}"));
    }

    private static (GraphServiceClient Client, AssignTap Tap) Tapped(string baseUrl)
    {
        var uri = new Uri(baseUrl);
        var tap = new AssignTap(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        var http = GraphClientFactory.Create(GraphClientFactory.CreateDefaultHandlers(), finalHandler: tap);
        http.Timeout = TimeSpan.FromSeconds(100);
        return (new GraphServiceClient(http, new BaseBearerTokenAuthenticationProvider(new StaticToken(uri.Host)), baseUrl.TrimEnd('/')), tap);
    }

    private sealed class StaticToken(string host) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new([host]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
            => Task.FromResult(AllowedHostsValidator.IsUrlHostValid(uri) ? "dex-emulator-token" : string.Empty);
    }

    /// <summary>Counts successful assignLicense calls per user, alone or inside $batch: more than one is a seat removed twice.</summary>
    private sealed class AssignTap(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly ConcurrentDictionary<string, int> _succeeded = new(StringComparer.OrdinalIgnoreCase);

        public IReadOnlyDictionary<string, int> Succeeded => _succeeded;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (request.Method == HttpMethod.Post && path.EndsWith("/assignLicense", StringComparison.Ordinal))
            {
                var response = await base.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    _succeeded.AddOrUpdate(path.Split('/')[^2], 1, static (_, n) => n + 1);
                }

                return response;
            }

            if (request.Method != HttpMethod.Post || !path.EndsWith("/$batch", StringComparison.Ordinal) || request.Content is null)
            {
                return await base.SendAsync(request, cancellationToken);
            }

            await request.Content.LoadIntoBufferAsync(cancellationToken);
            var items = new Dictionary<string, string>(StringComparer.Ordinal);
            using (var doc = JsonDocument.Parse(await request.Content.ReadAsStringAsync(cancellationToken)))
            {
                foreach (var item in doc.RootElement.GetProperty("requests").EnumerateArray())
                {
                    var url = item.GetProperty("url").GetString() ?? string.Empty;
                    if (url.EndsWith("/assignLicense", StringComparison.Ordinal))
                    {
                        items[item.GetProperty("id").GetString()!] = url.Split('/')[^2];
                    }
                }
            }

            var batch = await base.SendAsync(request, cancellationToken);
            if (items.Count > 0 && batch.IsSuccessStatusCode)
            {
                await batch.Content.LoadIntoBufferAsync(cancellationToken);
                using var doc = JsonDocument.Parse(await batch.Content.ReadAsStringAsync(cancellationToken));
                foreach (var r in doc.RootElement.GetProperty("responses").EnumerateArray())
                {
                    if (items.TryGetValue(r.GetProperty("id").GetString()!, out var user) && r.GetProperty("status").GetInt32() is >= 200 and < 300)
                    {
                        _succeeded.AddOrUpdate(user, 1, static (_, n) => n + 1);
                    }
                }
            }

            return batch;
        }
    }
}
