using Dex.Core.Directory;
using Dex.Local;
using Dex.Local.Durable;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

var app = await DexLocalApp.BuildAsync(args);
app.Lifetime.ApplicationStarted.Register(() =>
{
    var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? DexLocalApp.DefaultUrl;
    var graph = app.Services.GetRequiredService<GraphOptions>();
    Console.WriteLine($$"""

        Dex is running locally.
          Dex API + console : {{url}}
          Microsoft Graph   : {{graph.BaseUrl}} ({{(graph.IsLive ? "live tenant" : app.Services.GetService<Dex.GraphEmulator.GraphEmulatorServer>() is null ? "external emulator" : "embedded emulator")}})
          {{app.Services.GetRequiredService<DurableEngineChoice>().StartupLine}}

        Try a first request (an employee updating their own profile):
          curl -s -X POST {{url}}/api/messages -H 'Content-Type: application/json' \
            -d '{"id":"m1","channel":"cli","requester":"sarah@acme.com","text":"Update my mobile number to +1 415 555 0123 and office to \"SF HQ - Floor 4\""}'
        then GET the statusUrl it returns. Press Ctrl+C to stop.
        """);
});
await app.RunAsync();
