using Dex.Core.Requests;

namespace Dex.Core.Actions.UpdateUser;

/// <summary>update_user: an admin change of any user property (never credentials or roles).</summary>
public sealed class UpdateUserAction : FieldUpdateAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.UpdateUser,
        Description = "Admin change of any user property (not password, not roles).",
        FieldsShape = FieldsShape.Nested,
        Fields = UserFieldSets.User,
    };
}
