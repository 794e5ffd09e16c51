using System.Text.Json;

namespace Dex.GraphEmulator.Model;

/// <summary>The optional parts of a tenant file added for licences, PIM, administrative units, logs and deleted users.</summary>
internal static class TenantLoaderExtras
{
    public static SkuEntity Sku(SkuFile f, int i, Action<string, string> err)
    {
        var known = KnownSkus.ByPartNumber.GetValueOrDefault(f.SkuPartNumber!);
        var sku = new SkuEntity
        {
            SkuPartNumber = f.SkuPartNumber!,
            SkuId = f.SkuId ?? known?.SkuId ?? Ids.For("sku", f.SkuPartNumber!),
            Enabled = f.Enabled ?? 0,
            // Provisional: Apply() subtracts the listed holders once licences are assigned.
            OtherConsumed = f.Consumed ?? 0,
            Suspended = f.Suspended ?? 0,
            Warning = f.Warning ?? 0,
            LockedOut = f.LockedOut ?? 0,
            AppliesTo = f.AppliesTo ?? "User",
        };
        if (f.SkuId is not null && !Ids.IsGuid(f.SkuId))
        {
            err($"subscribedSkus[{i}].skuId", $"'{f.SkuId}' is not a GUID");
        }

        if (f.ServicePlans is { } plans)
        {
            for (var k = 0; k < plans.Count; k++)
            {
                if (string.IsNullOrWhiteSpace(plans[k].ServicePlanName))
                {
                    err($"subscribedSkus[{i}].servicePlans[{k}].servicePlanName", "required");
                    continue;
                }

                sku.ServicePlans.Add(new ServicePlanEntity(plans[k].ServicePlanId ?? KnownSkus.PlanId(plans[k].ServicePlanName!), plans[k].ServicePlanName!, sku.AppliesTo,
                    plans[k].UnavailableIn?.Select(c => c.ToUpperInvariant()).ToList() ?? []));
            }
        }
        else
        {
            foreach (var name in known?.Plans ?? [f.SkuPartNumber!])
            {
                sku.ServicePlans.Add(new ServicePlanEntity(KnownSkus.PlanId(name), name, sku.AppliesTo, []));
            }
        }

        sku.MutuallyExclusiveWith.AddRange((IEnumerable<string>?)f.MutuallyExclusiveWith ?? known?.MutuallyExclusiveWith ?? []);
        sku.Requires.AddRange((IEnumerable<string>?)f.Requires ?? known?.Requires ?? []);
        return sku;
    }

    public static void Apply(TenantFile file, TenantState state, Action<string, string> err)
    {
        var users = file.Users ?? [];
        for (var i = 0; i < users.Count; i++)
        {
            var f = users[i];
            if (f.UserPrincipalName is null || !state.UsersByUpn.TryGetValue(f.UserPrincipalName, out var u))
            {
                continue;
            }

            UserExtras(state, f, u, $"users[{i}]", err);
        }

        var groups = file.Groups ?? [];
        for (var i = 0; i < groups.Count; i++)
        {
            var f = groups[i];
            if (f.DisplayName is null || state.FindGroupByIdOrName(f.DisplayName) is not { } g)
            {
                continue;
            }

            if (f.MembershipRule is { Length: > 0 } rule)
            {
                g.MembershipRule = rule;
                g.MembershipRuleProcessingState = "On";
                g.GroupTypes.Add("DynamicMembership");
            }

            g.Licenses.AddRange(Licenses(state, f.AssignedLicenses, $"groups[{i}].assignedLicenses", err));
        }

        // Declared consumed counts every seat; the listed holders are part of it (a smaller number is raised to them).
        var declared = state.Skus.ToDictionary(k => k.SkuId, k => k.OtherConsumed, StringComparer.OrdinalIgnoreCase);
        state.Skus.ForEach(k => k.OtherConsumed = 0);
        foreach (var g in Licensing.LicensedGroups(state))
        {
            Licensing.ProcessGroup(state, g);
        }

        foreach (var sku in state.Skus)
        {
            sku.OtherConsumed = Math.Max(0, declared[sku.SkuId] - Licensing.Consumed(state, sku));
        }

        var roles = file.DirectoryRoles ?? [];
        for (var i = 0; i < roles.Count; i++)
        {
            foreach (var principal in roles[i].EligibleMembers ?? [])
            {
                AddSchedule(state, new RoleScheduleFile { Principal = principal, Role = roles[i].RoleTemplateId ?? roles[i].DisplayName, Type = "eligible" }, $"directoryRoles[{i}].eligibleMembers", err);
            }
        }

        var schedules = file.RoleSchedules ?? [];
        for (var i = 0; i < schedules.Count; i++)
        {
            AddSchedule(state, schedules[i], $"roleSchedules[{i}]", err);
        }

        var units = file.AdministrativeUnits ?? [];
        for (var i = 0; i < units.Count; i++)
        {
            var f = units[i];
            if (string.IsNullOrWhiteSpace(f.DisplayName))
            {
                err($"administrativeUnits[{i}].displayName", "required");
                continue;
            }

            var au = new AdministrativeUnitEntity
            {
                Id = f.Id ?? Ids.For("administrativeUnit", f.DisplayName),
                DisplayName = f.DisplayName,
                Description = f.Description,
                Visibility = f.Visibility,
                IsMemberManagementRestricted = f.IsMemberManagementRestricted ?? false,
            };
            var members = f.Members ?? [];
            for (var k = 0; k < members.Count; k++)
            {
                var id = TenantLoader.ResolveMember(state, members[k]);
                if (id is null || state.ServicePrincipalsById.ContainsKey(id))
                {
                    err($"administrativeUnits[{i}].members[{k}]", $"'{members[k]}' is neither a user UPN nor a group name");
                    continue;
                }

                au.AddMember(id);
            }

            state.AdministrativeUnits.Add(au);
        }

        var deleted = file.DeletedUsers ?? [];
        for (var i = 0; i < deleted.Count; i++)
        {
            var f = deleted[i];
            if (string.IsNullOrWhiteSpace(f.UserPrincipalName) || string.IsNullOrWhiteSpace(f.DisplayName))
            {
                err($"deletedUsers[{i}]", "userPrincipalName and displayName are required");
                continue;
            }

            var u = TenantLoader.UserFrom(f, TenantLoader.BaseCreated.AddDays(i));
            u.DeletedDateTime = f.DeletedDateTime ?? TenantLoader.BaseCreated.AddDays(297);
            TenantLoader.AddMethod(u, "password");
            state.DeletedUsers.Add(u);
        }
    }

