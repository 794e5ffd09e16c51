using Dex.Core.Requests;
using Dex.Core.Understanding;
using Xunit.Abstractions;

namespace Dex.Tests.Understanding;

/// <summary>Exact-step accuracy of the rule parser over the labelled corpus.</summary>
public sealed class RuleBasedUnderstanding_CorpusTests(ITestOutputHelper output)
{
    private const double RequiredAccuracy = 0.95;

    [Fact]
    public void CorpusHasAtLeast150LabelledRequestsCoveringEveryAction()
    {
        var corpus = UnderstandingCorpus.Load();
        Assert.True(corpus.Count >= 150, $"corpus has {corpus.Count} requests");
        var covered = corpus.SelectMany(c => c.Expected).Select(s => s.Action).ToHashSet(StringComparer.Ordinal);
        Assert.All(DexActions.All, a => Assert.Contains(a, covered));
        Assert.All(corpus.SelectMany(c => c.Expected), s => Assert.Null(CatalogueRules.Validate(s)));
        Assert.Contains(corpus, c => c.Expected.Count == 0);
    }

    [Fact]
    public void ParsesTheCorpusWithAtLeast95PercentExactStepAccuracy()
    {
        var corpus = UnderstandingCorpus.Load();
        var perAction = new SortedDictionary<string, (int Expected, int Exact)>(StringComparer.Ordinal);
        var exactRequests = 0;
        var failures = new List<string>();
        foreach (var c in corpus)
        {
            var actual = RuleBasedUnderstanding.Parse(c.Text, c.HasAttachment);
            var expected = c.Expected.Select(UnderstandingCorpus.Format).ToList();
            var got = actual.Select(UnderstandingCorpus.Format).ToList();
            var exact = expected.SequenceEqual(got, StringComparer.Ordinal);
            if (exact)
            {
                exactRequests++;
            }
            else
            {
                failures.Add($"line {c.Line}: {c.Text.Replace("\n", "\\n", StringComparison.Ordinal)}\n    expected {UnderstandingCorpus.Format(c.Expected)}\n    got      {UnderstandingCorpus.Format(actual)}");
            }

            // Per action: each expected step counts as exact when the very same step was produced.
            var remaining = new List<string>(got);
            foreach (var (step, text) in c.Expected.Zip(expected))
            {
                var hit = remaining.Remove(text);
                var row = perAction.GetValueOrDefault(step.Action);
                perAction[step.Action] = (row.Expected + 1, row.Exact + (hit ? 1 : 0));
            }

            if (c.Expected.Count == 0)
            {
                var row = perAction.GetValueOrDefault("(none)");
                perAction["(none)"] = (row.Expected + 1, row.Exact + (actual.Count == 0 ? 1 : 0));
            }
        }

        output.WriteLine($"{"action",-22} {"steps",6} {"exact",6} {"accuracy",9}");
        foreach (var (action, (expectedCount, exactCount)) in perAction)
        {
            output.WriteLine($"{action,-22} {expectedCount,6} {exactCount,6} {100.0 * exactCount / expectedCount,8:F1}%");
        }

        var accuracy = (double)exactRequests / corpus.Count;
        output.WriteLine($"{"all requests",-22} {corpus.Count,6} {exactRequests,6} {100.0 * accuracy,8:F1}%  (exact: every step of the request right, in order)");
        foreach (var f in failures)
        {
            output.WriteLine(f);
        }

        Assert.True(accuracy >= RequiredAccuracy, $"exact-step accuracy {accuracy:P1} < {RequiredAccuracy:P0}; {failures.Count} requests wrong:\n{string.Join("\n", failures)}");
    }
}
