using System.Buffers;
using Dex.Core.Requests;
using Dex.Core.Understanding;
using static Dex.Core.Understanding.RulePatterns;
using static Dex.Core.Understanding.RuleText;

namespace Dex.Core.Actions.UpdatePhoto;

/// <summary>"Change my profile picture to the one I just attached": attachment=true only when a file came with the message.</summary>
public sealed class UpdatePhotoRecogniser : IStepRecogniser
{
    public string Action => DexActions.UpdatePhoto;

    public int Order => 70;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var c = clause.Text;
        if (!Has(c, PhotoGate) || !PhotoWords().IsMatch(c))
        {
            return Recognition.None;
        }

        return Recognition.Of(RuleTargets.Find(c, clause).Select(t => new IntendedStep
        {
            Action = DexActions.UpdatePhoto,
            Target = t,
            Parameters = clause.HasAttachment
                ? new Dictionary<string, string>(StringComparer.Ordinal) { ["attachment"] = "true" }
                : new Dictionary<string, string>(StringComparer.Ordinal),
        }));
    }

    private static readonly SearchValues<string> PhotoGate = Gate("photo", "picture", "pic", "avatar", "headshot", "image", "pfp");
}
