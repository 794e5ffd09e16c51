using Dex.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Dex.Tests.Workflows;

/// <summary>
/// Orchestrator code replays from history, so it must not read clocks, make ids or randomness, sleep, or do I/O except
/// through <c>TaskOrchestrationContext</c>. The Durable Task analyzers would check this but crash on this code base
/// ("Syntax node is not within syntax tree", every orchestration analyzer of 1.28.0), so this test parses Dex.Core and
/// checks every piece of orchestration code: methods taking a <c>TaskOrchestrationContext</c>, and every member of a
/// class whose constructor takes one.
/// </summary>
public sealed class Orchestrators_Determinism
{
    private static readonly string[] ForbiddenAccesses =
    [
        "DateTime.Now", "DateTime.UtcNow", "DateTime.Today", "DateTimeOffset.Now", "DateTimeOffset.UtcNow", "Guid.NewGuid",
        "Random.Shared", "Task.Delay", "Task.Run", "Thread.Sleep", "TimeProvider.System", "Stopwatch.StartNew", "Stopwatch.GetTimestamp",
        "Environment.GetEnvironmentVariable", "Environment.TickCount", "Environment.TickCount64", "File.ReadAllText", "File.WriteAllText",
        "File.Exists", "File.OpenRead", "Console.WriteLine",
    ];

    private static readonly string[] ForbiddenCreations = ["Random", "HttpClient", "Stopwatch", "FileStream"];

    private sealed record Finding(string File, int Line, string What);

    private static IEnumerable<(string File, SyntaxNode Code)> OrchestrationCode()
    {
        var root = Path.Combine(RepoPaths.Root, "Dex.Core");
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: file);
            var relative = Path.GetRelativePath(RepoPaths.Root, file);
            var syntax = tree.GetRoot();
            foreach (var type in syntax.DescendantNodes().OfType<TypeDeclarationSyntax>())
            {
                var ctorTakesContext = (type.ParameterList?.Parameters ?? default).Any(TakesContext)
                    || type.Members.OfType<ConstructorDeclarationSyntax>().Any(c => c.ParameterList.Parameters.Any(TakesContext));
                if (ctorTakesContext)
                {
                    yield return (relative, type);
                    continue;
                }

                foreach (var method in type.Members.OfType<MethodDeclarationSyntax>().Where(m => m.ParameterList.Parameters.Any(TakesContext)))
                {
                    yield return (relative, method);
                }
            }
        }
    }

    private static bool TakesContext(ParameterSyntax p) => p.Type?.ToString() is "TaskOrchestrationContext" or "Microsoft.DurableTask.TaskOrchestrationContext";

    private static List<Finding> Findings(string file, SyntaxNode code)
    {
        var findings = new List<Finding>();
        int Line(SyntaxNode n) => n.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        foreach (var access in code.DescendantNodes().OfType<MemberAccessExpressionSyntax>())
        {
            var text = $"{access.Expression.ToString().Split('.')[^1]}.{access.Name.Identifier.ValueText}";
            if (ForbiddenAccesses.Contains(text, StringComparer.Ordinal))
            {
                findings.Add(new(file, Line(access), text));
            }

            if (access.Name.Identifier.ValueText == "ConfigureAwait")
            {
                findings.Add(new(file, Line(access), "ConfigureAwait (an orchestrator must resume on its own scheduler)"));
            }
        }

        foreach (var creation in code.DescendantNodes().OfType<ObjectCreationExpressionSyntax>())
        {
            var name = creation.Type.ToString().Split('.')[^1];
            if (ForbiddenCreations.Contains(name, StringComparer.Ordinal))
            {
                findings.Add(new(file, Line(creation), "new " + name));
            }
        }

        return findings;
    }

    [Fact]
    public void ReturnsNoClockIdRandomnessSleepOrIoGivenOrchestrationCode()
    {
        var code = OrchestrationCode().ToList();

        // The scan must see the request workflow, or it proves nothing.
        Assert.Contains(code, c => c.File.EndsWith("RequestWorkflow.cs", StringComparison.Ordinal));
        Assert.Contains(code, c => c.File.EndsWith("ApprovalStages.cs", StringComparison.Ordinal));
        var findings = code.SelectMany(c => Findings(c.File, c.Code)).Distinct().ToList();
        Assert.True(findings.Count == 0, string.Join("\n", findings.Select(f => $"{f.File}:{f.Line}: {f.What} in orchestration code")));
    }

    [Fact]
    public void ReturnsFindingGivenOrchestratorReadingTheClock()
    {
        var tree = CSharpSyntaxTree.ParseText("""
            class Bad
            {
                async Task RunAsync(TaskOrchestrationContext context)
                {
                    var now = DateTime.UtcNow;
                    await Task.Delay(10).ConfigureAwait(false);
                    var id = Guid.NewGuid();
                    var r = new Random();
                }
            }
            """);
        var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single();

        var findings = Findings("Bad.cs", method).Select(f => f.What).ToList();

        Assert.Contains("DateTime.UtcNow", findings);
        Assert.Contains("Task.Delay", findings);
        Assert.Contains("Guid.NewGuid", findings);
        Assert.Contains("new Random", findings);
        Assert.Contains(findings, f => f.StartsWith("ConfigureAwait", StringComparison.Ordinal));
    }
}
