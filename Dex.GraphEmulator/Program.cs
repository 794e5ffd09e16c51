using System.Globalization;
using Dex.GraphEmulator.Model;

namespace Dex.GraphEmulator;

/// <summary>`dotnet run --project Dex.GraphEmulator -- --tenant FILE --urls URL [options]`.</summary>
internal static class EmulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        GraphEmulatorOptions? options;
        try
        {
            options = GraphEmulatorCommandLine.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            Console.Error.WriteLine(GraphEmulatorCommandLine.Usage);
            return 2;
        }

        if (options is null)
        {
            Console.WriteLine(GraphEmulatorCommandLine.Usage);
            return 0;
        }

        GraphEmulatorServer server;
        try
        {
            server = await GraphEmulatorServer.StartAsync(options);
        }
        catch (TenantFileException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 3;
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 2;
        }

        await using (server)
        {
            Console.WriteLine($"Microsoft Graph emulator listening on {server.BaseUrl}");
            Console.WriteLine($"  tenant {server.Tenant.Domain}: {server.Tenant.Users.Count.ToString(CultureInfo.InvariantCulture)} users; stats at {server.RootUrl}/_emulator/stats");
            Console.WriteLine("  send any 'Authorization: Bearer <token>'. Ctrl+C stops.");
            var done = new TaskCompletionSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                done.TrySetResult();
            };
            AppDomain.CurrentDomain.ProcessExit += (_, _) => done.TrySetResult();
            await done.Task;
        }

        return 0;
    }
}
