using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dex.Local;
using Dex.Tests.Support;

namespace Dex.Tests.Console;

/// <summary>The console's own JSON (<c>GET /api/local/directory</c>) and its static files, over a real socket.</summary>
[Collection(ConsoleBrowserCollection.Name)]
public sealed partial class ConsoleEndpoints_Http(ConsoleBrowserFixture fixture)
{
    private HttpClient Http => fixture.Local.Http;

    [Fact]
    public async Task ReturnsUsersWithRolesGroupsAndRoleHoldersGivenSampleTenant()
    {
        var directory = await Http.GetFromJsonAsync<JsonElement>("/api/local/directory");

        Assert.Equal("acme.com", directory.GetProperty("domain").GetString());
        var users = directory.GetProperty("users").EnumerateArray().ToDictionary(u => u.GetProperty("userPrincipalName").GetString()!);
        Assert.Equal(16, users.Count);
        Assert.Equal(["Helpdesk Administrator"], users["helpdesk@acme.com"].GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("IT Security", users["alice@acme.com"].GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        Assert.False(users["eve@acme.com"].GetProperty("accountEnabled").GetBoolean());
        Assert.Contains("microsoftAuthenticator", users["admin@acme.com"].GetProperty("authenticationMethods").EnumerateArray().Select(m => m.GetString()));

        var itSecurity = directory.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("displayName").GetString() == "IT Security");
        Assert.Equal(["admin@acme.com", "alice@acme.com"], itSecurity.GetProperty("members").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("security", itSecurity.GetProperty("kind").GetString());

        var roles = directory.GetProperty("roles").EnumerateArray().ToDictionary(r => r.GetProperty("displayName").GetString()!, r => r.GetProperty("holders").EnumerateArray().Select(h => h.GetString()).ToList());
        Assert.Equal(["helpdesk@acme.com"], roles["Helpdesk Administrator"]);
        Assert.Contains("admin@acme.com", roles["Global Administrator"]);
    }

    [Fact]
    public async Task ServesConsoleGivenRoot()
    {
        var response = await Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>Dex local console</title>", html, StringComparison.Ordinal);
        foreach (var asset in new[] { "/console.js", "/console.css" })
        {
            Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(asset)).StatusCode);
        }
    }

    [Theory]
    [InlineData("index.html")]
    [InlineData("console.js")]
    [InlineData("console.css")]
    public void ReferencesNoExternalResourceGivenConsoleFile(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "Dex.Local", "wwwroot", file));

        Assert.DoesNotMatch(ExternalReference(), text);
    }

    [Fact]
    public void FindsRepositoryWebRootGivenTestBinaries()
    {
        var found = ConsoleEndpoints.FindWebRoot(configured: null, AppContext.BaseDirectory);

        Assert.Equal(Path.Combine(RepoPaths.Root, "Dex.Local", "wwwroot"), found);
    }

    [Fact]
    public void KeepsConfiguredWebRootGivenItHasIndex()
    {
        var dir = Directory.CreateTempSubdirectory("dex-webroot-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "index.html"), "<!doctype html>");
            Assert.Equal(dir.FullName, ConsoleEndpoints.FindWebRoot(dir.FullName, AppContext.BaseDirectory));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>src/href/url()/@import/fetch of an absolute http(s) or protocol-relative address.</summary>
    [GeneratedRegex(@"(src|href)\s*=\s*[""']?\s*(https?:)?//|url\(\s*[""']?(https?:)?//|@import|fetch\(\s*[""'`]https?:", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
