using Dex.Core.Intake;
using Dex.Tests.Audit;

namespace Dex.Tests.Intake;

/// <summary>What every <see cref="IOpenQuestionStore"/> must do; each store runs this same suite, reopened where it persists.</summary>
public abstract class OpenQuestionStoreContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A store over fresh, empty storage; calling it again gives a second store over the same storage.</summary>
    protected abstract IOpenQuestionStore Open();

    private static OpenQuestion Question(string request, string requester = "OID-UMA", string channel = "teams", OpenQuestionKind kind = OpenQuestionKind.Clarification, int openedMinute = 0)
        => new(request, requester, "uma@acme.com", channel, kind, $"Which Tom for {request}?", T0.AddMinutes(openedMinute), T0.AddMinutes(openedMinute).AddHours(24));

    [Fact]
    public async Task FindsTheQuestionByRequesterAndChannelGivenAnotherStoreOverTheSameStorage()
    {
        await Open().OpenAsync(Question("req-1"));

        var found = Assert.Single(await Open().FindAsync("oid-uma", " Teams ", T0.AddMinutes(1)));
        Assert.Equal(Question("req-1"), found);
    }

    [Fact]
    public async Task FindsNothingGivenAnotherRequesterOrChannel()
    {
        var store = Open();
        await store.OpenAsync(Question("req-1"));

        Assert.Empty(await store.FindAsync("oid-tom", "teams", T0));
        Assert.Empty(await store.FindAsync("oid-uma", "slack", T0));
    }

    [Fact]
    public async Task ReturnsNewestFirstAndKeepsTheKindGivenTwoOpenQuestions()
    {
        var store = Open();
        await store.OpenAsync(Question("req-old", openedMinute: 0));
        await store.OpenAsync(Question("req-new", kind: OpenQuestionKind.Confirmation, openedMinute: 5));

        var found = await store.FindAsync("OID-UMA", "teams", T0.AddMinutes(6));
        Assert.Equal(["req-new", "req-old"], found.Select(q => q.RequestId));
        Assert.Equal(OpenQuestionKind.Confirmation, found[0].Kind);
    }

    [Fact]
    public async Task ForgetsTheQuestionGivenItWasClosedAndClosingAgainIsSuccess()
    {
        var store = Open();
        await store.OpenAsync(Question("req-1"));
        await store.OpenAsync(Question("req-2"));

        await store.CloseAsync("oid-uma", "TEAMS", "req-1");
        await store.CloseAsync("oid-uma", "teams", "req-1");
        await store.CloseAsync("oid-uma", "teams", "never-opened");

        Assert.Equal(["req-2"], (await Open().FindAsync("oid-uma", "teams", T0)).Select(q => q.RequestId));
    }

    [Fact]
    public async Task ReplacesTheEntryGivenTheSameRequestOpensItsQuestionAgain()
    {
        var store = Open();
        await store.OpenAsync(Question("req-1"));
        await store.OpenAsync(Question("req-1", openedMinute: 30) with { Question = "Which Tom, again?" });

        var found = Assert.Single(await store.FindAsync("oid-uma", "teams", T0.AddMinutes(31)));
        Assert.Equal("Which Tom, again?", found.Question);
    }

    [Fact]
    public async Task IgnoresAQuestionGivenItHasExpired()
    {
        var store = Open();
        await store.OpenAsync(Question("req-1"));

        Assert.Single(await store.FindAsync("oid-uma", "teams", T0.AddHours(24).AddSeconds(-1)));
        Assert.Empty(await store.FindAsync("oid-uma", "teams", T0.AddHours(24)));
    }

    [Fact]
    public async Task KeepsChannelsApartGivenNamesWithCharactersKeysForbid()
    {
        var store = Open();
        await store.OpenAsync(Question("req/1#a", channel: "web/console?x"));
        await store.OpenAsync(Question("req-2", channel: "web"));

        Assert.Equal(["req/1#a"], (await store.FindAsync("oid-uma", "web/console?x", T0)).Select(q => q.RequestId));
        await store.CloseAsync("oid-uma", "web/console?x", "req/1#a");
        Assert.Empty(await store.FindAsync("oid-uma", "web/console?x", T0));
        Assert.Single(await store.FindAsync("oid-uma", "web", T0));
    }
}

public sealed class InMemoryOpenQuestionStore_Contract : OpenQuestionStoreContract
{
    private readonly InMemoryOpenQuestionStore _store = new();

    protected override IOpenQuestionStore Open() => _store;
}

public sealed class SqliteOpenQuestionStore_Contract : OpenQuestionStoreContract, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"dex-questions-{Guid.NewGuid():N}.db");
    private readonly List<SqliteOpenQuestionStore> _opened = [];

    protected override IOpenQuestionStore Open()
    {
        var store = new SqliteOpenQuestionStore(_path);
        _opened.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var s in _opened)
        {
            s.Dispose();
        }
    }
}

/// <summary>The store Azure uses (Table Storage), against a real Azurite, held to the same contract.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableOpenQuestionStore_Contract(AzuriteFixture azurite) : OpenQuestionStoreContract
{
    private readonly string _table = AzuriteFixture.UniqueTableName("questions");

    protected override IOpenQuestionStore Open() => new TableOpenQuestionStore(azurite.CreateServiceClient(), _table);
}