    private static void UserExtras(TenantState state, UserFile f, UserEntity u, string at, Action<string, string> err)
    {
        u.DirectLicenses.AddRange(Licenses(state, f.AssignedLicenses, $"{at}.assignedLicenses", err));
        if (u.DirectLicenses.Count > 0 && u.UsageLocation is null)
        {
            err($"{at}.usageLocation", "a user with assignedLicenses needs a usageLocation (Graph refuses the assignment without one)");
        }

        u.LastSignInDateTime = f.LastSignInDateTime;
        u.LastNonInteractiveSignInDateTime = f.LastNonInteractiveSignInDateTime;
        u.LastSuccessfulSignInDateTime = f.LastSignInDateTime;
        if (f.TimeZone is { Length: > 0 } tz)
        {
            u.TimeZone = tz;
        }

        var signIns = f.SignIns ?? [];
        for (var k = 0; k < signIns.Count; k++)
        {
            var x = signIns[k];
            var when = x.CreatedDateTime ?? f.LastSignInDateTime ?? TenantLoader.BaseCreated.AddDays(300);
            state.SignIns.Add(new SignInEntity
            {
                Id = Ids.For("signIn", $"{u.Id}/{k}"),
                CreatedDateTime = when,
                UserId = u.Id,
                UserPrincipalName = u.UserPrincipalName,
                UserDisplayName = u.DisplayName,
                AppDisplayName = x.AppDisplayName ?? "Office 365 Exchange Online",
                IpAddress = x.IpAddress ?? "203.0.113.10",
                City = x.City,
                CountryOrRegion = x.CountryOrRegion,
                ErrorCode = x.ErrorCode ?? 0,
                FailureReason = x.FailureReason ?? ((x.ErrorCode ?? 0) == 0 ? null : "Other."),
                RiskLevelDuringSignIn = x.RiskLevel ?? "none",
                IsInteractive = x.IsInteractive ?? true,
                ClientAppUsed = x.ClientAppUsed ?? "Browser",
            });
            if ((x.ErrorCode ?? 0) == 0 && (u.LastSignInDateTime is null || when > u.LastSignInDateTime))
            {
                u.LastSignInDateTime = when;
                u.LastSuccessfulSignInDateTime = when;
            }
        }

        if (u.Risk is { } risk)
        {
            var detections = f.Risk?.Detections ?? [];
            if (detections.Count == 0 && risk.RiskLevel != "none")
            {
                detections = [new RiskDetectionFile { RiskEventType = "unfamiliarFeatures", RiskLevel = risk.RiskLevel }];
            }

            for (var k = 0; k < detections.Count; k++)
            {
                var d = detections[k];
                state.RiskDetections.Add(new RiskDetectionEntity
                {
                    Id = Ids.For("riskDetection", $"{u.Id}/{k}"),
                    UserId = u.Id,
                    RiskEventType = d.RiskEventType ?? "unfamiliarFeatures",
                    RiskLevel = d.RiskLevel ?? risk.RiskLevel,
                    RiskState = risk.RiskState,
                    DetectedDateTime = d.DetectedDateTime ?? risk.RiskLastUpdatedDateTime.AddMinutes(-5),
                    IpAddress = d.IpAddress ?? "198.51.100.23",
                    City = d.City,
                    CountryOrRegion = d.CountryOrRegion,
                });
            }

            risk.History.Add(new RiskHistoryEntry(Ids.For("riskHistory", u.Id + "/0"), risk.RiskLastUpdatedDateTime, risk.RiskLevel, risk.RiskState, risk.RiskDetail, null,
                state.RiskDetections.Where(x => x.UserId == u.Id).Select(x => x.RiskEventType).Distinct().ToList()));
        }
    }

