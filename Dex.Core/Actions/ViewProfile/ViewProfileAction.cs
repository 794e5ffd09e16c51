using Dex.Core.Requests;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.ViewProfile;

/// <summary>view_profile: a user's profile, directory roles and groups.</summary>
public sealed class ViewProfileAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.ViewProfile,
        Description = "Show a user's profile, directory roles, groups and licences.",
        ReadOnly = true,
    };

    public override string Describe(PlannedStep step, bool self)
        => self ? "Show your profile, roles, groups and licences" : $"Show the profile, roles, groups and licences of {Who(step, self)}";

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var target = StepExecution.RequireTarget(step);
        var p = await execution.Directory.GetProfileAsync(target.Id, cancellationToken);
        var licences = await execution.Directory.GetLicenseDetailsAsync(target.Id, cancellationToken);
        var u = p.User;
        var lines = new[]
        {
            $"{u.DisplayName} ({u.UserPrincipalName})",
            $"job title: {u.JobTitle ?? "-"}; department: {u.Department ?? "-"}; office: {u.OfficeLocation ?? "-"}",
            $"mobile: {u.MobilePhone ?? "-"}; account {(u.AccountEnabled ? "enabled" : "disabled")}; manager: {p.Manager?.UserPrincipalName ?? "-"}",
            $"directory roles: {(p.DirectoryRoles.Count == 0 ? "none" : string.Join(", ", p.DirectoryRoles))}"
                + (p.EligibleRoles.Count == 0 ? string.Empty : $"; eligible (PIM, activate when needed): {string.Join(", ", p.EligibleRoles)}"),
            $"groups: {(p.Groups.Count == 0 ? "none" : string.Join(", ", p.Groups.Select(g => g.DisplayName).Order(StringComparer.OrdinalIgnoreCase)))}",
            $"licences: {(licences.Count == 0 ? "none" : string.Join(", ", licences.Select(Licensing.SkuNames.Friendly)))}",
        };
        return StepExecution.Ok(step, string.Join(" | ", lines));
    }
}
