using Dex.Core.Directory;
using Dex.Core.Requests;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.UpdatePhoto;

/// <summary>update_photo: sets the profile photo from the JPEG or PNG attached to the message.</summary>
public sealed class UpdatePhotoAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.UpdatePhoto,
        Description = "Set a user's profile photo from the attached image.",
        MessageParameters = new HashSet<string>(StringComparer.Ordinal) { "attachment" },
        InternalParameters = new HashSet<string>(StringComparer.Ordinal) { "attachmentId", "contentType" },
    };

    public override async Task<StepPlan> PlanAsync(StepPlanning planning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planning);
        planning.Parameters.Remove("attachment");
        foreach (var id in planning.AttachmentIds)
        {
            var a = await planning.Attachments.GetAsync(id, cancellationToken);
            if (a is null)
            {
                continue;
            }

            if (a.Content.Length > ImageFormats.MaxPhotoBytes)
            {
                return StepPlan.Fail($"The photo \"{a.Name}\" is larger than 4 MB; please attach a smaller one.");
            }

            var type = ImageFormats.Detect(a.Content);
            if (type is null)
            {
                return StepPlan.Fail($"\"{a.Name}\" is not a JPEG or PNG image; profile photos must be one of those.");
            }

            planning.Parameters["attachmentId"] = a.Id;
            planning.Parameters["contentType"] = type;
            return StepPlan.Ok(planning.Step());
        }

        return StepPlan.Fail("Attach the photo (JPEG or PNG, at most 4 MB) to your message and ask again.");
    }

    public override string Describe(PlannedStep step, bool self)
        => self ? "Set your profile photo from the attachment" : $"Set the profile photo of {Who(step, self)} from the attachment";

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var target = StepExecution.RequireTarget(step);
        var attachment = await execution.Attachments.GetAsync(step.Parameters["attachmentId"], cancellationToken)
            ?? throw new DirectoryException("The attached photo is no longer available; please send it again.", 410);
        await execution.Directory.SetPhotoAsync(target.Id, attachment.Content, step.Parameters.GetValueOrDefault("contentType") ?? "image/jpeg", cancellationToken);

        // Used: the photo is not kept beside the directory (the store's lifetime removes any that are never used).
        await execution.Attachments.DeleteAsync(attachment.Id, cancellationToken);
        return StepExecution.Ok(step, $"Updated the profile photo of {execution.Name(target)}; Teams, Outlook and SharePoint pick it up within a few hours.");
    }
}
