using Dex.Core.Requests;
using Dex.Core.Understanding;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Understanding;

public sealed class StepRecognisers_RegistrationTests
{
    private static IReadOnlyList<IStepRecogniser> Registered()
    {
        using var provider = new ServiceCollection().AddStepRecognisers().AddStepRecognisers().BuildServiceProvider();
        return [.. provider.GetServices<IStepRecogniser>()];
    }

    [Fact]
    public void NamesACatalogueActionGivenEveryRegisteredRecogniser() =>
        Assert.All(Registered(), r => Assert.True(Dex.Core.Actions.ActionCatalogue.BuiltIn.IsKnown(r.Action), $"{r.GetType().Name} names '{r.Action}'"));

    [Fact]
    public void RegistersEveryDefaultRecogniserOnceGivenRepeatedRegistration() => Assert.Equal(
        StepRecognisers.Default.Select(r => r.GetType()).OrderBy(t => t.FullName),
        Registered().Select(r => r.GetType()).OrderBy(t => t.FullName));

    [Fact]
    public void HasARecogniserGivenEveryCatalogueAction()
    {
        var covered = StepRecognisers.Default.Select(r => r.Action).ToHashSet(StringComparer.Ordinal);
        Assert.All(DexActions.All, a => Assert.Contains(a, covered));
    }

    [Fact]
    public void RunsInAscendingUniqueOrderGivenTheDefaultSet()
    {
        var orders = StepRecognisers.Default.Select(r => r.Order).ToList();
        Assert.Equal(orders.Order(), orders);
        Assert.Equal(orders.Count, orders.Distinct().Count());
    }

    [Fact]
    public void LivesInItsActionFolderGivenEveryRecogniser() =>
        Assert.All(StepRecognisers.Default, r => Assert.StartsWith("Dex.Core.Actions.", r.GetType().Namespace, StringComparison.Ordinal));

    [Fact]
    public void ParsesLikeTheStaticParserGivenRecognisersFromDi()
    {
        var services = new ServiceCollection().AddStepRecognisers();
        services.AddSingleton<RuleBasedUnderstanding>();
        using var provider = services.BuildServiceProvider();
        var rules = provider.GetRequiredService<RuleBasedUnderstanding>();

        Assert.Equal(StepRecognisers.Default.Count, rules.Recognisers.Count);
        foreach (var c in UnderstandingCorpus.Load())
        {
            Assert.Equal(UnderstandingCorpus.Format(RuleBasedUnderstanding.Parse(c.Text, c.HasAttachment)), UnderstandingCorpus.Format(rules.Understand(c.Text, c.HasAttachment).Steps));
        }
    }

    [Fact]
    public void ThrowsGivenNoRecognisers() => Assert.Throws<ArgumentException>(() => new RuleBasedUnderstanding([]));

    [Fact]
    public void ThrowsGivenTwoRecognisersWithOneOrder() =>
        Assert.Throws<ArgumentException>(() => new RuleBasedUnderstanding([new Fixed("discover", 1), new Fixed("view_profile", 1)]));

    [Fact]
    public void ThrowsGivenAnActionOutsideTheCatalogue() =>
        Assert.Throws<ArgumentException>(() => new RuleBasedUnderstanding([new Fixed("assign_licence", 1)]));

    [Fact]
    public void StopsAtTheFirstClaimGivenRecognisersInOrder()
    {
        var rules = new RuleBasedUnderstanding([new Fixed(DexActions.ViewProfile, 2), new Fixed(DexActions.Discover, 1)]);

        Assert.Equal(["discover"], rules.Understand("anything").Steps.Select(UnderstandingCorpus.Format));
    }

    private sealed class Fixed(string action, int order) : IStepRecogniser
    {
        public string Action => action;

        public int Order => order;

        public Recognition Recognise(ClauseContext clause) => Recognition.Of([new IntendedStep { Action = action }]);
    }
}
