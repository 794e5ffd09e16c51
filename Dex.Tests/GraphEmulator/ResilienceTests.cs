using System.Diagnostics;
using System.Net;
using Dex.GraphEmulator;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace Dex.Tests.GraphEmulator;

/// <summary>Throttling, latency and fault injection. Assertions use lower bounds only, so a slow machine cannot make them flaky.</summary>
public sealed class ResilienceTests
{
    [Fact]
    public async Task Throttling_is_off_by_default()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        for (var i = 0; i < 30; i++)
        {
            await emu.Client.Users.GetAsync();
        }

        Assert.Equal(0, emu.Server.Stats.ThrottledRequests);
    }

    [Fact]
    public async Task Over_the_resource_unit_budget_is_429_with_integer_retry_after()
    {
        // GET /users costs 2 units: two calls fit in 4, the third does not. A long window keeps the test timing-proof.
        await using var emu = await EmulatorFixture.StartAsync(new GraphEmulatorOptions { Throttling = true, ResourceUnitLimit = 4, ThrottleWindow = TimeSpan.FromMinutes(5) });
        await emu.Client.Users.GetAsync();
        using (var http0 = emu.CreateHttpClient())
        using (var full = await http0.GetAsync(new Uri("v1.0/users", UriKind.Relative)))
        {
            Assert.Equal("1.0", Assert.Single(full.Headers.GetValues("x-ms-throttle-limit-percentage")));
        }

        var ex = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Users.GetAsync(rc => rc.Options.Add(new RetryHandlerOption { MaxRetry = 0 })));
        Assert.Equal(429, ex.ResponseStatusCode);
        Assert.Equal("TooManyRequests", ex.Error!.Code);

        using var http = emu.CreateHttpClient();
        using var raw = await http.GetAsync(new Uri("v1.0/organization", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TooManyRequests, raw.StatusCode);
        var retryAfter = Assert.Single(raw.Headers.GetValues("Retry-After"));
        Assert.True(int.TryParse(retryAfter, out var s) && s is >= 1 and <= 300, retryAfter);
        Assert.Equal("ResourceUnitLimitExceeded", Assert.Single(raw.Headers.GetValues("x-ms-throttle-information")));

        // Another app (token) has its own budget.
        var other = emu.CreateClient("another-app");
        await other.Users.GetAsync();
    }

    [Fact]
    public async Task Write_quota_is_separate()
    {
        await using var emu = await EmulatorFixture.StartAsync(new GraphEmulatorOptions { Throttling = true, WriteLimit = 2, WriteWindow = TimeSpan.FromMinutes(5) });
        await emu.Client.Users["tom@acme.com"].PatchAsync(new() { JobTitle = "A" });
        await emu.Client.Users["tom@acme.com"].PatchAsync(new() { JobTitle = "B" });
        var ex = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Users["tom@acme.com"].PatchAsync(new() { JobTitle = "C" }, rc => rc.Options.Add(new RetryHandlerOption { MaxRetry = 0 })));
        Assert.Equal(429, ex.ResponseStatusCode);
        Assert.NotNull(await emu.Client.Users["tom@acme.com"].GetAsync()); // reads still pass
        Assert.Equal("B", emu.Tenant.FindUser("tom@acme.com")!.JobTitle);
    }

    [Fact]
    public async Task Sdk_retry_handler_waits_out_retry_after_and_succeeds()
    {
        await using var emu = await EmulatorFixture.StartAsync(new GraphEmulatorOptions { Throttling = true, ResourceUnitLimit = 2, ThrottleWindow = TimeSpan.FromSeconds(1) });
        await emu.Client.Users.GetAsync();
        var page = await emu.Client.Users.GetAsync(); // normally 429 + Retry-After: 1, then retried by the SDK
        Assert.NotNull(page?.Value);
        // On a very slow machine the window may already have rolled over; either way the counts must agree.
        Assert.Equal(2 + emu.Server.Stats.ThrottledRequests, emu.Server.Stats.Count("GET /users"));
    }

    [Fact]
    public async Task Latency_is_added()
    {
        await using var emu = await EmulatorFixture.StartAsync(new GraphEmulatorOptions { Latency = TimeSpan.FromMilliseconds(150), LatencyJitter = TimeSpan.FromMilliseconds(20) });
        var sw = Stopwatch.StartNew();
        await emu.Client.Organization.GetAsync();
        Assert.True(sw.ElapsedMilliseconds >= 140, $"{sw.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Faults_are_500_or_503_graph_errors()
    {
        await using var emu = await EmulatorFixture.StartAsync(new GraphEmulatorOptions { FaultRate = 1.0 });
        var ex = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Users.GetAsync(rc => rc.Options.Add(new RetryHandlerOption { MaxRetry = 0 })));
        Assert.True(ex.ResponseStatusCode is 500 or 503, $"status {ex.ResponseStatusCode}");
        Assert.True(emu.Server.Stats.InjectedFaults >= 1);
    }

    [Fact]
    public async Task Faults_take_the_configured_statuses_with_retry_after_on_429()
    {
        await using var emu = await EmulatorFixture.StartAsync(new GraphEmulatorOptions { FaultRate = 1.0, FaultStatuses = [429] });
        var ex = await Assert.ThrowsAsync<ODataError>(() => emu.Client.Users.GetAsync(rc => rc.Options.Add(new RetryHandlerOption { MaxRetry = 0 })));
        Assert.Equal(429, ex.ResponseStatusCode);
        Assert.Equal("TooManyRequests", ex.Error?.Code);
        Assert.Equal("1", ex.ResponseHeaders["Retry-After"].Single());
    }

    [Fact]
    public async Task Batch_item_faults_fail_items_inside_a_successful_batch()
    {
        await using var emu = await EmulatorFixture.StartAsync(new GraphEmulatorOptions { BatchItemFaultRate = 1.0, FaultStatuses = [503] });
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "t");
        using var response = await http.PostAsync(emu.Server.BaseUrl + "/$batch", new StringContent(
            """{"requests":[{"id":"1","method":"GET","url":"/users?$top=1"},{"id":"2","method":"GET","url":"/organization"}]}""", System.Text.Encoding.UTF8, "application/json"));
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.All(body.RootElement.GetProperty("responses").EnumerateArray(), r => Assert.Equal(503, r.GetProperty("status").GetInt32()));
        Assert.Equal(2, emu.Server.Stats.InjectedFaults);
    }

    [Fact]
    public async Task Dropped_connections_surface_as_HttpRequestException()
    {
        await using var emu = await EmulatorFixture.StartAsync(new GraphEmulatorOptions { DropConnectionRate = 1.0 });
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => emu.Client.Users.GetAsync(rc => rc.Options.Add(new RetryHandlerOption { MaxRetry = 0 })));
        Assert.True(emu.Server.Stats.DroppedConnections >= 1);
    }
}
