using System.Text.Json.Nodes;
using Dex.Core.Actions;
using Dex.Core.Policy;
using Dex.Tests.Support;
using Dex.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Actions;

/// <summary>Every registered action is complete: a policy entry in every shipped policy, a tool schema, a description.</summary>
public sealed class ActionCatalogue_Registration
{
    private static IReadOnlyList<IDexAction> Registered()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Dex:Approvals:SigningKey"] = DexWorld.SigningKey }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(config).AddLogging().AddDexCore().BuildServiceProvider();
        return services.GetRequiredService<ActionCatalogue>().All;
    }

    public static TheoryData<string> ShippedPolicies() => new(
        Path.Combine(RepoPaths.Root, "Dex.Core", "Policy", "default-policy.json"),
        Path.Combine(RepoPaths.Root, "Dex.Core", "Policy", "sample-tenant-policy.json"),
        Path.Combine(RepoPaths.Root, "docs", "policies", "default.json"),
        Path.Combine(RepoPaths.Root, "docs", "policies", "strict.json"));

    [Theory]
    [MemberData(nameof(ShippedPolicies))]
    public void HasPolicyEntryForEveryRegisteredActionGivenShippedPolicy(string path)
    {
        var policy = PolicyLoader.Load(path);

        Assert.All(Registered(), a => Assert.True(policy.Actions.ContainsKey(a.Entry.Name), $"{Path.GetFileName(path)} has no entry for {a.Entry.Name}"));
    }

    [Fact]
    public void HasStrictToolSchemaForEveryRegisteredActionGivenCatalogue()
    {
        var actions = Registered();
        var tools = Dex.Core.Understanding.OpenAiTools.For(new ActionCatalogue(actions));

        Assert.Equal(actions.Select(a => a.Entry.Name), tools.Select(t => t.Name));
        foreach (var (name, description, schema) in tools)
        {
            Assert.False(string.IsNullOrWhiteSpace(description), name);
            var node = JsonNode.Parse(schema)!.AsObject();
            Assert.Equal("object", (string?)node["type"]);
            Assert.False((bool)node["additionalProperties"]!);
        }
    }

    [Fact]
    public void RegistersTheBuiltInCatalogueGivenAddDexCore()
        => Assert.Equal(ActionCatalogue.BuiltIn.Names, Registered().Select(a => a.Entry.Name));

    [Fact]
    public void ThrowsGivenTheSameActionTwice()
        => Assert.Throws<InvalidOperationException>(() => new ActionCatalogue([ActionCatalogue.BuiltIn.All[0], ActionCatalogue.BuiltIn.All[0]]));
}
