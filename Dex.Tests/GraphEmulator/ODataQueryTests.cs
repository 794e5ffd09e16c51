using System.Net;
using Dex.GraphEmulator;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace Dex.Tests.GraphEmulator;

/// <summary>$filter/$search/$count/$orderby/$top and Graph's advanced-query (ConsistencyLevel) rules.</summary>
public sealed class ODataQueryTests(EmulatorFixture emu) : IClassFixture<EmulatorFixture>
{
    private GraphServiceClient Client => emu.Client;

    private Task<UserCollectionResponse?> Advanced(string? filter = null, string? search = null, string[]? orderby = null) =>
        Client.Users.GetAsync(rc =>
        {
            rc.QueryParameters.Filter = filter;
            rc.QueryParameters.Search = search;
            rc.QueryParameters.Orderby = orderby;
            rc.QueryParameters.Count = true;
            rc.Headers.Add("ConsistencyLevel", "eventual");
        });

    [Theory]
    [InlineData("endswith(mail,'@acme.com')")]
    [InlineData("department ne 'Sales'")]
    [InlineData("not(department eq 'Sales')")]
    [InlineData("officeLocation eq 'NYC'")]
    [InlineData("mobilePhone eq '+1 415 555 0142'")]
    public async Task Advanced_filters_need_ConsistencyLevel_and_count(string filter)
    {
        var ex = await Assert.ThrowsAsync<ODataError>(() => Client.Users.GetAsync(rc => rc.QueryParameters.Filter = filter));
        Assert.Equal(400, ex.ResponseStatusCode);
        Assert.Equal("Request_UnsupportedQuery", ex.Error!.Code);

        var ok = await Advanced(filter);
        Assert.NotEmpty(ok!.Value!);
        Assert.Equal(ok.Value!.Count, ok.OdataCount);
    }

    [Fact]
    public async Task Advanced_filter_results_are_right()
    {
        Assert.Equal(emu.Tenant.Users.Count, (await Advanced("endswith(mail,'@acme.com')"))!.Value!.Count);
        Assert.Equal(emu.Tenant.Users.Count(u => u.Department != "Sales"), (await Advanced("department ne 'Sales'"))!.Value!.Count);
        Assert.Equal(4, (await Advanced("officeLocation eq 'NYC'"))!.Value!.Count);
        var tom = Assert.Single((await Advanced("mobilePhone eq '+1 415 555 0142'"))!.Value!);
        Assert.Equal("tom@acme.com", tom.UserPrincipalName);
    }

    [Fact]
    public async Task In_operator_and_quotes()
    {
        var page = await Client.Users.GetAsync(rc => rc.QueryParameters.Filter = "department in ('Finance', 'Marketing')");
        Assert.Equal(4, page!.Value!.Count);
        var kevin = await Client.Users.GetAsync(rc => rc.QueryParameters.Filter = "surname eq 'O''Brien'");
        Assert.Equal("kevin@acme.com", Assert.Single(kevin!.Value!).UserPrincipalName);
    }

    [Fact]
    public async Task Search_needs_ConsistencyLevel_and_matches_word_prefixes()
    {
        var ex = await Assert.ThrowsAsync<ODataError>(() => Client.Users.GetAsync(rc => rc.QueryParameters.Search = "\"displayName:john\""));
        Assert.Equal("Request_UnsupportedQuery", ex.Error!.Code);

        var johns = await Advanced(search: "\"displayName:john\"");
        Assert.Equal(2, johns!.Value!.Count);
        Assert.Equal(2, johns.OdataCount);
        var either = await Advanced(search: "\"displayName:wong\" OR \"displayName:baker\"");
        Assert.Equal(["alice@acme.com", "tom@acme.com"], either!.Value!.Select(u => u.UserPrincipalName!).Order(StringComparer.Ordinal));

        var groups = await Client.Groups.GetAsync(rc =>
        {
            rc.QueryParameters.Search = "\"displayName:finance\"";
            rc.Headers.Add("ConsistencyLevel", "eventual");
        });
        Assert.Equal(2, groups!.Value!.Count);
    }

    [Fact]
    public async Task Count_segment_is_text_and_needs_ConsistencyLevel()
    {
        var n = await Client.Users.Count.GetAsync(rc => rc.Headers.Add("ConsistencyLevel", "eventual"));
        Assert.Equal(emu.Tenant.Users.Count, n);
        var ex = await Assert.ThrowsAsync<ODataError>(() => Client.Users.Count.GetAsync());
        Assert.Equal(400, ex.ResponseStatusCode);

        var withoutHeader = await Client.Users.GetAsync(rc => rc.QueryParameters.Count = true);
        Assert.Null(withoutHeader!.OdataCount); // silently ignored, as Graph does
    }

