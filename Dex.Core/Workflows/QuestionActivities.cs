using Dex.Core.Directory;
using Dex.Core.Intake;

namespace Dex.Core.Workflows;

/// <summary>
/// Keeps <see cref="IOpenQuestionStore"/> in step with the questions a workflow asks (the orchestrator does no I/O itself).
/// Both are idempotent: opening twice replaces, closing what is gone is success.
/// </summary>
public sealed class QuestionActivities(IOpenQuestionStore questions, DirectoryService directory)
{
    /// <summary>Indexes the question; returns it as stored (with the requester's object id resolved), or null when the requester is unknown.</summary>
    public async Task<OpenQuestion?> OpenQuestion(OpenQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (question.RequesterId.Length == 0)
        {
            // The plan had no resolved requester: look them up once here, so the key is still the object id.
            if (await directory.FindUserAsync(question.RequesterUpn) is not { } user)
            {
                return null;
            }

            question = question with { RequesterId = user.Id };
        }

        await questions.OpenAsync(question);
        return question;
    }

    public async Task<bool> CloseQuestion(OpenQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        await questions.CloseAsync(question.RequesterId, question.Channel, question.RequestId);
        return true;
    }
}
