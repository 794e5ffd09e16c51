using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dex.GraphEmulator;
using Dex.GraphEmulator.Model;

namespace Dex.Tests.GraphEmulator.Conformance;

/// <summary>Replays each documented example (<see cref="DocsExamples"/>) against the emulator over HTTP.</summary>
public sealed partial class DocsConformanceTests : IAsyncLifetime
{
    private EmulatorFixture _emu = null!;

    public static TheoryData<string> CaseNames => new(DocsExamples.All.Select(c => c.Name));

    public async Task InitializeAsync() => _emu = await EmulatorFixture.StartAsync();

    public Task DisposeAsync() => _emu.DisposeAsync();

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Example_AnswersWithTheDocumentedShape(string name)
    {
        var c = DocsExamples.All.Single(x => x.Name == name);
        var problem = await ReplayAsync(_emu, c);
        Assert.True(problem is null, problem);
    }

    [Fact]
    public async Task Suite_CoversEveryServedEndpoint()
    {
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in DocsExamples.All)
        {
            _emu.Server.Reset();
            await ReplayAsync(_emu, c);
            covered.UnionWith(_emu.Server.Stats.ByRoute.Keys);
        }

        var missing = _emu.Server.RouteTemplates.Where(t => !covered.Contains(t)).ToList();
        Assert.True(missing.Count == 0, "No documented example replays: " + string.Join(", ", missing));
    }

    /// <summary>Runs one case on a fresh tenant; returns what differs from the documented shape, or null.</summary>
    internal static async Task<string?> ReplayAsync(EmulatorFixture emu, DocsCase c)
    {
        emu.Server.Reset();
        using var http = emu.CreateHttpClient();
        foreach (var step in c.Setup)
        {
            using var setup = await SendAsync(emu, http, step);
            if ((int)setup.StatusCode != step.Status)
            {
                return $"{c.Name}: setup '{step.Name}' answered {(int)setup.StatusCode}: {await setup.Content.ReadAsStringAsync()}";
            }
        }

        using var res = await SendAsync(emu, http, c);
        var text = await res.Content.ReadAsStringAsync();
        if ((int)res.StatusCode != c.Status)
        {
            return $"{c.Name}: {c.Method} {c.Url} answered {(int)res.StatusCode} (documented {c.Status}): {Trim(text)}";
        }

        if (res.Content.Headers.ContentType?.MediaType is not "application/json" || text.Length == 0)
        {
            return c.Props.Count > 0 || c.ODataType is not null || c.ErrorCode is not null ? $"{c.Name}: answer is not JSON" : null;
        }

        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        if (c.ErrorCode is not null && root.GetProperty("error").GetProperty("code").GetString() != c.ErrorCode)
        {
            return $"{c.Name}: error code {root.GetProperty("error").GetProperty("code")} (documented {c.ErrorCode})";
        }

        var objects = new List<JsonElement>();
        if (c.Collection)
        {
            if (!root.TryGetProperty("@odata.context", out _) || !root.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Array)
            {
                return $"{c.Name}: not a collection with @odata.context and value: {Trim(text)}";
            }

            objects.AddRange(value.EnumerateArray());
        }
        else
        {
            objects.Add(root);
        }

        foreach (var o in objects)
        {
            var missing = c.Props.Where(p => !o.TryGetProperty(p, out _)).ToList();
            if (missing.Count > 0)
            {
                return $"{c.Name}: missing {string.Join(", ", missing)} in {Trim(o.GetRawText())}";
            }

            if (c.ODataType is not null && (!o.TryGetProperty("@odata.type", out var t) || t.GetString() != c.ODataType))
            {
                return $"{c.Name}: @odata.type is not {c.ODataType} in {Trim(o.GetRawText())}";
            }
        }

        return null;
    }

    private static string Trim(string s) => s.Length > 400 ? s[..400] + "…" : s;

    private static async Task<HttpResponseMessage> SendAsync(EmulatorFixture emu, HttpClient http, DocsCase c)
    {
        var url = await ResolveAsync(emu, http, c.Url);
        using var req = new HttpRequestMessage(new HttpMethod(c.Method), new Uri("v1.0" + url, UriKind.Relative));
        if (c.Eventual)
        {
            req.Headers.Add("ConsistencyLevel", "eventual");
        }

        if (c.Bytes is not null)
        {
            req.Content = new ByteArrayContent(c.Bytes);
            req.Content.Headers.ContentType = new MediaTypeHeaderValue(c.ContentType ?? "application/octet-stream");
        }
        else if (c.Body is not null && c.Method != "GET" && c.Method != "DELETE")
        {
            req.Content = new StringContent(await ResolveAsync(emu, http, c.Body), Encoding.UTF8, "application/json");
        }

        return await http.SendAsync(req);
    }

    [GeneratedRegex(@"\{(?<kind>[a-zA-Z]+):(?<key>[^}]+)\}|\{tenant\}")]
    private static partial Regex Placeholder();

    private static async Task<string> ResolveAsync(EmulatorFixture emu, HttpClient http, string text)
    {
        var result = new StringBuilder();
        var last = 0;
        foreach (Match m in Placeholder().Matches(text))
        {
            result.Append(text, last, m.Index - last);
            result.Append(await ValueAsync(emu, http, m.Value == "{tenant}" ? "tenant" : m.Groups["kind"].Value, m.Groups["key"].Value));
            last = m.Index + m.Length;
        }

        return result.Append(text, last, text.Length - last).ToString();
    }

    private static string Upn(string key) => key.Contains('@', StringComparison.Ordinal) ? key : key + "@acme.com";

    private static string UserId(EmulatorFixture emu, string key) => emu.Tenant.FindUser(Upn(key))?.Id ?? Ids.For("user", Upn(key));

    private static async Task<string> ValueAsync(EmulatorFixture emu, HttpClient http, string kind, string key)
    {
        var templates = RoleTemplates.ByName;
        switch (kind)
        {
            case "tenant": return emu.Tenant.TenantId;
            case "user": return UserId(emu, key);
            case "upn": return Upn(key);
            case "group": return emu.Tenant.FindGroup(key)!.Id;
            case "tpl": return templates[key];
            case "role": return Ids.For("directoryRole", templates[key] + "@" + emu.Tenant.Domain);
            case "sp": return Ids.For("servicePrincipal", key);
            case "appRole": return Ids.For("appRole", key);
            case "sku": return KnownSkus.ByPartNumber[key].SkuId;
            case "skuRow": return $"{emu.Tenant.TenantId}_{KnownSkus.ByPartNumber[key].SkuId}";
            case "au": return Ids.For("administrativeUnit", key);
            case "detection": return Ids.For("riskDetection", UserId(emu, key) + "/0");
            case "signIn":
            {
                var parts = key.Split('/');
                return Ids.For("signIn", UserId(emu, parts[0]) + "/" + parts[1]);
            }

            case "assignment":
            {
                var parts = key.Split('/');
                var sp = Ids.For("servicePrincipal", parts[0]);
                return Ids.For("assignment", $"{sp}/{UserId(emu, parts[1])}/{Ids.For("appRole", parts[0] + "/" + parts[2])}");
            }

            case "assignmentRow":
            {
                var parts = key.Split('/');
                return Ids.For("roleAssignment", templates[parts[0]] + "/" + UserId(emu, parts[1]));
            }

            case "licenseDetails":
            {
                var parts = key.Split('/');
                var list = await http.GetStringAsync(new Uri($"v1.0/users/{UserId(emu, parts[0])}/licenseDetails", UriKind.Relative));
                using var doc = JsonDocument.Parse(list);
                return doc.RootElement.GetProperty("value").EnumerateArray().First(e => e.GetProperty("skuPartNumber").GetString() == parts[1]).GetProperty("id").GetString()!;
            }

            case "audit":
            {
                var list = await http.GetStringAsync(new Uri("v1.0/auditLogs/directoryAudits", UriKind.Relative));
                using var doc = JsonDocument.Parse(list);
                return doc.RootElement.GetProperty("value")[0].GetProperty("id").GetString()!;
            }

            default: throw new ArgumentException($"unknown placeholder kind '{kind}'");
        }
    }
}
