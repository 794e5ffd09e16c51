using Dex.Core.Requests;
using Dex.Core.Understanding;

namespace Dex.Core.Actions.UpdateUserProfile;

/// <summary>"Update my mobile number to +1 415 555 0123 and office to \"SF HQ - Floor 4\"": only self-service profile fields.</summary>
public sealed class UpdateUserProfileRecogniser : IStepRecogniser
{
    public string Action => DexActions.UpdateUserProfile;

    public int Order => 90;

    public Recognition Recognise(ClauseContext clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        if (RuleFields.Read(clause.Text) is not { } change || !change.Fields.Keys.All(CatalogueRules.ProfileFields.Contains))
        {
            return Recognition.None;
        }

        var targets = change.ExplicitTarget is not null ? [change.ExplicitTarget] : RuleTargets.Find(change.Rest, clause);
        return Recognition.Of(targets.Select(t => new IntendedStep { Action = DexActions.UpdateUserProfile, Target = t, Fields = change.Fields }));
    }
}
