using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Dex.GraphEmulator.Model;

/// <summary>Thrown when a tenant file is unreadable or invalid; the message names the bad field.</summary>
public sealed class TenantFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Reads, validates and materialises tenant files (DESIGN §7).</summary>
internal static class TenantLoader
{
    public static readonly string[] MethodKinds = ["password", "microsoftAuthenticator", "phone", "softwareOath", "fido2", "email", "temporaryAccessPass", "windowsHelloForBusiness"];
    public static readonly string[] RiskLevels = ["low", "medium", "high", "hidden", "none"];
    public static readonly string[] RiskStates = ["none", "confirmedSafe", "remediated", "dismissed", "atRisk", "confirmedCompromised"];
    internal static readonly DateTimeOffset BaseCreated = new(2024, 1, 15, 8, 0, 0, TimeSpan.Zero);

    public static TenantFile LoadFile(string? path)
    {
        string json;
        var source = path ?? "built-in sample tenant";
        try
        {
            json = path is null ? ReadSample() : File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new TenantFileException($"Tenant file '{source}' cannot be read: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new TenantFileException($"Tenant file '{source}' cannot be read: {ex.Message}", ex);
        }

        try
        {
            return JsonSerializer.Deserialize(json, TenantFileJsonContext.Default.TenantFile)
                   ?? throw new TenantFileException($"Tenant file '{source}' is empty (expected a JSON object).");
        }
        catch (JsonException ex)
        {
            // JsonException carries the JSON path ($.users[3].accountEnabled) of the bad field.
            throw new TenantFileException($"Tenant file '{source}' is invalid at {ex.Path ?? "$"} (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }
    }

    public static string ReadSample()
    {
        var asm = typeof(TenantLoader).Assembly;
        var name = asm.GetManifestResourceNames().Single(n => n.EndsWith("sample-tenant.json", StringComparison.Ordinal));
        using var stream = asm.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static TenantState Build(TenantFile file, string source)
    {
        var errors = new List<string>();
        void Err(string field, string message) => errors.Add($"{field}: {message}");

        var domain = file.Domain?.Trim();
        if (string.IsNullOrEmpty(domain) || !domain.Contains('.', StringComparison.Ordinal))
        {
            Err("domain", "required, a DNS domain such as 'acme.com'");
            domain = "invalid.example";
        }

        var verified = new List<string> { domain };
        foreach (var d in file.VerifiedDomains ?? [])
        {
            if (!verified.Contains(d, StringComparer.OrdinalIgnoreCase))
            {
                verified.Add(d);
            }
        }

        var initial = domain.Split('.')[0] + ".onmicrosoft.com";
        if (!verified.Contains(initial, StringComparer.OrdinalIgnoreCase))
        {
            verified.Add(initial);
        }

        var state = new TenantState
        {
            CountryLetterCode = string.IsNullOrWhiteSpace(file.CountryLetterCode) ? "US" : file.CountryLetterCode.Trim().ToUpperInvariant(),
            Domain = domain,
            DisplayName = file.DisplayName ?? domain,
            TenantId = file.TenantId ?? Ids.For("tenant", domain),
            VerifiedDomains = verified,
        };

        // Users first (managers and memberships refer to them).
        var users = file.Users ?? [];
        for (var i = 0; i < users.Count; i++)
        {
            var f = users[i];
            var at = $"users[{i}]";
            if (string.IsNullOrWhiteSpace(f.UserPrincipalName) || f.UserPrincipalName.IndexOf('@', StringComparison.Ordinal) <= 0)
            {
                Err($"{at}.userPrincipalName", "required, of the form name@domain");
                continue;
            }

            if (string.IsNullOrWhiteSpace(f.DisplayName))
            {
                Err($"{at}.displayName", "required");
                continue;
            }

            if (state.UsersByUpn.ContainsKey(f.UserPrincipalName))
            {
                Err($"{at}.userPrincipalName", $"duplicate '{f.UserPrincipalName}'");
                continue;
            }

            if (f.Id is not null && !Ids.IsGuid(f.Id))
            {
                Err($"{at}.id", $"'{f.Id}' is not a GUID");
                continue;
            }

            if (f.Id is not null && state.UsersById.ContainsKey(f.Id))
            {
                Err($"{at}.id", $"duplicate id '{f.Id}'");
                continue;
            }

            var user = UserFrom(f, BaseCreated.AddMinutes(i));

            var kinds = f.AuthenticationMethods ?? ["password"];
            for (var k = 0; k < kinds.Count; k++)
            {
                var kind = MethodKinds.FirstOrDefault(m => string.Equals(m, kinds[k], StringComparison.OrdinalIgnoreCase));
                if (kind is null)
                {
                    Err($"{at}.authenticationMethods[{k}]", $"unknown method '{kinds[k]}' (expected one of {string.Join(", ", MethodKinds)})");
                }
            }

            // Every account has a password method; the file lists the others.
            AddMethod(user, "password");
            foreach (var kind in kinds.Select(k => MethodKinds.FirstOrDefault(m => string.Equals(m, k, StringComparison.OrdinalIgnoreCase))).OfType<string>().Distinct(StringComparer.Ordinal))
            {
                if (kind != "password")
                {
                    AddMethod(user, kind);
                }
            }

            if (f.Risk is { } risk)
            {
                var level = Canonical(risk.RiskLevel ?? "none", RiskLevels);
                var rstate = Canonical(risk.RiskState ?? (level == "none" ? "none" : "atRisk"), RiskStates);
                if (level is null)
                {
                    Err($"{at}.risk.riskLevel", $"'{risk.RiskLevel}' is not one of {string.Join(", ", RiskLevels)}");
                }

                if (rstate is null)
                {
                    Err($"{at}.risk.riskState", $"'{risk.RiskState}' is not one of {string.Join(", ", RiskStates)}");
                }

                user.Risk = new RiskEntity
                {
                    RiskLevel = level ?? "none",
                    RiskState = rstate ?? "none",
                    RiskDetail = risk.RiskDetail ?? "none",
                    RiskLastUpdatedDateTime = BaseCreated.AddDays(300),
                };
            }

            state.AddUser(user);
        }

        for (var i = 0; i < users.Count; i++)
        {
            if (users[i].Manager is { } mgr && users[i].UserPrincipalName is { } upn && state.UsersByUpn.TryGetValue(upn, out var u))
            {
                var m = state.FindUser(mgr);
                if (m is null)
                {
                    Err($"users[{i}].manager", $"'{mgr}' is not a user of this tenant");
                }
                else if (ReferenceEquals(m, u))
                {
                    Err($"users[{i}].manager", "a user cannot be their own manager");
                }
                else
                {
                    u.ManagerId = m.Id;
                }
            }
        }

        // Groups: create all, then resolve members (members may be nested groups).
        var groups = file.Groups ?? [];
        var created = new GroupEntity?[groups.Count];
        var groupNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var groupsByName = new Dictionary<string, GroupEntity>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < groups.Count; i++)
        {
            var f = groups[i];
            var at = $"groups[{i}]";
            if (string.IsNullOrWhiteSpace(f.DisplayName))
            {
                Err($"{at}.displayName", "required");
                continue;
            }

            if (!groupNames.Add(f.DisplayName))
            {
                Err($"{at}.displayName", $"duplicate group '{f.DisplayName}'");
                continue;
            }

            var kind = (f.Kind ?? "security").ToLowerInvariant();
            var (types, security, mail) = kind switch
            {
                "security" => (new List<string>(), true, false),
                "m365" or "microsoft365" or "unified" => (["Unified"], false, true),
                "distribution" => ([], false, true),
                "mailenabledsecurity" => ([], true, true),
                _ => (null, false, false),
            };
            if (types is null)
            {
                Err($"{at}.kind", $"'{f.Kind}' is not one of security, m365, distribution, mailEnabledSecurity");
                continue;
            }

            if (f.Id is not null && !Ids.IsGuid(f.Id))
            {
                Err($"{at}.id", $"'{f.Id}' is not a GUID");
                continue;
            }

            if (f.Id is not null && state.FindObject(f.Id) is not null)
            {
                Err($"{at}.id", $"duplicate id '{f.Id}'");
                continue;
            }

            var nick = f.MailNickname ?? MailNickname(f.DisplayName);
            var g = new GroupEntity
            {
                Id = f.Id ?? Ids.For("group", f.DisplayName),
                DisplayName = f.DisplayName,
                Description = f.Description,
                MailNickname = nick,
                Mail = mail ? $"{nick}@{domain}" : null,
                GroupTypes = types,
                SecurityEnabled = security,
                MailEnabled = mail,
                IsAssignableToRole = f.IsAssignableToRole ?? false,
                Visibility = f.Visibility ?? (types.Count > 0 ? "Private" : null),
                CreatedDateTime = BaseCreated.AddHours(i),
            };
            if (g.IsAssignableToRole && !g.SecurityEnabled)
            {
                Err($"{at}.isAssignableToRole", "only security groups (or M365 groups with securityEnabled) can be role-assignable; use kind 'security'");
            }

            created[i] = g;
            groupsByName[g.DisplayName] = g;
            state.AddGroup(g);
        }

        for (var i = 0; i < groups.Count; i++)
        {
            if (created[i] is not { } g)
            {
                continue;
            }

            var members = groups[i].Members ?? [];
            for (var k = 0; k < members.Count; k++)
            {
                var id = state.FindUser(members[k])?.Id ?? groupsByName.GetValueOrDefault(members[k])?.Id ?? ResolveMember(state, members[k]);
                if (id is null)
                {
                    Err($"groups[{i}].members[{k}]", $"'{members[k]}' is neither a user UPN nor a group name");
                }
                else if (string.Equals(id, g.Id, StringComparison.OrdinalIgnoreCase))
                {
                    Err($"groups[{i}].members[{k}]", "a group cannot contain itself");
                }
                else
                {
                    g.AddMember(id);
                }
            }

            var owners = groups[i].Owners ?? [];
            for (var k = 0; k < owners.Count; k++)
            {
                var owner = state.FindUser(owners[k]);
                if (owner is null)
                {
                    Err($"groups[{i}].owners[{k}]", $"'{owners[k]}' is not a user of this tenant");
                }
                else
                {
                    g.AddOwner(owner.Id);
                }
            }
        }

        var roles = file.DirectoryRoles ?? [];
        for (var i = 0; i < roles.Count; i++)
        {
            var f = roles[i];
            var at = $"directoryRoles[{i}]";
            if (string.IsNullOrWhiteSpace(f.DisplayName))
            {
                Err($"{at}.displayName", "required");
                continue;
            }

            var template = f.RoleTemplateId ?? RoleTemplates.ByName.GetValueOrDefault(f.DisplayName);
            if (template is null || !Ids.IsGuid(template))
            {
                Err($"{at}.displayName", $"unknown role '{f.DisplayName}'; use a built-in role name or give roleTemplateId");
                continue;
            }

            if (state.Roles.Exists(r => string.Equals(r.RoleTemplateId, template, StringComparison.OrdinalIgnoreCase)))
            {
                Err($"{at}.displayName", $"role '{f.DisplayName}' listed twice");
                continue;
            }

            var role = new RoleEntity
            {
                Id = Ids.For("directoryRole", template + "@" + domain),
                DisplayName = f.DisplayName,
                RoleTemplateId = template,
                Description = f.Description ?? $"Members of this role hold the {f.DisplayName} permissions.",
            };
            var members = f.Members ?? [];
            for (var k = 0; k < members.Count; k++)
            {
                var id = ResolveMember(state, members[k]);
                if (id is null)
                {
                    Err($"{at}.members[{k}]", $"'{members[k]}' is neither a user UPN nor a group name");
                }
                else
                {
                    role.AddMember(id);
                }
            }

            state.Roles.Add(role);
            state.RolesById[role.Id] = role;
        }

        var sps = file.ServicePrincipals ?? [];
        for (var i = 0; i < sps.Count; i++)
        {
            var f = sps[i];
            var at = $"servicePrincipals[{i}]";
            if (string.IsNullOrWhiteSpace(f.DisplayName))
            {
                Err($"{at}.displayName", "required");
                continue;
            }

            var sp = new ServicePrincipalEntity
            {
                Id = f.Id ?? Ids.For("servicePrincipal", f.DisplayName),
                AppId = f.AppId ?? Ids.For("application", f.DisplayName),
                DisplayName = f.DisplayName,
                Tags = f.Tags?.ToList() ?? ["WindowsAzureActiveDirectoryIntegratedApp"],
                CreatedDateTime = BaseCreated.AddDays(i),
            };
            foreach (var role in f.AppRoles ?? [])
            {
                sp.AppRoles.Add(new AppRoleEntity(Ids.For("appRole", f.DisplayName + "/" + role), role, role));
            }

            var assignments = f.Assignments ?? [];
            for (var k = 0; k < assignments.Count; k++)
            {
                var parts = assignments[k].Split(':', 2);
                var principal = ResolveMember(state, parts[0]);
                var appRole = parts.Length == 2 ? sp.AppRoles.Find(r => string.Equals(r.Value, parts[1], StringComparison.OrdinalIgnoreCase)) : null;
                if (principal is null)
                {
                    Err($"{at}.assignments[{k}]", $"'{parts[0]}' is neither a user UPN nor a group name");
                    continue;
                }

                if (parts.Length == 2 && appRole is null)
                {
                    Err($"{at}.assignments[{k}]", $"app role '{parts[1]}' is not in appRoles");
                    continue;
                }

                AddAssignment(state, sp, principal, appRole?.Id ?? Ids.DefaultAppRoleId, BaseCreated.AddDays(30));
            }

            sp.Owner = state;
            state.ServicePrincipals.Add(sp);
            state.ServicePrincipalsById[sp.Id] = sp;
        }

        var skus = file.SubscribedSkus ?? [];
        for (var i = 0; i < skus.Count; i++)
        {
            var f = skus[i];
            if (string.IsNullOrWhiteSpace(f.SkuPartNumber))
            {
                Err($"subscribedSkus[{i}].skuPartNumber", "required");
                continue;
            }

            if (f.Enabled < 0 || f.Consumed < 0)
            {
                Err($"subscribedSkus[{i}]", "enabled and consumed must not be negative");
            }

            state.Skus.Add(TenantLoaderExtras.Sku(f, i, Err));
        }

        TenantLoaderExtras.Apply(file, state, Err);

        if (errors.Count > 0)
        {
            var shown = string.Join(Environment.NewLine + "  ", errors.Take(20));
            var more = errors.Count > 20 ? $"{Environment.NewLine}  … and {errors.Count - 20} more" : "";
            throw new TenantFileException($"Tenant file '{source}' is invalid:{Environment.NewLine}  {shown}{more}");
        }

        return state;
    }

    public static AppRoleAssignmentEntity AddAssignment(TenantState state, ServicePrincipalEntity sp, string principalId, string appRoleId, DateTimeOffset at)
    {
        var (type, name) = state.FindObject(principalId) switch
        {
            UserEntity u => ("User", u.DisplayName),
            GroupEntity g => ("Group", g.DisplayName),
            ServicePrincipalEntity s => ("ServicePrincipal", s.DisplayName),
            _ => ("User", principalId),
        };
        var a = new AppRoleAssignmentEntity
        {
            // Graph assignment ids are opaque strings; a deterministic GUID-derived value keeps runs reproducible.
            Id = Ids.For("assignment", $"{sp.Id}/{principalId}/{appRoleId}"),
            PrincipalId = principalId,
            PrincipalType = type,
            PrincipalDisplayName = name,
            ResourceId = sp.Id,
            ResourceDisplayName = sp.DisplayName,
            AppRoleId = appRoleId,
            CreatedDateTime = at,
        };
        sp.AppRoleAssignedTo.Add(a);
        if (state.UsersById.TryGetValue(principalId, out var user))
        {
            user.AppRoleAssignments.Add(a);
        }

        return a;
    }

    /// <summary>A user as the tenant file describes it (live or soft-deleted alike); the caller has checked UPN and display name.</summary>
    internal static UserEntity UserFrom(UserFile f, DateTimeOffset created)
    {
        var upn = f.UserPrincipalName ?? throw new ArgumentException("userPrincipalName is required.", nameof(f));
        return new()
        {
            Id = f.Id ?? Ids.For("user", upn),
            UserPrincipalName = upn,
            DisplayName = f.DisplayName ?? throw new ArgumentException("displayName is required.", nameof(f)),
            GivenName = f.GivenName,
            Surname = f.Surname,
            Mail = f.Mail ?? upn,
            MailNickname = f.MailNickname ?? upn.Split('@')[0],
            Department = f.Department,
            JobTitle = f.JobTitle,
            CompanyName = f.CompanyName,
            EmployeeId = f.EmployeeId,
            OfficeLocation = f.OfficeLocation,
            City = f.City,
            Country = f.Country,
            MobilePhone = f.MobilePhone,
            BusinessPhones = f.BusinessPhones?.ToList() ?? [],
            UsageLocation = f.UsageLocation,
            PreferredLanguage = f.PreferredLanguage,
            UserType = f.UserType ?? "Member",
            AccountEnabled = f.AccountEnabled ?? true,
            CreatedDateTime = created,
        };
    }

    public static void AddMethod(UserEntity user, string kind)
    {
        var created = user.CreatedDateTime.AddHours(1 + user.AuthMethods.Count);
        var id = kind switch
        {
            "password" => Ids.PasswordMethodId,
            "phone" => Ids.MobilePhoneMethodId,
            _ => Ids.For("method:" + kind, user.Id),
        };
        var first = user.GivenName ?? user.DisplayName.Split(' ')[0];
        user.AuthMethods.Add(kind switch
        {
            "phone" => new AuthMethodEntity { Id = id, Kind = kind, CreatedDateTime = created, PhoneNumber = user.MobilePhone ?? "+1 4255550100", PhoneType = "mobile" },
            "email" => new AuthMethodEntity { Id = id, Kind = kind, CreatedDateTime = created, EmailAddress = $"{first.ToLowerInvariant()}.personal@example.com" },
            "microsoftAuthenticator" => new AuthMethodEntity { Id = id, Kind = kind, CreatedDateTime = created, DisplayName = $"{first}'s phone" },
            "fido2" => new AuthMethodEntity { Id = id, Kind = kind, CreatedDateTime = created, DisplayName = "Security key" },
            "windowsHelloForBusiness" => new AuthMethodEntity { Id = id, Kind = kind, CreatedDateTime = created, DisplayName = $"{first}'s laptop" },
            _ => new AuthMethodEntity { Id = id, Kind = kind, CreatedDateTime = created },
        });
    }

    internal static string? ResolveMember(TenantState state, string reference) =>
        state.FindUser(reference)?.Id ?? state.FindGroupByIdOrName(reference)?.Id
        ?? state.ServicePrincipals.Find(s => string.Equals(s.DisplayName, reference, StringComparison.OrdinalIgnoreCase) || string.Equals(s.Id, reference, StringComparison.OrdinalIgnoreCase))?.Id;

    private static string? Canonical(string value, string[] allowed) =>
        allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase));

    internal static string MailNickname(string displayName)
    {
        var chars = displayName.Where(char.IsAsciiLetterOrDigit).ToArray();
        return chars.Length == 0 ? "group" : new string(chars);
    }

    internal static int ParseInt(string value, string name)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 0)
        {
            throw new ArgumentException($"generate: '{name}={value}' is not a non-negative integer");
        }

        return n;
    }

    internal static Assembly Assembly => typeof(TenantLoader).Assembly;
}
