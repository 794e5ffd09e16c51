namespace Dex.GraphEmulator.Model;

internal static class RoleManagement
{
    /// <summary>The directory role of a template, activated on first use as Graph does.</summary>
    public static RoleEntity EnsureRole(TenantState s, string templateId)
    {
        var role = s.Roles.Find(r => string.Equals(r.RoleTemplateId, templateId, StringComparison.OrdinalIgnoreCase));
        if (role is not null)
        {
            return role;
        }

        var name = RoleTemplates.ByName.FirstOrDefault(kv => string.Equals(kv.Value, templateId, StringComparison.OrdinalIgnoreCase)).Key ?? "Custom Role";
        role = new RoleEntity
        {
            Id = Ids.For("directoryRole", templateId + "@" + s.Domain),
            DisplayName = name,
            RoleTemplateId = templateId,
            Description = $"Members of this role hold the {name} permissions.",
        };
        s.Roles.Add(role);
        s.RolesById[role.Id] = role;
        return role;
    }

    public static string AssignmentId(string templateId, string principalId) => Ids.For("roleAssignment", templateId + "/" + principalId);
}
