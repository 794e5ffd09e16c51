using System.Net.Http.Headers;
using Dex.GraphEmulator;
using Dex.Local.Durable;
using Dex.Tests.Audit;
using Dex.Tests.Support;

namespace Dex.Tests.Durable;

/// <summary>What a crash test runs Dex.Local on: a state folder, Azurite for the durable engine, the emulator and a raw Graph client.</summary>
public sealed class CrashRig : IAsyncDisposable
{
    private CrashRig(string state, EmbeddedAzurite azurite, GraphEmulatorServer emulator)
    {
        State = state;
        Azurite = azurite;
        Emulator = emulator;
        Graph = new HttpClient { BaseAddress = new Uri(emulator.BaseUrl + "/") };
        Graph.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "test");
    }

    public string State { get; }
    public EmbeddedAzurite Azurite { get; }
    public GraphEmulatorServer Emulator { get; }
    public HttpClient Graph { get; }

    /// <param name="name">Names the temporary folders.</param>
    /// <param name="tenant">The tenant file the emulator serves, given the state folder (a test may write one there).</param>
    public static async Task<CrashRig> StartAsync(string name, Func<string, Task<string>> tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        _ = await AzuriteInstall.EnsureAsync(RepoPaths.Root);
        var entry = Path.Combine(RepoPaths.Root, "tools", "azurite", "node_modules", "azurite", "dist", "src", "azurite.js");
        var state = Directory.CreateTempSubdirectory($"dex-{name}-").FullName;
        var azurite = await EmbeddedAzurite.StartAsync(entry, Directory.CreateTempSubdirectory($"dex-{name}-storage-").FullName, CancellationToken.None);
        var emulator = await GraphEmulatorServer.StartAsync(new GraphEmulatorOptions { TenantPath = await tenant(state) });
        return new CrashRig(state, azurite, emulator);
    }

    public async ValueTask DisposeAsync()
    {
        Graph.Dispose();
        await Emulator.DisposeAsync();
        Azurite.Dispose();
        try
        {
            Directory.Delete(State, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
