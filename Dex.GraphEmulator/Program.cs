using System.Globalization;
using System.Runtime.InteropServices;
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

        // The host's console lifetime cancels the runtime's default SIGTERM exit and waits for the app to stop, so the
        // process must end on the signal itself: docker stop, CI teardown and shells send SIGTERM, not Ctrl+C. The
        // handlers go in before the server starts, so a signal sent the moment "listening on" appears is never missed.
        var done = new TaskCompletionSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Stop);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => done.TrySetResult();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            done.TrySetResult();
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
            await done.Task;
        }

        return 0;
    }
}
