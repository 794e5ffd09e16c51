using System.Diagnostics;

namespace Dex.Tests.GraphEmulator;

/// <summary>The Dex.GraphEmulator executable on its own, as docker stop, CI teardown and shells use it.</summary>
public sealed class GraphEmulatorExecutable_Signals
{
    [Fact]
    public async Task ExitsPromptlyGivenSigterm()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // SIGTERM is a POSIX signal
        }

        // The emulator's own build output sits beside the test project's (same configuration and framework).
        var dll = Path.Combine(AppContext.BaseDirectory.Replace("Dex.Tests", "Dex.GraphEmulator", StringComparison.Ordinal), "Dex.GraphEmulator.dll");
        Assert.True(File.Exists(dll), $"emulator not built at {dll}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        try
        {
            var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data?.Contains("listening on", StringComparison.Ordinal) == true)
                {
                    listening.TrySetResult(e.Data);
                }
            };
            process.BeginOutputReadLine();
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
                await kill.WaitForExitAsync();
            }

            // Generous bound for a loaded machine; without the fix the process never exits on SIGTERM.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }
}
