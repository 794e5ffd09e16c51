namespace Dex.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project Dex.Benchmarks -- &lt;name&gt;|all`. Each benchmark prints its figures;
/// micro-benchmarks use BenchmarkDotNet, end-to-end figures (requests, wall time, memory) are measured directly.
/// </summary>
public static class Program
{
    private static readonly Dictionary<string, Func<string[], Task>> Benchmarks = new(StringComparer.OrdinalIgnoreCase)
    {
    };

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || !(Benchmarks.ContainsKey(args[0]) || args[0] == "all"))
        {
            Console.WriteLine("usage: dotnet run -c Release --project Dex.Benchmarks -- <benchmark>|all");
            Console.WriteLine("benchmarks: " + string.Join(", ", Benchmarks.Keys));
            return args.Length == 0 ? 0 : 2;
        }

        foreach (var (name, run) in Benchmarks)
        {
            if (args[0] == "all" || string.Equals(args[0], name, StringComparison.OrdinalIgnoreCase))
            {
                Console.WriteLine($"== {name}");
                await run(args[1..]);
            }
        }

        return 0;
    }
}
