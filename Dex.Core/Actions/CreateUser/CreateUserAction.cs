using Dex.Core.Directory;
using Dex.Core.Requests;
using Dex.Core.Secrets;
using Dex.Core.Understanding;
using Dex.Core.Workflows;

namespace Dex.Core.Actions.CreateUser;

/// <summary>create_user: a new account with its profile and manager; the initial password goes to a named person through a one-time link.</summary>
public sealed class CreateUserAction : DexAction
{
    public override ActionEntry Entry { get; } = new()
    {
        Name = DexActions.CreateUser,
        Description = "Create a new Entra ID user. Put the new user's UPN in userPrincipalName (and target).",
        Target = ActionTarget.NewAccount,
        TargetDescription = "The new user's UPN, or name when no UPN was given.",
        FieldsShape = FieldsShape.TopLevel,
        Fields = UserFieldSets.User,
        Parameters =
        [
            new("manager", "The manager as written (e-mail or name)."),
            new("sendCredentialsTo", "Who receives the initial credentials, as written."),
        ],
        InternalParameters = new HashSet<string>(StringComparer.Ordinal) { "managerId" },
    };

    public override string? Validate(IntendedStep step)
        => step is not null && !step.Fields.ContainsKey("userPrincipalName") && !step.Fields.ContainsKey("displayName") ? "create_user needs a name or a UPN" : null;

    public override async Task<StepPlan> PlanAsync(StepPlanning planning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planning);
        var ct = cancellationToken;
        var parameters = planning.Parameters;
        var fields = planning.Fields;
        if (planning.Intent.Target is { } target && target.Contains('@', StringComparison.Ordinal))
        {
            parameters.TryAdd("userPrincipalName", target);
        }

        var domains = await planning.Directory.GetVerifiedDomainsAsync(ct);
        var upn = (parameters.GetValueOrDefault("userPrincipalName") ?? fields.GetValueOrDefault("userPrincipalName"))?.Trim().ToLowerInvariant()
            ?? UpnFromName(fields.GetValueOrDefault("displayName") ?? planning.Intent.Target, planning.Requester.UserPrincipalName, domains);
        fields.Remove("userPrincipalName");
        if (string.IsNullOrEmpty(upn) || !System.Net.Mail.MailAddress.TryCreate(upn, out var address) || address.Address != upn || upn.Contains('\'', StringComparison.Ordinal))
        {
            return StepPlan.Fail("Say the new user's address, e.g. \"create a user noa.levi@acme.com\".");
        }

        if (!domains.Contains(address.Host, StringComparer.OrdinalIgnoreCase))
        {
            return StepPlan.Fail($"{address.Host} is not a verified domain of this tenant (verified: {string.Join(", ", domains)}).");
        }

        if (await planning.Directory.FindUserAsync(upn, ct) is not null)
        {
            return StepPlan.Fail($"{upn} already exists.");
        }

        parameters["userPrincipalName"] = upn;
        fields.TryAdd("displayName", DirectoryService.DisplayNameFromUpn(upn));
        if (parameters.TryGetValue("manager", out var managerRaw))
        {
            var manager = await planning.Directory.ResolveUserAsync(managerRaw, planning.Requester.UserPrincipalName, ct);
            if (manager.Match is null)
            {
                return StepPlan.Fail($"I couldn't find the manager \"{managerRaw}\".");
            }

            parameters["manager"] = manager.Match.UserPrincipalName;
            parameters["managerId"] = manager.Match.Id;
        }

        var problem = await planning.ResolveRecipientAsync("sendCredentialsTo", ct) ?? planning.NormaliseFields(fields.GetValueOrDefault("usageLocation"));
        return problem is null ? StepPlan.Ok(planning.Step()) : StepPlan.Fail(problem);
    }

    /// <summary>"Emily Stone" → emily.stone@ the requester's domain (else the tenant's first verified one); null when the name gives no address.</summary>
    internal static string? UpnFromName(string? displayName, string requester, IReadOnlyList<string> domains)
    {
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }

        var plain = new string(displayName.Normalize(System.Text.NormalizationForm.FormD)
            .Where(ch => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(ch) != System.Globalization.UnicodeCategory.NonSpacingMark).ToArray());
        var parts = plain.ToLowerInvariant().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => new string([.. p.Where(ch => ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')]))
            .Where(p => p.Length > 0).ToList();
        var host = requester.Split('@') is [_, var h] && domains.Contains(h, StringComparer.OrdinalIgnoreCase) ? h : domains.Count > 0 ? domains[0] : null;
        return parts.Count == 0 || host is null ? null : $"{string.Join('.', parts)}@{host.ToLowerInvariant()}";
    }

    public override string Describe(PlannedStep step, bool self)
        => $"Create the user {step.Parameters.GetValueOrDefault("userPrincipalName")}";

    public override async Task<StepOutcome> ExecuteAsync(StepExecution execution, PlannedStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(step);
        var ct = cancellationToken;
        var directory = execution.Directory;
        var upn = step.Parameters["userPrincipalName"];
        var recipient = step.Parameters.GetValueOrDefault("sendCredentialsTo") ?? execution.Requester.UserPrincipalName;
        var password = PasswordGenerator.Generate();
        var displayName = step.Fields.GetValueOrDefault("displayName") ?? DirectoryService.DisplayNameFromUpn(upn);
        var (user, created) = await directory.CreateUserAsync(upn, displayName, step.Fields, password, ct);
        if (!created)
        {
            // A retry after the user was created: the first password may be lost, so issue a fresh one.
            await directory.SetPasswordAsync(user.Id, password, ct);
        }

        if (step.Parameters.TryGetValue("managerId", out var managerId))
        {
            await directory.SetManagerAsync(user.Id, managerId, ct);
        }

        await execution.Credentials.DeliverAsync(execution.RequestId, step.Index, recipient, $"Initial password for {upn}", password, ct);
        var manager = step.Parameters.TryGetValue("manager", out var m) ? $", manager {m}" : string.Empty;
        return StepExecution.Ok(step, $"Created {displayName} ({upn}){manager}. The initial password (to be changed at first sign-in) went to {execution.Whom(recipient)} through a one-time link.");
    }
}