    /// <summary>"SPE_E5" or {"skuPartNumber"|"skuId", "disabledPlans":[names or ids]}.</summary>
    private static List<LicenseGrant> Licenses(TenantState state, List<JsonElement>? entries, string at, Action<string, string> err)
    {
        var result = new List<LicenseGrant>();
        for (var k = 0; k < (entries?.Count ?? 0); k++)
        {
            var e = entries![k];
            string? key = e.ValueKind == JsonValueKind.String ? e.GetString()
                : e.ValueKind == JsonValueKind.Object && (e.TryGetProperty("skuPartNumber", out var pn) || e.TryGetProperty("skuId", out pn)) && pn.ValueKind == JsonValueKind.String ? pn.GetString()
                : null;
            var sku = key is null ? null : state.FindSku(key);
            if (sku is null)
            {
                err($"{at}[{k}]", $"'{key ?? e.GetRawText()}' is not a subscribedSkus part number or skuId of this tenant");
                continue;
            }

            var disabled = new List<string>();
            if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("disabledPlans", out var dp) && dp.ValueKind == JsonValueKind.Array)
            {
                foreach (var p in dp.EnumerateArray().Select(x => x.GetString() ?? ""))
                {
                    var plan = sku.ServicePlans.Find(x => string.Equals(x.Name, p, StringComparison.OrdinalIgnoreCase) || string.Equals(x.Id, p, StringComparison.OrdinalIgnoreCase));
                    if (plan is null)
                    {
                        err($"{at}[{k}].disabledPlans", $"'{p}' is not a service plan of {sku.SkuPartNumber}");
                        continue;
                    }

                    disabled.Add(plan.Id);
                }
            }

            if (result.Exists(r => r.SkuId == sku.SkuId))
            {
                err($"{at}[{k}]", $"{sku.SkuPartNumber} listed twice");
                continue;
            }

            result.Add(new LicenseGrant(sku.SkuId, disabled));
        }

        return result;
    }

    private static void AddSchedule(TenantState state, RoleScheduleFile f, string at, Action<string, string> err)
    {
        var principal = f.Principal is null ? null : TenantLoader.ResolveMember(state, f.Principal);
        if (principal is null)
        {
            err($"{at}.principal", $"'{f.Principal}' is neither a user UPN nor a group name");
            return;
        }

        if (state.GroupsById.TryGetValue(principal, out var g) && !g.IsAssignableToRole)
        {
            err($"{at}.principal", $"group '{g.DisplayName}' is not role-assignable (isAssignableToRole)");
            return;
        }

        var template = f.Role is null ? null : Ids.IsGuid(f.Role) ? f.Role : RoleTemplates.ByName.GetValueOrDefault(f.Role);
        if (template is null)
        {
            err($"{at}.role", $"unknown role '{f.Role}'");
            return;
        }

        var type = (f.Type ?? "eligible").ToLowerInvariant();
        if (type is not ("eligible" or "active"))
        {
            err($"{at}.type", $"'{f.Type}' is not eligible or active");
            return;
        }

        if (f.End is { } end && f.Start is { } start && end <= start)
        {
            err($"{at}.end", "must be after start");
            return;
        }

        var eligible = type == "eligible";
        state.RoleSchedules.Add(new RoleScheduleEntity
        {
            Id = Ids.For(eligible ? "roleEligibilitySchedule" : "roleAssignmentSchedule", $"{template}/{principal}/{state.RoleSchedules.Count}"),
            PrincipalId = principal,
            RoleDefinitionId = template,
            Eligible = eligible,
            StartDateTime = f.Start ?? TenantLoader.BaseCreated.AddDays(200),
            EndDateTime = f.End,
        });
        if (!eligible)
        {
            // An active PIM assignment is a real role membership while it lasts.
            RoleManagement.EnsureRole(state, template).AddMember(principal);
        }
    }
}
