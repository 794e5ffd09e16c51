using Dex.Core.Understanding;
using Xunit.Abstractions;

namespace Dex.Tests.Understanding;

/// <summary>Issue 18's blind batch (written before tuning): the phrasing classes of the issue, parsed by the rules.</summary>
public sealed class RuleBasedUnderstanding_BlindBatchTests(ITestOutputHelper output)
{
    private const double RequiredAccuracy = 0.90;

    [Fact]
    public void ParsesIssue18BlindBatchWithAtLeast90PercentExactStepAccuracy()
    {
        var batch = UnderstandingCorpus.Load("blind-batch-issue18.txt");
        Assert.True(batch.Count >= 40, $"batch has {batch.Count} requests");
        var failures = new List<string>();
        foreach (var c in batch)
        {
            var expected = UnderstandingCorpus.Format(c.Expected);
            var got = UnderstandingCorpus.Format(RuleBasedUnderstanding.Parse(c.Text, c.HasAttachment));
            if (!string.Equals(expected, got, StringComparison.Ordinal))
            {
                failures.Add($"line {c.Line} [{c.Section}]: {c.Text}\n    expected {expected}\n    got      {got}");
            }
        }

        var accuracy = (double)(batch.Count - failures.Count) / batch.Count;
        output.WriteLine($"{batch.Count - failures.Count} of {batch.Count} exact ({100.0 * accuracy:F1}%)");
        failures.ForEach(output.WriteLine);
        Assert.True(accuracy >= RequiredAccuracy, $"exact-step accuracy {accuracy:P1} < {RequiredAccuracy:P0}:\n{string.Join("\n", failures)}");
    }
}
