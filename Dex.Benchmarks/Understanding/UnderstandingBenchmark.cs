using System.Diagnostics;
using System.Globalization;
using Dex.Core.Understanding;

namespace Dex.Benchmarks.Understanding;

/// <summary>
/// Rule-based understanding throughput on one thread over the labelled corpus prompts
/// (Dex.Tests/Understanding/Corpus/understanding-corpus.txt). Target: at least 10,000 requests/s on one core.
/// Then the slowest parse of crafted 4 KB texts (target: under 50 ms each).
/// Options: --seconds N (measured time, default 5).
/// </summary>
public sealed class UnderstandingBenchmark : IDexBenchmark
{
    private const string CorpusPath = "Dex.Tests/Understanding/Corpus/understanding-corpus.txt";

    public string Name => "understanding";

    public string Description => "rule-based parser requests/s on one thread over the labelled corpus (target >= 10,000/s)";

    public Task RunAsync(string[] args)
    {
        var seconds = 5.0;
        var at = Array.IndexOf(args, "--seconds");
        if (at >= 0 && at + 1 < args.Length)
        {
            seconds = double.Parse(args[at + 1], CultureInfo.InvariantCulture);
        }

        var (prompts, source) = LoadPrompts();
        Console.WriteLine($"prompts: {prompts.Count} from {source}");

        // Warm-up: JIT, regex construction, tiered compilation.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(1.5))
        {
            foreach (var (text, attachment) in prompts)
            {
                RuleBasedUnderstanding.Parse(text, attachment);
            }
        }

        var steps = 0L;
        var requests = 0L;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var threadCpuBefore = ThreadCpu();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            foreach (var (text, attachment) in prompts)
            {
                steps += RuleBasedUnderstanding.Parse(text, attachment).Count;
            }

            requests += prompts.Count;
        }

        clock.Stop();
        var threadCpu = ThreadCpu() - threadCpuBefore;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var wallPerSecond = requests / clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"requests: {requests:N0} in {clock.Elapsed.TotalSeconds:F2} s wall on 1 thread, steps produced: {steps:N0}, {allocated / (double)requests / 1024:F1} KiB allocated/request"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wall-clock throughput: {wallPerSecond:N0} requests/s ({1e6 / wallPerSecond:F1} us/request)"));

