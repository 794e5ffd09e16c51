using System.Reflection;
using System.Text.Json;
using Dex.Core;
using Dex.Tests.Support;
using Dex.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Web;

/// <summary>The one route table: both hosts serve exactly its routes, with the same methods.</summary>
public sealed class DexRoutes_MapDexApi
{
    /// <summary>Every route constant of the table except the prefix and the local-only outbox.</summary>
    private static readonly string[] ApiRoutes = [.. typeof(DexRoutes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.Name is not (nameof(DexRoutes.Prefix) or nameof(DexRoutes.LocalOutbox)))
        .Select(f => (string)f.GetRawConstantValue()!)];

    /// <summary>(method, route) pairs as Dex.Local maps them, routes relative to the prefix.</summary>
    private static HashSet<string> LocalEndpoints()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddDexCore().AddDexWeb();
        var app = builder.Build();
        app.MapDexApi();
        return [.. ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => $"{m.ToLowerInvariant()} {e.RoutePattern.RawText!.TrimStart('/')}"))];
    }

    /// <summary>(method, route) pairs of the Functions app's HTTP triggers, from the generated functions.metadata.</summary>
    private static HashSet<string> FunctionsEndpoints()
    {
        var path = Path.Combine(RepoPaths.Root, "Dex.Functions", "bin", RepoPaths.Configuration, "net10.0", "functions.metadata");
        var functions = JsonSerializer.Deserialize<JsonElement[]>(File.ReadAllText(path))!;
        return [.. functions.SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
            .SelectMany(b => b.GetProperty("methods").EnumerateArray().Select(m => $"{m.GetString()} {DexRoutes.Prefix.TrimStart('/')}/{b.GetProperty("route").GetString()}"))];
    }

    [Fact]
    public void MapsTheSameMethodsAndRoutesAsTheFunctionsApp()
        => Assert.Equal(FunctionsEndpoints().Order(), LocalEndpoints().Order());

    [Fact]
    public void ServesEveryRouteOfTheTableGivenEitherHost()
    {
        var local = LocalEndpoints().Select(e => e.Split(' ')[1]).ToHashSet();
        foreach (var route in ApiRoutes)
        {
            Assert.Contains($"api/{route}", local);
        }

        Assert.Equal(local.Order(), ApiRoutes.Select(r => $"api/{r}").Distinct().Order());
    }
}
