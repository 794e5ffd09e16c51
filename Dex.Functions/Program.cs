using Dex.Core;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddDexCore();
var host = builder.Build();

// A bad policy file stops the app at start-up with a message naming the place.
_ = host.Services.GetRequiredService<Dex.Core.Policy.PolicyDocument>();
host.Run();