        // On a shared machine the thread is not on a core all the time: its own CPU time gives the one-core figure.
        var perSecond = wallPerSecond;
        if (threadCpu > TimeSpan.Zero)
        {
            perSecond = requests / threadCpu.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"one-core throughput: {perSecond:N0} requests/s ({1e6 / perSecond:F1} us/request; thread CPU {threadCpu.TotalSeconds:F2} s = {100 * threadCpu / clock.Elapsed:F0}% of wall)"));
        }

        Console.WriteLine(perSecond >= 10_000 ? "target >= 10,000 requests/s on one core: met" : "target >= 10,000 requests/s on one core: NOT met");
        Pathological();
        return Task.CompletedTask;
    }

    // Crafted 4 KB texts (one long clause repeating what a pattern keys on): the slowest parse of each, in thread CPU time.
    private static readonly string[] PathologicalUnits =
    [
        "about me for ", "about me ", "enable @ ", "pfp for ", "what roles for ", "unlock for ", "creds for ", "give me ",
        "give ", "grant to ", "transferred to ", "moving to ", "show me ", "invite ", "add ", "put ", "enroll is ", "do ",
        "kick.", "remove\"", "users are ", "the list ", "move @ ", "a", "a@", "A. ", "x's ", "set my office to ",
        "my office is ", "is in ", "check if tom ", "add tom to ", "mobile to 1", "for Tom ", "\"a", "'a' ", "- a@b.co\n",
    ];

    private static void Pathological()
    {
        var worst = (Ms: 0.0, Unit: "");
        var total = 0.0;
        foreach (var unit in PathologicalUnits)
        {
            var text = string.Concat(Enumerable.Repeat(unit, (4096 / unit.Length) + 1))[..4096];
            RuleBasedUnderstanding.Parse(text);
            var best = double.MaxValue;
            for (var i = 0; i < 3; i++)
            {
                var cpu = ThreadCpu();
                var clock = Stopwatch.StartNew();
                RuleBasedUnderstanding.Parse(text);
                var ms = cpu == TimeSpan.Zero ? clock.Elapsed.TotalMilliseconds : (ThreadCpu() - cpu).TotalMilliseconds;
                best = Math.Min(best, ms);
            }

            total += best;
            if (best > worst.Ms)
            {
                worst = (best, unit);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pathological 4 KB texts: {PathologicalUnits.Length}, mean {total / PathologicalUnits.Length:F1} ms, slowest {worst.Ms:F1} ms parser time ('{worst.Unit.Replace("\n", "\\n", StringComparison.Ordinal)}' repeated)"));
        Console.WriteLine(worst.Ms < 50 ? "target < 50 ms per pathological 4 KB text: met" : "target < 50 ms per pathological 4 KB text: NOT met");
        SecretMasking();
    }

    // The intake's secret masking runs on every message before the parser: the same crafted-text target applies.
    private static readonly string[] MaskingUnits = ["password is ", "password", "pin:", "pin = \"", "eyJ", "eyJaaaaaaaaaaaa.", "token ", "secret is 'a "];

    private static void SecretMasking()
    {
        var worst = (Ms: -1.0, Unit: "");
        foreach (var unit in MaskingUnits)
        {
            var text = string.Concat(Enumerable.Repeat(unit, (4096 / unit.Length) + 1))[..4096];
            Dex.Core.Intake.SecretText.Hide(text);
            var best = double.MaxValue;
            for (var i = 0; i < 5; i++)
            {
                // Wall time of one call (a few microseconds: below the thread CPU clock's resolution here).
                var clock = Stopwatch.StartNew();
                Dex.Core.Intake.SecretText.Hide(text);
                best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
            }

            if (best > worst.Ms)
            {
                worst = (best, unit);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"secret masking of pathological 4 KB texts: {MaskingUnits.Length}, slowest {worst.Ms:F3} ms wall ('{worst.Unit}' repeated)"));
        Console.WriteLine(worst.Ms < 50 ? "target < 50 ms per pathological 4 KB text (masking): met" : "target < 50 ms per pathological 4 KB text (masking): NOT met");
    }

    // CPU time of the calling thread (Linux schedstat, nanoseconds); zero where unavailable.
    private static TimeSpan ThreadCpu()
    {
        try
        {
            var first = File.ReadAllText("/proc/thread-self/schedstat").Split(' ')[0];
            return TimeSpan.FromTicks(long.Parse(first, CultureInfo.InvariantCulture) / 100);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return TimeSpan.Zero;
        }
    }

    private static (List<(string Text, bool Attachment)> Prompts, string Source) LoadPrompts()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var file = Path.Combine(dir.FullName, CorpusPath);
                if (File.Exists(file))
                {
                    var prompts = File.ReadLines(file)
                        .Where(l => l.StartsWith("> ", StringComparison.Ordinal) || l.StartsWith("+> ", StringComparison.Ordinal))
                        .Select(l => (l[(l[0] == '+' ? 3 : 2)..].Replace("\\n", "\n", StringComparison.Ordinal), l[0] == '+'))
                        .ToList();
                    return (prompts, file);
                }
            }
        }

        // Outside the repository: the product brief's prompts.
        List<(string, bool)> brief =
        [
            ("Create a new Entra user for noa.levi@acme.com as Software Engineer in R&D, manager is david@acme.com, send credentials to david", false),
            ("Show me every locked Entra account in the Sales department and unlock the ones on this list: kevin@acme.com, priya@acme.com", false),
            ("Add sarah@acme.com to the \"Finance-Admins\" security group and the \"Finance-M365\" group", false),
            ("Reset the password for a user named \"John Smith\" — generate a strong one and force change on next login", false),
            ("Who belongs to the \"IT Support\" group? And which groups is alice@acme.com a member of?", false),
            ("Reset MFA for tom@acme.com — he got a new phone and can't sign in", false),
            ("Reset my Microsoft 365 password", false),
            ("I got a new phone, reset my MFA so I can set up the authenticator again", false),
            ("Change my profile picture to the one I just attached", true),
            ("Update my mobile number to +1 415 555 0123 and office to \"SF HQ - Floor 4\"", false),
            ("Request access to the \"All-Engineering\" Teams group", false),
        ];
        return (brief, "built-in brief prompts");
    }
}
