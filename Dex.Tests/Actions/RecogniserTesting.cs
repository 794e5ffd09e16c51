using Dex.Core.Understanding;
using Dex.Tests.Understanding;

namespace Dex.Tests.Actions;

/// <summary>Runs one recogniser on one clause and prints what it proposes in the corpus notation.</summary>
internal static class RecogniserTesting
{
    public static string[] Steps(this IStepRecogniser recogniser, string clause, bool attachment = false) =>
        recogniser.Steps(ClauseContext.First(clause, attachment));

    public static string[] Steps(this IStepRecogniser recogniser, ClauseContext clause)
    {
        var recognition = recogniser.Recognise(clause);
        return [.. recognition.Steps.Select(s => UnderstandingCorpus.Format(s.Step))];
    }

    public static bool Claims(this IStepRecogniser recogniser, string clause) => recogniser.Recognise(ClauseContext.First(clause)).Claimed;
}
