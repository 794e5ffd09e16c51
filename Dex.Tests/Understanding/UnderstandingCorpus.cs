using System.Text;
using Dex.Core.Understanding;

namespace Dex.Tests.Understanding;

/// <summary>One labelled request of the corpus.</summary>
public sealed record CorpusCase(int Line, string Section, string Text, bool HasAttachment, IReadOnlyList<IntendedStep> Expected);

/// <summary>Loads Corpus/understanding-corpus.txt (format described at its top) and prints steps in the same notation.</summary>
public static class UnderstandingCorpus
{
    private const string RelativePath = "Dex.Tests/Understanding/Corpus/understanding-corpus.txt";

    public static IReadOnlyList<CorpusCase> Load() => Parse(File.ReadAllLines(Locate()));

    /// <summary>Another labelled file beside the corpus (same format), e.g. a blind batch.</summary>
    public static IReadOnlyList<CorpusCase> Load(string fileName) => Parse(File.ReadAllLines(Locate(Path.Combine(Path.GetDirectoryName(RelativePath)!, fileName))));

    /// <summary>The corpus file, found by walking up from the test output folder to the repository.</summary>
    public static string Locate() => Locate(RelativePath);

    private static string Locate(string relativePath)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"{relativePath} not found above {AppContext.BaseDirectory}");
    }

    public static IReadOnlyList<CorpusCase> Parse(IReadOnlyList<string> lines)
    {
        var cases = new List<CorpusCase>();
        var section = "";
        (int Line, string Text, bool Attachment)? pending = null;
        var expected = new List<IntendedStep>();
        var explicitNone = false;

        void Flush()
        {
            if (pending is { } p)
            {
                if (expected.Count == 0 && !explicitNone)
                {
                    throw new FormatException($"line {p.Line}: request without expected steps");
                }

                cases.Add(new CorpusCase(p.Line, section, p.Text, p.Attachment, [.. expected]));
            }

            pending = null;
            expected.Clear();
            explicitNone = false;
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].TrimEnd();
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Flush();
                section = line[3..].Trim();
            }
            else if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            else if (line.StartsWith("> ", StringComparison.Ordinal) || line.StartsWith("+> ", StringComparison.Ordinal))
            {
                Flush();
                var attachment = line[0] == '+';
                pending = (i + 1, line[(attachment ? 3 : 2)..].Replace("\\n", "\n", StringComparison.Ordinal), attachment);
            }
            else if (line.StartsWith("= ", StringComparison.Ordinal))
            {
                var spec = line[2..].Trim();
                if (spec == "none")
                {
                    explicitNone = true;
                }
                else
                {
                    expected.Add(ParseStep(spec, i + 1));
                }
            }
            else
            {
                throw new FormatException($"line {i + 1}: unexpected '{line}'");
            }
        }

        Flush();
        return cases;
    }

    public static IntendedStep ParseStep(string spec, int line = 0)
    {
        var parts = spec.Split(" | ", StringSplitOptions.TrimEntries);
        var head = parts[0].Split(" > ", 2, StringSplitOptions.TrimEntries);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        IReadOnlyList<string> targets = [];
        foreach (var part in parts.Skip(1))
        {
            var fieldAt = part.IndexOf(":=", StringComparison.Ordinal);
            var paramAt = part.IndexOf('=', StringComparison.Ordinal);
            if (fieldAt > 0 && fieldAt < paramAt)
            {
                fields[part[..fieldAt]] = part[(fieldAt + 2)..];
            }
            else if (paramAt > 0 && part[..paramAt] == "targets")
            {
                targets = part[(paramAt + 1)..].Split(';', StringSplitOptions.TrimEntries);
            }
            else if (paramAt > 0)
            {
                parameters[part[..paramAt]] = part[(paramAt + 1)..];
            }
            else
            {
                throw new FormatException($"line {line}: bad part '{part}'");
            }
        }

        return new IntendedStep
        {
            Action = head[0],
            Target = head.Length > 1 ? head[1] : null,
            Targets = targets,
            Parameters = parameters,
            Fields = fields,
        };
    }

    /// <summary>The corpus notation of a step, keys sorted, so two steps are equal exactly when their formats are.</summary>
    public static string Format(IntendedStep step)
    {
        var sb = new StringBuilder(step.Action);
        if (step.Target is not null)
        {
            sb.Append(" > ").Append(step.Target);
        }

        if (step.Targets.Count > 0)
        {
            sb.Append(" | targets=").Append(string.Join(';', step.Targets));
        }

        foreach (var (k, v) in step.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append(" | ").Append(k).Append('=').Append(v);
        }

        foreach (var (k, v) in step.Fields.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append(" | ").Append(k).Append(":=").Append(v);
        }

        return sb.ToString();
    }

    public static string Format(IReadOnlyList<IntendedStep> steps) => steps.Count == 0 ? "none" : string.Join("  &&  ", steps.Select(Format));
}
