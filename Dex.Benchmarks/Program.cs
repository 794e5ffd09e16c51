using System.Reflection;

namespace Dex.Benchmarks;

/// <summary>A benchmark that prints its own figures. Found by reflection, so adding one touches no shared file.</summary>
public interface IDexBenchmark
{
    string Name { get; }
    string Description { get; }
    Task RunAsync(string[] args);
}

/// <summary>
/// `dotnet run -c Release --project Dex.Benchmarks -- &lt;name&gt;|all`. Micro-benchmarks use BenchmarkDotNet;
/// end-to-end figures (Graph requests, wall time, memory) are measured directly and printed.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var all = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IDexBenchmark).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .Select(t => (IDexBenchmark)Activator.CreateInstance(t)!)
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .ToList();

        var chosen = args.Length == 0 ? [] : all.Where(b => args[0] == "all" || string.Equals(b.Name, args[0], StringComparison.OrdinalIgnoreCase)).ToList();
        if (chosen.Count == 0)
        {
            Console.WriteLine("usage: dotnet run -c Release --project Dex.Benchmarks -- <benchmark>|all [options]");
            foreach (var b in all)
            {
                Console.WriteLine($"  {b.Name,-24} {b.Description}");
            }

            return args.Length == 0 ? 0 : 2;
        }

        foreach (var b in chosen)
        {
            Console.WriteLine($"== {b.Name}: {b.Description}");
            await b.RunAsync(args[1..]);
        }

        return 0;
    }
}