    [Fact]
    public async Task Orderby_alone_works_but_with_filter_needs_advanced()
    {
        var sorted = await Client.Users.GetAsync(rc => rc.QueryParameters.Orderby = ["displayName desc"]);
        var names = sorted!.Value!.Select(u => u.DisplayName!).ToList();
        Assert.Equal(names.OrderByDescending(n => n, StringComparer.OrdinalIgnoreCase), names);

        var ex = await Assert.ThrowsAsync<ODataError>(() => Client.Users.GetAsync(rc =>
        {
            rc.QueryParameters.Filter = "department eq 'Sales'";
            rc.QueryParameters.Orderby = ["displayName"];
        }));
        Assert.Equal("Request_UnsupportedQuery", ex.Error!.Code);
        var ok = await Advanced("department eq 'Sales'", orderby: ["displayName"]);
        Assert.Equal("Ben Carter", ok!.Value![0].DisplayName);
    }

    [Fact]
    public async Task Top_over_999_unknown_property_and_bad_syntax_are_400()
    {
        var top = await Assert.ThrowsAsync<ODataError>(() => Client.Users.GetAsync(rc => rc.QueryParameters.Top = 1000));
        Assert.Equal(400, top.ResponseStatusCode);
        var prop = await Assert.ThrowsAsync<ODataError>(() => Client.Users.GetAsync(rc => rc.QueryParameters.Filter = "shoeSize eq 42"));
        Assert.Equal(400, prop.ResponseStatusCode);
        var select = await Assert.ThrowsAsync<ODataError>(() => Client.Users.GetAsync(rc => rc.QueryParameters.Select = ["shoeSize"]));
        Assert.Equal(400, select.ResponseStatusCode);
        var syntax = await Assert.ThrowsAsync<ODataError>(() => Client.Users.GetAsync(rc => rc.QueryParameters.Filter = "displayName eq 'unterminated"));
        Assert.Equal(400, syntax.ResponseStatusCode);
    }

    [Fact]
    public async Task Expand_manager_and_member_casts()
    {
        var u = await Client.Users["sarah@acme.com"].GetAsync(rc => rc.QueryParameters.Expand = ["manager"]);
        Assert.Equal("maria@acme.com", Assert.IsType<User>(u!.Manager).UserPrincipalName);

        var salesTeam = emu.Tenant.FindGroup("Sales Team")!.Id;
        var users = await Client.Groups[salesTeam].Members.GraphUser.GetAsync();
        Assert.Equal(6, users!.Value!.Count);
        var groupsOnly = await Client.Users["admin@acme.com"].MemberOf.GraphGroup.GetAsync(rc =>
        {
            rc.QueryParameters.Count = true;
            rc.Headers.Add("ConsistencyLevel", "eventual");
        });
        Assert.Equal(2, groupsOnly!.Value!.Count);
    }

    [Fact]
    public async Task Raw_nextLink_is_absolute_and_keeps_the_query()
    {
        using var http = emu.CreateHttpClient();
        var json = await http.GetStringAsync(new Uri("v1.0/users?$top=3&$filter=accountEnabled%20eq%20true&$select=id", UriKind.Relative));
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var next = doc.RootElement.GetProperty("@odata.nextLink").GetString()!;
        Assert.StartsWith(emu.Server.BaseUrl + "/users?", next, StringComparison.Ordinal);
        Assert.Contains("$skiptoken=", next, StringComparison.Ordinal);
        Assert.Contains("$filter=accountEnabled%20eq%20true", next, StringComparison.Ordinal);
        using var second = await http.GetAsync(new Uri(next));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task PageIterator_over_a_filtered_selected_query()
    {
        var first = await Client.Users.GetAsync(rc =>
        {
            rc.QueryParameters.Filter = "accountEnabled eq true and startswith(mail,'')";
            rc.QueryParameters.Select = ["id", "displayName", "department"];
            rc.QueryParameters.Top = 3;
        });
        var names = new List<string>();
        var it = PageIterator<User, UserCollectionResponse>.CreatePageIterator(Client, first!, u =>
        {
            names.Add(u.DisplayName!);
            Assert.NotNull(u.Department);
            return true;
        });
        await it.IterateAsync();
        Assert.Equal(emu.Tenant.Users.Count(u => u.AccountEnabled), names.Count);
    }

    [Fact]
    public async Task Group_expand_members_and_batch_filter_with_ampersand()
    {
        var g = await Client.Groups[emu.Tenant.FindGroup("Sales Team")!.Id].GetAsync(rc => rc.QueryParameters.Expand = ["members"]);
        Assert.Equal(6, g!.Members!.OfType<User>().Count());

        var batch = new BatchRequestContentCollection(Client);
        var step = await batch.AddBatchRequestStepAsync(Client.Users.ToGetRequestInformation(rc => rc.QueryParameters.Filter = "department eq 'R&D'"));
        var response = await Client.Batch.PostAsync(batch);
        var page = await response.GetResponseByIdAsync<UserCollectionResponse>(step);
        Assert.Equal(2, page.Value!.Count);
    }
}
