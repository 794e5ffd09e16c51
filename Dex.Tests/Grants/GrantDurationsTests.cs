using Dex.Core.Actions.GrantAccess;
using Dex.Core.Grants;
using Dex.Core.Understanding;

namespace Dex.Tests.Grants;

public sealed class GrantDurations_Split
{
    [Theory]
    [InlineData("add tom@acme.com to VPN Users for 8 hours", "add tom@acme.com to VPN Users", "for 8 hours")]
    [InlineData("add tom@acme.com to VPN Users until Friday 17:00", "add tom@acme.com to VPN Users", "until Friday 17:00")]
    [InlineData("add me to Finance-M365 for the rest of the day", "add me to Finance-M365", "for the rest of the day")]
    [InlineData("give tom access to Salesforce for 2 weeks.", "give tom access to Salesforce", "for 2 weeks")]
    public void CutsTheTrailingPhraseGivenADuration(string text, string rest, string phrase)
        => Assert.Equal((rest, phrase), GrantDurations.Split(text));

    [Theory]
    [InlineData("add tom@acme.com to Access for Contractors")]
    [InlineData("add tom@acme.com to VPN Users")]
    public void LeavesTheTextGivenNoDuration(string text) => Assert.Equal((text, (string?)null), GrantDurations.Split(text));
}

public sealed class GrantDurations_Resolve
{
    // Wednesday 2 December 2026, 10:30 UTC.
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("for 8 hours", 8 * 60)]
    [InlineData("for 2 weeks", 14 * 24 * 60)]
    [InlineData("for an hour", 60)]
    [InlineData("for 30 minutes", 30)]
    public void GivesALengthGivenFor(string phrase, int minutes)
        => Assert.Equal(new GrantTime(TimeSpan.FromMinutes(minutes), null), GrantDurations.Resolve(phrase, Now, TimeZoneInfo.Utc));

    [Fact]
    public void EndsAtFridayFivePmLocalGivenUntilFriday()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var end = GrantDurations.Resolve("until Friday 17:00", Now, tokyo)!.EndsAt!.Value;
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero), end); // 17:00 in Tokyo is 08:00 UTC
    }

    [Fact]
    public void EndsAtLocalMidnightGivenTheRestOfTheDay()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        // 10:30 UTC is 19:30 in Tokyo; the day ends at 15:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 15, 0, 0, TimeSpan.Zero), GrantDurations.Resolve("for the rest of the day", Now, tokyo)!.EndsAt);
    }

    [Fact]
    public void MeansTomorrowGivenATimeAlreadyPassedToday()
        => Assert.Equal(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero), GrantDurations.Resolve("until 9:00", Now, TimeZoneInfo.Utc)!.EndsAt);

    [Theory]
    [InlineData("until he is back")]
    [InlineData("for 0 hours")]
    [InlineData("until Friday 5")]
    public void IsNullGivenAPhraseItCannotRead(string phrase) => Assert.Null(GrantDurations.Resolve(phrase, Now, TimeZoneInfo.Utc));
}

public sealed class GrantAccessRecogniser_Durations
{
    [Fact]
    public void NamesTheGroupWithoutTheDurationGivenForEightHours()
    {
        var found = new GrantAccessRecogniser().Recognise(ClauseContext.First("add tom@acme.com to VPN Users for 8 hours"));
        var step = Assert.Single(found.Steps).Step;
        Assert.Equal("VPN Users", step.Parameters["group"]);
        Assert.Equal("for 8 hours", step.Parameters[GrantStep.DurationKey]);
    }
}

public sealed class GrantRecognisers_Phrases
{
    private static async Task<IntendedStep> One(string text)
    {
        var steps = (await new RuleBasedUnderstanding().UnderstandAsync("tom@acme.com", text, false)).Steps;
        return Assert.Single(steps);
    }

    [Fact]
    public async Task ExtendsGivenExtendMyAccessBy()
    {
        var s = await One("extend my VPN Users access by 4 hours");
        Assert.Equal(("extend_access", "VPN Users", "for 4 hours"), (s.Action, s.Parameters["group"], s.Parameters[GrantStep.DurationKey]));
    }

    [Fact]
    public async Task EndsTheOnlyGrantGivenRevokeItNow() => Assert.Equal("end_access", (await One("revoke it now")).Action);

    [Fact]
    public async Task ListsGivenWhatTemporaryAccessDoIHave() => Assert.Equal("list_grants", (await One("what temporary access do I have?")).Action);

    [Fact]
    public async Task StaysARevokeGivenAPlainRevoke() => Assert.Equal("revoke_access", (await One("remove tom@acme.com from Sales Team")).Action);
}
