using System.Text.Json.Serialization;
using Dex.Core.Directory;

namespace Dex.Core.Policy;

/// <summary>
/// The guardrail settings admins tune (policy <c>guardrails</c>): which roles make a target privileged and which
/// profile fields employees may change about themselves. The guardrails themselves always apply.
/// </summary>
public sealed record GuardrailPolicy
{
    /// <summary>Directory roles whose holders (active, PIM-eligible or time-bound) count as privileged.</summary>
    [JsonPropertyName("privilegedRoles")] public IReadOnlyList<string> PrivilegedRoles { get; init; } = Directory.PrivilegedRoles.All;

    /// <summary>Profile fields an employee may change about themselves: fields that grant nothing (no dynamic group or Conditional Access feeds on them).</summary>
    [JsonPropertyName("selfServiceFields")] public IReadOnlyList<string> SelfServiceFields { get; init; } = ["mobilePhone", "businessPhones", "officeLocation"];

    /// <summary>Who may change their own other profile fields (department, job title): admins and HR.</summary>
    [JsonPropertyName("profileEditors")] public PrincipalSet ProfileEditors { get; init; } = new()
    {
        Roles = [Directory.PrivilegedRoles.GlobalAdministrator, Directory.PrivilegedRoles.UserAdministrator],
        Groups = ["HR"],
    };
}
