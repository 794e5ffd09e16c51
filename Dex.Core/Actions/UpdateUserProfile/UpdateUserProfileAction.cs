using Dex.Core.Directory;
using Dex.Core.Requests;

namespace Dex.Core.Actions.UpdateUserProfile;

/// <summary>update_user_profile: phone, office, job title, department (self-service or on behalf).</summary>
public sealed class UpdateUserProfileAction : FieldUpdateAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.UpdateUserProfile,
        Description = "Change profile fields: phone, office, job title, department.",
        FieldsShape = FieldsShape.Nested,
        Fields = UserFieldSets.Profile,
    };

    protected override string? OutsideScope(IEnumerable<string> fields)
    {
        var notProfile = fields.Where(k => !UserPatch.ProfileFields.Contains(k)).ToList();
        return notProfile.Count == 0 ? null : $"Profile updates cover phone, office, job title and department; {string.Join(", ", notProfile)} needs an admin.";
    }
}
