using Dex.Core.Understanding;

namespace Dex.Tests.Understanding;

/// <summary>Issue 13: the requester is never the target of a text that names someone else, however it is spelt.</summary>
public sealed class RuleBasedUnderstanding_TargetTests
{
    private static string[] Steps(string text) => [.. RuleBasedUnderstanding.Parse(text).Select(UnderstandingCorpus.Format)];

    [Theory]
    [InlineData("Reset the password of tom\uFF20acme.com")]
    [InlineData("Reset the password of \uFF54\uFF4F\uFF4D\uFF20\uFF41\uFF43\uFF4D\uFF45\uFF0E\uFF43\uFF4F\uFF4D")]
    [InlineData("Reset the password of tom\uFE6Bacme.com")]
    public void ReturnsTheNamedAddressGivenCompatibilityCharacters(string text) => Assert.Equal(["password_reset > tom@acme.com"], Steps(text));

    [Theory]
    [InlineData("Reset the password of tom@acme")]
    [InlineData("Reset the password of @tom")]
    [InlineData("reset the password for #4512")]
    [InlineData("reset his password")]
    [InlineData("unlock tom@acme")]
    [InlineData("add tom@ to Sales Team")]
    public void ProposesNoStepAndSaysWhyGivenATargetThatCannotBeRead(string text)
    {
        var result = RuleBasedUnderstanding.Analyze(text);

        Assert.Empty(result.Steps);
        Assert.Contains(RuleBasedUnderstanding.UnreadablePersonNote, result.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reset my password", "password_reset > me")]
    [InlineData("I'm locked out", "unlock_user > me")]
    [InlineData("reset password", "password_reset > me")]
    public void ReturnsMeGivenASelfRequest(string text, string expected) => Assert.Equal([expected], Steps(text));

    [Fact]
    public void ReturnsThePreviousPersonGivenAPronounWithAnAntecedent() => Assert.Equal(
        ["unlock_user > kevin@acme.com", "password_reset > kevin@acme.com"],
        Steps("Unlock kevin@acme.com and reset his password"));

    [Fact]
    public void ProposesNothingAndThrowsNothingGivenAPathologicalText()
    {
        // Correctness only (the time is measured in Dex.Benchmarks "understanding").
        foreach (var unit in new[] { "give me ", "transferred to ", "show me ", "add ", "is in ", "pfp for " })
        {
            var text = string.Concat(Enumerable.Repeat(unit, 4096 / unit.Length + 1))[..4096];
            var result = RuleBasedUnderstanding.Analyze(text);
            Assert.All(result.Steps, s => Assert.Null(CatalogueRules.Validate(s)));
        }
    }
}
