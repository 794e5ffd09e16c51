using System.Net;
using System.Text;
using System.Text.Json;
using Dex.GraphEmulator;
using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace Dex.Tests.GraphEmulator;

/// <summary>JSON batching: SDK collections, 20-request limit, dependsOn/424, per-item 429.</summary>
public sealed class BatchTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Sdk_collection_of_45_steps_is_split_and_answered()
    {
        await using var emu = await EmulatorFixture.StartAsync(new GraphEmulatorOptions { Generate = "users=60,groups=0,seed=3" });
        var users = emu.Tenant.Users.Take(45).ToList();
        var batch = new BatchRequestContentCollection(emu.Client);
        var ids = new Dictionary<string, string>();
        foreach (var u in users)
        {
            ids[await batch.AddBatchRequestStepAsync(emu.Client.Users[u.Id].ToGetRequestInformation())] = u.UserPrincipalName;
        }

        var response = await emu.Client.Batch.PostAsync(batch);
        var codes = await response.GetResponsesStatusCodesAsync();
        Assert.Equal(45, codes.Count);
        Assert.All(codes.Values, c => Assert.Equal(HttpStatusCode.OK, c));
        foreach (var (stepId, upn) in ids.Take(5))
        {
            var user = await response.GetResponseByIdAsync<User>(stepId);
            Assert.Equal(upn, user.UserPrincipalName);
        }

        Assert.Equal(3, emu.Server.Stats.BatchRequests);
        Assert.Equal(45, emu.Server.Stats.BatchItems);
        Assert.Equal(45, emu.Server.Stats.Count("GET /users/{id}"));
    }

    [Fact]
    public async Task Batch_mixes_writes_and_reads_and_reports_item_errors()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var group = emu.Tenant.FindGroup("Finance-Admins")!.Id;
        var sarah = emu.Tenant.FindUser("sarah@acme.com")!.Id;
        var batch = new BatchRequestContentCollection(emu.Client);
        var add = await batch.AddBatchRequestStepAsync(emu.Client.Groups[group].Members.Ref.ToPostRequestInformation(
            new ReferenceCreate { OdataId = $"https://graph.microsoft.com/v1.0/directoryObjects/{sarah}" }));
        var missing = await batch.AddBatchRequestStepAsync(emu.Client.Users["ghost@acme.com"].ToGetRequestInformation());
        var response = await emu.Client.Batch.PostAsync(batch);
        var codes = await response.GetResponsesStatusCodesAsync();
        Assert.Equal(HttpStatusCode.NoContent, codes[add]);
        Assert.Equal(HttpStatusCode.NotFound, codes[missing]);
        Assert.Contains(sarah, emu.Tenant.FindGroup("Finance-Admins")!.MemberIds);
        await Assert.ThrowsAsync<ServiceException>(() => response.GetResponseByIdAsync<User>(missing));
    }

    [Fact]
    public async Task More_than_20_requests_is_400_and_duplicate_ids_too()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        using var http = emu.CreateHttpClient();
        var many = string.Join(",", Enumerable.Range(1, 21).Select(i => $$"""{"id":"{{i}}","method":"GET","url":"/users/tom@acme.com"}"""));
        using var tooMany = await http.PostAsync(new Uri("v1.0/$batch", UriKind.Relative), Json($$"""{"requests":[{{many}}]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        using var dup = await http.PostAsync(new Uri("v1.0/$batch", UriKind.Relative),
            Json("""{"requests":[{"id":"1","method":"GET","url":"/users"},{"id":"1","method":"GET","url":"/groups"}]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, dup.StatusCode);
    }

    [Fact]
    public async Task DependsOn_runs_in_order_and_failed_dependency_is_424()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        using var http = emu.CreateHttpClient();
        var body = """
        {"requests":[
          {"id":"3","method":"GET","url":"/users/tom@acme.com?$select=jobTitle","dependsOn":["2"]},
          {"id":"1","method":"GET","url":"/users/ghost@acme.com"},
          {"id":"2","method":"PATCH","url":"/users/tom@acme.com","headers":{"Content-Type":"application/json"},"body":{"jobTitle":"Lead"}},
          {"id":"4","method":"DELETE","url":"/users/tom@acme.com/manager/$ref","dependsOn":["1"]}
        ]}
        """;
        using var res = await http.PostAsync(new Uri("v1.0/$batch", UriKind.Relative), Json(body));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        using var doc = JsonDocument.Parse(await res.Content.ReadAsStringAsync());
        var items = doc.RootElement.GetProperty("responses").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => e);
        Assert.Equal(404, items["1"].GetProperty("status").GetInt32());
        Assert.Equal(204, items["2"].GetProperty("status").GetInt32());
        Assert.Equal("Lead", items["3"].GetProperty("body").GetProperty("jobTitle").GetString());
        Assert.Equal(424, items["4"].GetProperty("status").GetInt32());
        Assert.NotNull(emu.Tenant.FindUser("tom@acme.com")!.ManagerId); // dependent DELETE never ran
    }

    [Fact]
    public async Task Throttled_items_get_429_with_retry_after_in_item_headers()
    {
        await using var emu = await EmulatorFixture.StartAsync(new GraphEmulatorOptions { Throttling = true, ResourceUnitLimit = 5, ThrottleWindow = TimeSpan.FromMinutes(5) });
        var batch = new BatchRequestContentCollection(emu.Client);
        foreach (var u in emu.Tenant.Users.Take(10))
        {
            await batch.AddBatchRequestStepAsync(emu.Client.Users[u.Id].ToGetRequestInformation());
        }

        var response = await emu.Client.Batch.PostAsync(batch);
        var codes = await response.GetResponsesStatusCodesAsync();
        Assert.Equal(5, codes.Values.Count(c => c == HttpStatusCode.OK));
        Assert.Equal(5, codes.Values.Count(c => c == HttpStatusCode.TooManyRequests));
        Assert.Equal(5, emu.Server.Stats.ThrottledRequests);

        using var http = emu.CreateHttpClient();
        using var raw = await http.PostAsync(new Uri("v1.0/$batch", UriKind.Relative), Json("""{"requests":[{"id":"a","method":"GET","url":"/organization"}]}"""));
        using var doc = JsonDocument.Parse(await raw.Content.ReadAsStringAsync());
        var item = doc.RootElement.GetProperty("responses")[0];
        Assert.Equal(429, item.GetProperty("status").GetInt32());
        var retryAfter = item.GetProperty("headers").GetProperty("Retry-After").GetString();
        Assert.True(int.TryParse(retryAfter, out var seconds) && seconds >= 1, retryAfter);
    }
}
