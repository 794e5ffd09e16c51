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
        {{(app.Configuration["Dex:Webhook:AllowUnsigned"] == "true" ? "Unsigned messages are allowed (Emulator mode, no Dex:Webhook:Secret): the requester in the body is believed. Never like this next to a live tenant." : "Messages must be signed (X-Dex-Timestamp, X-Dex-Signature).")}}
        Approvers sign in with Entra ID ({{(graph.IsLive ? "login.microsoftonline.com" : "the emulated sign-in: pick a person")}}).
        """);
});
await app.RunAsync();
