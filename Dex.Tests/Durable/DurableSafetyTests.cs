using Dex.Core.Directory;
using Dex.Core.Workflows;
using Dex.Local;
using Microsoft.DurableTask;

namespace Dex.Tests.Durable;

public sealed class GraphRetry_IsTransient
{
    [Fact]
    public void ReturnsTrueAndGraphsWaitGivenThrottledFailure()
    {
        var failure = new TaskFailureDetails(typeof(DirectoryException).FullName!, "Microsoft Graph refused looking up x: Too many requests [transient; retry after 7 s]", null, null, null);

        Assert.True(GraphRetry.IsTransient(failure));
        Assert.Equal(TimeSpan.FromSeconds(7), GraphRetry.RetryAfter(failure));
    }

    [Fact]
    public void ReturnsFalseGivenRefusal()
    {
        var failure = new TaskFailureDetails(typeof(DirectoryException).FullName!, "Microsoft Graph refused adding x: Insufficient privileges", null, null, null);

        Assert.False(GraphRetry.IsTransient(failure));
        Assert.Null(GraphRetry.RetryAfter(failure));
    }
}

public sealed class DexLocalApp_DurableMode
{
    [Fact]
    public async Task RefusesInMemoryEngineGivenLiveGraph()
    {
        var state = Path.Combine(Path.GetTempPath(), "dex-live-inmem-" + Guid.NewGuid().ToString("N"));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => DexLocalApp.BuildAsync(
            ["--urls=http://127.0.0.1:0", "--Dex:Graph:Mode=Live", "--Dex:Durable:Mode=InMemory", $"--Dex:State:Path={state}"]));

        Assert.Contains("InMemory is refused in Live Graph mode", e.Message, StringComparison.Ordinal);
    }
}
