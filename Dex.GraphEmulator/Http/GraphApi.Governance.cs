using System.Text.Json;
using Dex.GraphEmulator.Model;
using Dex.GraphEmulator.OData;

namespace Dex.GraphEmulator.Http;

/// <summary>PIM (roleManagement/directory), administrative units, deleted items, mailbox settings.</summary>
internal sealed partial class GraphApi
{
    /// <summary>Tenant-wide app permissions cannot change members of a restricted-management administrative unit.</summary>
    private static void RefuseRestricted(TenantState s, string objectId)
    {
        if (s.IsManagementRestricted(objectId))
        {
            throw new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        }
    }

    // ---- role assignments and PIM ----

    private sealed record AssignmentRow(string Id, string PrincipalId, string RoleDefinitionId, string DirectoryScopeId);

    private static List<AssignmentRow> AssignmentRows(TenantState s) =>
        s.Roles.SelectMany(r => r.Members.Select(m => new AssignmentRow(RoleManagement.AssignmentId(r.RoleTemplateId, m), m, r.RoleTemplateId, "/"))).ToList();

    private static Func<string, object?> RowGetter(IReadOnlyDictionary<string, object?> values) => name => values.GetValueOrDefault(name);

    private static List<T> FilterRows<T>(EmuRequest req, IEnumerable<T> rows, Func<T, IReadOnlyDictionary<string, object?>> values)
    {
        var filterText = req.Q("$filter");
        if (string.IsNullOrWhiteSpace(filterText))
        {
            return rows.ToList();
        }

        var node = FilterParser.Parse(filterText);
        return rows.Where(r => FilterParser.Evaluate(node, RowGetter(values(r)))).ToList();
    }

    private static void WriteRoleDefinition(Utf8JsonWriter w, string templateId)
    {
        var name = RoleTemplates.ByName.FirstOrDefault(kv => string.Equals(kv.Value, templateId, StringComparison.OrdinalIgnoreCase)).Key ?? "Custom Role";
        w.WriteStartObject();
        w.WriteString("id", templateId);
        w.WriteString("description", $"Members of this role hold the {name} permissions.");
        w.WriteString("displayName", name);
        w.WriteBoolean("isBuiltIn", RoleTemplates.ByName.ContainsKey(name));
        w.WriteBoolean("isEnabled", true);
        w.WriteStartArray("resourceScopes");
        w.WriteStringValue("/");
        w.WriteEndArray();
        w.WriteString("templateId", templateId);
        w.WriteNull("version");
        w.WriteStartArray("rolePermissions");
        w.WriteStartObject();
        w.WriteStartArray("allowedResourceActions");
        w.WriteStringValue("microsoft.directory/users/standard/read");
        w.WriteEndArray();
        w.WriteNull("condition");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private EmuResponse ListRoleDefinitions(EmuRequest req)
    {
        var rows = FilterRows(req, RoleTemplates.ByName.OrderBy(kv => kv.Key, StringComparer.Ordinal), kv => Resources.Complex(("displayName", kv.Key), ("id", kv.Value), ("templateId", kv.Value), ("isBuiltIn", true)));
        return Page(req, rows, "roleManagement/directory/roleDefinitions", (w, kv) => WriteRoleDefinition(w, kv.Value), 999);
    }

    private EmuResponse GetRoleDefinition(EmuRequest req)
    {
        var id = req.RouteValues[0];
        if (!RoleTemplates.ByName.Values.Contains(id, StringComparer.OrdinalIgnoreCase))
        {
            throw GraphError.NotFound(id);
        }

        return WithContext(EmuResponse.Json(200, w => WriteRoleDefinition(w, id)), Context("roleManagement/directory/roleDefinitions/$entity"));
    }

    private static void WriteAssignment(Utf8JsonWriter w, TenantState s, AssignmentRow row, EmuRequest req)
    {
        var expand = req.Q("$expand") ?? "";
        w.WriteStartObject();
        w.WriteString("id", row.Id);
        w.WriteString("principalId", row.PrincipalId);
        w.WriteString("roleDefinitionId", row.RoleDefinitionId);
        w.WriteString("directoryScopeId", row.DirectoryScopeId);
        w.WriteNull("appScopeId");
        w.WriteNull("condition");
        w.WriteString("principalOrganizationId", s.TenantId);
        WriteRoleExpansions(w, s, expand, row.PrincipalId, row.RoleDefinitionId);

        w.WriteEndObject();
    }

    /// <summary>The <c>$expand=principal,roleDefinition</c> of a role assignment, eligibility or schedule row.</summary>
    private static void WriteRoleExpansions(Utf8JsonWriter w, TenantState s, string expand, string principalId, string roleDefinitionId)
    {
        if (expand.Contains("principal", StringComparison.OrdinalIgnoreCase) && s.FindObject(principalId) is { } p)
        {
            w.WritePropertyName("principal");
            Resources.WriteDirectoryObject(w, p);
        }

        if (expand.Contains("roleDefinition", StringComparison.OrdinalIgnoreCase))
        {
            w.WritePropertyName("roleDefinition");
            WriteRoleDefinition(w, roleDefinitionId);
        }
    }

    private static IReadOnlyDictionary<string, object?> AssignmentValues(AssignmentRow r) =>
        Resources.Complex(("id", r.Id), ("principalId", r.PrincipalId), ("roleDefinitionId", r.RoleDefinitionId), ("directoryScopeId", r.DirectoryScopeId));

    private EmuResponse ListRoleAssignments(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var rows = FilterRows(req, AssignmentRows(s), AssignmentValues);
            return Page(req, rows, "roleManagement/directory/roleAssignments", (w, r) => WriteAssignment(w, s, r, req));
        }
    }

    private EmuResponse GetRoleAssignment(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var row = AssignmentRows(s).Find(r => string.Equals(r.Id, req.RouteValues[0], StringComparison.OrdinalIgnoreCase)) ?? throw GraphError.NotFound(req.RouteValues[0]);
            return WithContext(EmuResponse.Json(200, w => WriteAssignment(w, s, row, req)), Context("roleManagement/directory/roleAssignments/$entity"));
        }
    }

    private EmuResponse CreateRoleAssignment(EmuRequest req)
    {
        var body = ReadBody(req);
        string Field(string name) => body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString())
            ? v.GetString()!
            : throw new GraphError(400, "Request_BadRequest", $"Invalid value specified for property '{name}' of resource 'UnifiedRoleAssignment'.");
        var principalId = Field("principalId");
        var roleId = Field("roleDefinitionId");
        var scope = Field("directoryScopeId");
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var principal = s.FindObject(principalId) ?? throw GraphError.NotFound(principalId);
            if (!RoleTemplates.ByName.Values.Contains(roleId, StringComparer.OrdinalIgnoreCase))
            {
                throw GraphError.NotFound(roleId);
            }

            if (principal is GroupEntity { IsAssignableToRole: false })
            {
                throw new GraphError(400, "Request_BadRequest", "Only role-assignable groups (isAssignableToRole = true) can be assigned a directory role.");
            }

            var role = RoleManagement.EnsureRole(s, roleId);
            if (!role.AddMember(Resources.Id(principal)))
            {
                throw new GraphError(409, "Request_BadRequest", "A conflicting object with one or more of the specified property values is present in the directory.");
            }

            var row = new AssignmentRow(RoleManagement.AssignmentId(roleId, Resources.Id(principal)), Resources.Id(principal), roleId, scope);
            return WithContext(EmuResponse.Json(201, w => WriteAssignment(w, s, row, req)), Context("roleManagement/directory/roleAssignments/$entity"));
        }
    }

    private EmuResponse DeleteRoleAssignment(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var row = AssignmentRows(s).Find(r => string.Equals(r.Id, req.RouteValues[0], StringComparison.OrdinalIgnoreCase)) ?? throw GraphError.NotFound(req.RouteValues[0]);
            RoleManagement.EnsureRole(s, row.RoleDefinitionId).RemoveMember(row.PrincipalId);
            s.RoleSchedules.RemoveAll(x => !x.Eligible && x.PrincipalId == row.PrincipalId && x.RoleDefinitionId == row.RoleDefinitionId);
            return EmuResponse.NoContent();
        }
    }

    private sealed record InstanceRow(string Id, string PrincipalId, string RoleDefinitionId, string DirectoryScopeId, DateTimeOffset Start, DateTimeOffset? End,
        string MemberType, string ScheduleId, string? AssignmentType);

    /// <summary>Live PIM instances: eligible ones, or active ones (permanent role members plus time-bound assignments), expired ones dropped.</summary>
    private static List<InstanceRow> Instances(TenantState s, bool eligible)
    {
        var now = DateTimeOffset.UtcNow;
        var rows = s.RoleSchedules.Where(x => x.Eligible == eligible && (x.EndDateTime is null || x.EndDateTime > now))
            .Select(x => new InstanceRow(Ids.For("instance", x.Id), x.PrincipalId, x.RoleDefinitionId, x.DirectoryScopeId, x.StartDateTime, x.EndDateTime, "Direct", x.Id,
                eligible ? null : x.AssignmentType))
            .ToList();
        if (!eligible)
        {
            foreach (var r in s.Roles)
            {
                foreach (var m in r.Members)
                {
                    if (!rows.Exists(x => x.PrincipalId == m && x.RoleDefinitionId == r.RoleTemplateId))
                    {
                        var id = RoleManagement.AssignmentId(r.RoleTemplateId, m);
                        rows.Add(new InstanceRow(id, m, r.RoleTemplateId, "/", TenantLoader.BaseCreated, null, "Direct", id, "Assigned"));
                    }
                }
            }
        }

        return rows;
    }

    private EmuResponse ListScheduleInstances(EmuRequest req, bool eligible)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var rows = FilterRows(req, Instances(s, eligible), r => Resources.Complex(("id", r.Id), ("principalId", r.PrincipalId), ("roleDefinitionId", r.RoleDefinitionId),
                ("directoryScopeId", r.DirectoryScopeId), ("memberType", r.MemberType), ("assignmentType", r.AssignmentType), ("startDateTime", r.Start), ("endDateTime", r.End)));
            var set = eligible ? "roleEligibilityScheduleInstances" : "roleAssignmentScheduleInstances";
            var expand = req.Q("$expand") ?? "";
            return Page(req, rows, $"roleManagement/directory/{set}", (w, r) =>
            {
                w.WriteStartObject();
                w.WriteString("id", r.Id);
                w.WriteString("principalId", r.PrincipalId);
                w.WriteString("roleDefinitionId", r.RoleDefinitionId);
                w.WriteString("directoryScopeId", r.DirectoryScopeId);
                w.WriteNull("appScopeId");
                w.WriteString("startDateTime", Resource<object>.FormatDate(r.Start));
                Resource<object>.WriteValue(w, "endDateTime", r.End);
                w.WriteString("memberType", r.MemberType);
                if (eligible)
                {
                    w.WriteString("roleEligibilityScheduleId", r.ScheduleId);
                }
                else
                {
                    w.WriteString("assignmentType", r.AssignmentType);
                    w.WriteString("roleAssignmentOriginId", r.ScheduleId);
                    w.WriteString("roleAssignmentScheduleId", r.ScheduleId);
                }

                WriteRoleExpansions(w, s, expand, r.PrincipalId, r.RoleDefinitionId);

                w.WriteEndObject();
            });
        }
    }

    private static readonly string[] ExpirationTypes = ["noExpiration", "afterDateTime", "afterDuration"];

    private static readonly string[] AssignmentActions = ["adminAssign", "adminUpdate", "adminRemove", "adminExtend", "adminRenew", "selfActivate", "selfDeactivate", "selfExtend", "selfRenew"];

    private EmuResponse CreateScheduleRequest(EmuRequest req, bool eligibility)
    {
        var body = ReadBody(req);
        var type = eligibility ? "UnifiedRoleEligibilityScheduleRequest" : "UnifiedRoleAssignmentScheduleRequest";
        string Field(string name) => body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString())
            ? v.GetString()!
            : throw new GraphError(400, "Request_BadRequest", $"Invalid value specified for property '{name}' of resource '{type}'.");
        var action = AssignmentActions.FirstOrDefault(a => string.Equals(a, Field("action"), StringComparison.OrdinalIgnoreCase)) ?? Field("action");
        if (!AssignmentActions.Contains(action, StringComparer.Ordinal) || (eligibility && action.StartsWith("self", StringComparison.OrdinalIgnoreCase)))
        {
            throw new GraphError(400, "Request_BadRequest", $"Invalid value specified for property 'action' of resource '{type}'.");
        }

        var principalId = Field("principalId");
        var roleId = Field("roleDefinitionId");
        var scope = Field("directoryScopeId");
        var justification = body.TryGetProperty("justification", out var j) && j.ValueKind == JsonValueKind.String ? j.GetString() : null;
        DateTimeOffset start = DateTimeOffset.UtcNow;
        DateTimeOffset? end = null;
        string expirationType = "noExpiration";
        string? duration = null;
        if (body.TryGetProperty("scheduleInfo", out var si) && si.ValueKind == JsonValueKind.Object)
        {
            if (si.TryGetProperty("startDateTime", out var sd) && sd.ValueKind == JsonValueKind.String && sd.TryGetDateTimeOffset(out var parsed))
            {
                start = parsed;
            }

            if (si.TryGetProperty("expiration", out var ex) && ex.ValueKind == JsonValueKind.Object)
            {
                var given = ex.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "noExpiration";
                // Enum members are matched without case, as Graph does ("AfterDuration" in its own examples).
                expirationType = ExpirationTypes.FirstOrDefault(x => string.Equals(x, given, StringComparison.OrdinalIgnoreCase)) ?? given;
                if (expirationType == "afterDateTime")
                {
                    end = ex.TryGetProperty("endDateTime", out var ed) && ed.TryGetDateTimeOffset(out var e) ? e
                        : throw new GraphError(400, "Request_BadRequest", "Invalid value specified for property 'endDateTime' of resource 'ExpirationPattern'.");
                }
                else if (expirationType == "afterDuration")
                {
                    duration = ex.TryGetProperty("duration", out var du) && du.ValueKind == JsonValueKind.String ? du.GetString() : null;
                    try
                    {
                        end = start + System.Xml.XmlConvert.ToTimeSpan(duration ?? "");
                    }
                    catch (FormatException)
                    {
                        throw new GraphError(400, "Request_BadRequest", "Invalid value specified for property 'duration' of resource 'ExpirationPattern'.");
                    }
                }
                else if (expirationType != "noExpiration")
                {
                    throw new GraphError(400, "Request_BadRequest", "Invalid value specified for property 'type' of resource 'ExpirationPattern'.");
                }
            }
        }

        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var principal = s.FindObject(principalId) ?? throw GraphError.NotFound(principalId);
            if (!RoleTemplates.ByName.Values.Contains(roleId, StringComparer.OrdinalIgnoreCase))
            {
                throw GraphError.NotFound(roleId);
            }

            if (principal is GroupEntity { IsAssignableToRole: false })
            {
                throw new GraphError(400, "RoleAssignmentRequestPolicyValidationFailed", "Only role-assignable groups can be assigned a directory role.");
            }

            var remove = action is "adminRemove" or "selfDeactivate";
            var existing = s.RoleSchedules.Find(x => x.Eligible == eligibility && x.PrincipalId == principalId && string.Equals(x.RoleDefinitionId, roleId, StringComparison.OrdinalIgnoreCase));
            string? target = existing?.Id;
            if (remove)
            {
                var permanent = !eligibility && s.Roles.Exists(r => string.Equals(r.RoleTemplateId, roleId, StringComparison.OrdinalIgnoreCase) && r.Members.Contains(principalId));
                if (existing is null && !permanent)
                {
                    throw new GraphError(400, "RoleAssignmentDoesNotExist", "The Role assignment does not exist.");
                }

                if (existing is not null)
                {
                    s.RoleSchedules.Remove(existing);
                }

                if (!eligibility)
                {
                    RoleManagement.EnsureRole(s, roleId).RemoveMember(principalId);
                }
            }
            else
            {
                if (action == "selfActivate" && !s.RoleSchedules.Exists(x => x.Eligible && x.PrincipalId == principalId && string.Equals(x.RoleDefinitionId, roleId, StringComparison.OrdinalIgnoreCase)))
                {
                    throw new GraphError(400, "RoleAssignmentRequestAcrossTenantNotAllowed", "The principal is not eligible for this role.");
                }

                if (action == "adminAssign" && (existing is not null || (!eligibility && s.Roles.Exists(r => string.Equals(r.RoleTemplateId, roleId, StringComparison.OrdinalIgnoreCase) && r.Members.Contains(principalId)))))
                {
                    throw new GraphError(400, "RoleAssignmentExists", "The Role assignment already exists.");
                }

                if (existing is not null)
                {
                    s.RoleSchedules.Remove(existing);
                }

                var schedule = new RoleScheduleEntity
                {
                    Id = Guid.NewGuid().ToString(),
                    PrincipalId = principalId,
                    RoleDefinitionId = roleId,
                    DirectoryScopeId = scope,
                    Eligible = eligibility,
                    AssignmentType = action.StartsWith("self", StringComparison.OrdinalIgnoreCase) ? "Activated" : "Assigned",
                    StartDateTime = start,
                    EndDateTime = end,
                };
                s.RoleSchedules.Add(schedule);
                target = schedule.Id;
                if (!eligibility)
                {
                    RoleManagement.EnsureRole(s, roleId).AddMember(principalId);
                }
            }

            var request = new ScheduleRequestEntity
            {
                Id = Guid.NewGuid().ToString(),
                Eligibility = eligibility,
                Action = action,
                PrincipalId = principalId,
                RoleDefinitionId = roleId,
                DirectoryScopeId = scope,
                Justification = justification,
                Status = remove ? "Revoked" : "Provisioned",
                CreatedDateTime = DateTimeOffset.UtcNow,
                TargetScheduleId = target,
                StartDateTime = start,
                EndDateTime = end,
                ExpirationType = expirationType,
                Duration = duration,
            };
            s.ScheduleRequests.Add(request);
            var set = eligibility ? "roleEligibilityScheduleRequests" : "roleAssignmentScheduleRequests";
            return WithContext(EmuResponse.Json(201, w => WriteScheduleRequest(w, request)), Context($"roleManagement/directory/{set}/$entity"));
        }
    }

    private static void WriteScheduleRequest(Utf8JsonWriter w, ScheduleRequestEntity r)
    {
        w.WriteStartObject();
        w.WriteString("id", r.Id);
        w.WriteString("status", r.Status);
        w.WriteString("createdDateTime", Resource<object>.FormatDate(r.CreatedDateTime));
        w.WriteString("completedDateTime", Resource<object>.FormatDate(r.CreatedDateTime));
        w.WriteNull("approvalId");
        w.WriteNull("customData");
        w.WriteString("action", r.Action);
        w.WriteString("principalId", r.PrincipalId);
        w.WriteString("roleDefinitionId", r.RoleDefinitionId);
        w.WriteString("directoryScopeId", r.DirectoryScopeId);
        w.WriteNull("appScopeId");
        w.WriteBoolean("isValidationOnly", false);
        Resource<object>.WriteValue(w, "targetScheduleId", r.TargetScheduleId);
        Resource<object>.WriteValue(w, "justification", r.Justification);
        w.WriteStartObject("createdBy");
        w.WriteStartObject("application");
        w.WriteNull("displayName");
        w.WriteString("id", "00000000-0000-0000-0000-000000000000");
        w.WriteEndObject();
        w.WriteNull("user");
        w.WriteEndObject();
        w.WriteStartObject("scheduleInfo");
        w.WriteString("startDateTime", Resource<object>.FormatDate(r.StartDateTime));
        w.WriteNull("recurrence");
        w.WriteStartObject("expiration");
        w.WriteString("type", r.ExpirationType);
        Resource<object>.WriteValue(w, "endDateTime", r.ExpirationType == "afterDateTime" ? r.EndDateTime : null);
        Resource<object>.WriteValue(w, "duration", r.Duration);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("ticketInfo");
        w.WriteNull("ticketNumber");
        w.WriteNull("ticketSystem");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private EmuResponse ListScheduleRequests(EmuRequest req, bool eligibility)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var rows = FilterRows(req, s.ScheduleRequests.Where(r => r.Eligibility == eligibility), r => Resources.Complex(("id", r.Id), ("principalId", r.PrincipalId),
                ("roleDefinitionId", r.RoleDefinitionId), ("action", r.Action), ("status", r.Status)));
            var set = eligibility ? "roleEligibilityScheduleRequests" : "roleAssignmentScheduleRequests";
            return Page(req, rows, $"roleManagement/directory/{set}", (w, r) => WriteScheduleRequest(w, r));
        }
    }

    // ---- administrative units ----

    private static AdministrativeUnitEntity Unit(TenantState s, string id) =>
        s.AdministrativeUnits.Find(a => string.Equals(a.Id, id, StringComparison.OrdinalIgnoreCase)) ?? (Ids.IsGuid(id) ? throw GraphError.NotFound(id) : throw GraphError.InvalidId(id));

    private EmuResponse ListUnits(EmuRequest req)
    {
        var selected = Resources.AdministrativeUnit.Select(req.Q("$select"));
        lock (_tenant.Sync)
        {
            var rows = Query(req, _tenant.State.AdministrativeUnits, Resources.AdministrativeUnit, ["displayName", "description"]);
            return Page(req, rows, SelectContext("directory/administrativeUnits", req), (w, a) => Resources.AdministrativeUnit.Write(w, a, selected, false));
        }
    }

    private EmuResponse GetUnit(EmuRequest req)
    {
        var selected = Resources.AdministrativeUnit.Select(req.Q("$select"));
        lock (_tenant.Sync)
        {
            var a = Unit(_tenant.State, req.RouteValues[0]);
            return EmuResponse.Json(200, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", Context("directory/administrativeUnits/$entity"));
                Resources.AdministrativeUnit.WriteProps(w, a, selected);
                w.WriteEndObject();
            });
        }
    }

    private EmuResponse UnitMembers(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var a = Unit(s, req.RouteValues[0]);
            return Page(req, a.Members.Select(s.FindObject).OfType<object>().ToList(), "directoryObjects", Resources.WriteDirectoryObject);
        }
    }

    private EmuResponse AddUnitMember(EmuRequest req)
    {
        var id = RefId(ReadBody(req));
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var a = Unit(s, req.RouteValues[0]);
            var obj = s.FindObject(id) ?? throw GraphError.NotFound(id);
            if (obj is not (UserEntity or GroupEntity))
            {
                throw new GraphError(400, "Request_BadRequest", $"An object of type '{Resources.TypeSegment(obj)}' cannot be added to an administrative unit.");
            }

            if (!a.AddMember(Resources.Id(obj)))
            {
                throw AlreadyExists("members");
            }

            return EmuResponse.NoContent();
        }
    }

    private EmuResponse RemoveUnitMember(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            if (!Unit(_tenant.State, req.RouteValues[0]).RemoveMember(req.RouteValues[1]))
            {
                throw GraphError.NotFound(req.RouteValues[1]);
            }

            return EmuResponse.NoContent();
        }
    }

    // ---- deleted items ----

    private static string DeletedCast(string segment) => CastType(segment) switch
    {
        "user" => "user",
        "group" => "group",
        _ => throw new GraphError(400, "Request_BadRequest", $"Deleted items of type '{segment}' are not supported."),
    };

    private EmuResponse ListDeleted(EmuRequest req)
    {
        var type = DeletedCast(req.RouteValues[0]);
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            if (type == "user")
            {
                var selected = Resources.User.Select(req.Q("$select"));
                var rows = Query(req, s.DeletedUsers, Resources.User, Resources.UserSearchDefaults);
                return Page(req, rows, "directory/deletedItems/microsoft.graph.user", (w, u) => Resources.User.Write(w, u, selected ?? DeletedUserProps, false));
            }

            var gsel = Resources.Group.Select(req.Q("$select"));
            return Page(req, Query(req, s.DeletedGroups, Resources.Group, Resources.GroupSearchDefaults), "directory/deletedItems/microsoft.graph.group",
                (w, g) => Resources.Group.Write(w, g, gsel, false));
        }
    }

    private static readonly IReadOnlyList<Prop<UserEntity>> DeletedUserProps =
        [.. Resources.User.DefaultProps, Resources.User.Find("deletedDateTime")!];

    private EmuResponse CountDeleted(EmuRequest req)
    {
        RequireEventualForCount(req);
        var type = DeletedCast(req.RouteValues[0]);
        lock (_tenant.Sync)
        {
            return CountText(type == "user" ? _tenant.State.DeletedUsers.Count : _tenant.State.DeletedGroups.Count);
        }
    }

    private static object FindDeleted(TenantState s, string id) =>
        (object?)s.DeletedUsers.Find(u => string.Equals(u.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? s.DeletedGroups.Find(g => string.Equals(g.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? (Ids.IsGuid(id) ? throw GraphError.NotFound(id) : throw GraphError.InvalidId(id));

    private EmuResponse GetDeleted(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var o = FindDeleted(_tenant.State, req.RouteValues[0]);
            return EmuResponse.Json(200, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", Context("directory/deletedItems/$entity"));
                if (o is UserEntity u)
                {
                    w.WriteString("@odata.type", "#microsoft.graph.user");
                    Resources.User.WriteProps(w, u, DeletedUserProps);
                }
                else
                {
                    w.WriteString("@odata.type", "#microsoft.graph.group");
                    Resources.Group.WriteProps(w, (GroupEntity)o, null);
                }

                w.WriteEndObject();
            });
        }
    }

    private EmuResponse RestoreDeleted(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var o = FindDeleted(s, req.RouteValues[0]);
            if (o is UserEntity u)
            {
                if (s.UsersByUpn.ContainsKey(u.UserPrincipalName))
                {
                    throw new GraphError(400, "Request_BadRequest", "Another object with the same value for property userPrincipalName already exists.")
                    {
                        Details = [("userPrincipalName", "ObjectConflict", "Another object with the same value for property userPrincipalName already exists.")],
                    };
                }

                s.DeletedUsers.Remove(u);
                u.DeletedDateTime = null;
                s.AddUser(u);
                foreach (var gid in u.MembershipsAtDeletion)
                {
                    s.GroupsById.GetValueOrDefault(gid)?.AddMember(u.Id);
                }

                u.MembershipsAtDeletion.Clear();
                return EmuResponse.Json(200, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("@odata.context", Context("directoryObjects/$entity"));
                    w.WriteString("@odata.type", "#microsoft.graph.user");
                    Resources.User.WriteProps(w, u, null);
                    w.WriteEndObject();
                });
            }

            var g = (GroupEntity)o;
            s.DeletedGroups.Remove(g);
            g.DeletedDateTime = null;
            s.AddGroup(g);
            return EmuResponse.Json(200, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", Context("directoryObjects/$entity"));
                w.WriteString("@odata.type", "#microsoft.graph.group");
                Resources.Group.WriteProps(w, g, null);
                w.WriteEndObject();
            });
        }
    }

    private EmuResponse PurgeDeleted(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            switch (FindDeleted(s, req.RouteValues[0]))
            {
                case UserEntity u: s.DeletedUsers.Remove(u); break;
                case GroupEntity g: s.DeletedGroups.Remove(g); break;
            }

            return EmuResponse.NoContent();
        }
    }

    // ---- mailbox settings ----

    private static UserEntity MailboxUser(TenantState s, string id)
    {
        var u = User(s, id);
        if (u.Mail is null)
        {
            throw new GraphError(404, "MailboxNotEnabledForRESTAPI", "The mailbox is either inactive, soft-deleted, or is hosted on-premise.");
        }

        return u;
    }

    private EmuResponse GetMailboxSettings(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var u = MailboxUser(_tenant.State, req.RouteValues[0]);
            var settings = Resources.MailboxSettings(u);
            return EmuResponse.Json(200, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", Context($"users('{u.Id}')/mailboxSettings"));
                foreach (var (k, v) in settings)
                {
                    Resource<object>.WriteValue(w, k, v);
                }

                w.WriteEndObject();
            });
        }
    }

    private EmuResponse GetMailboxSetting(EmuRequest req, string name)
    {
        lock (_tenant.Sync)
        {
            var u = MailboxUser(_tenant.State, req.RouteValues[0]);
            var value = Resources.MailboxSettings(u)[name];
            return EmuResponse.Json(200, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", Context($"users('{u.Id}')/mailboxSettings/{name}"));
                if (value is IReadOnlyDictionary<string, object?> complex)
                {
                    foreach (var (k, v) in complex)
                    {
                        Resource<object>.WriteValue(w, k, v);
                    }
                }
                else
                {
                    Resource<object>.WriteValue(w, "value", value);
                }

                w.WriteEndObject();
            });
        }
    }

    private EmuResponse PatchMailboxSettings(EmuRequest req)
    {
        var body = ReadBody(req);
        lock (_tenant.Sync)
        {
            var u = MailboxUser(_tenant.State, req.RouteValues[0]);
            foreach (var p in body.EnumerateObject())
            {
                switch (p.Name)
                {
                    case var n when n.StartsWith('@'):
                        break;
                    case "timeZone":
                        var tz = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null;
                        if (string.IsNullOrWhiteSpace(tz) || !TimeZoneKnown(tz))
                        {
                            throw new GraphError(400, "ErrorInvalidArgument", $"The specified time zone '{tz}' isn't valid.");
                        }

                        u.TimeZone = tz;
                        break;
                    case "language":
                        if (p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("locale", out var loc) && loc.ValueKind == JsonValueKind.String)
                        {
                            u.MailboxLocale = loc.GetString();
                        }

                        break;
                    case "automaticRepliesSetting" or "dateFormat" or "timeFormat" or "workingHours" or "delegateMeetingMessageDeliveryOptions":
                        break;
                    default:
                        throw new GraphError(400, "RequestBodyRead", $"The property '{p.Name}' does not exist on type 'microsoft.graph.mailboxSettings'.");
                }
            }

            var settings = Resources.MailboxSettings(u);
            return EmuResponse.Json(200, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", Context($"users('{u.Id}')/mailboxSettings"));
                foreach (var (k, v) in settings)
                {
                    Resource<object>.WriteValue(w, k, v);
                }

                w.WriteEndObject();
            });
        }
    }

    private static bool TimeZoneKnown(string tz)
    {
        if (string.Equals(tz, "UTC", StringComparison.OrdinalIgnoreCase) || tz.EndsWith("Standard Time", StringComparison.Ordinal))
        {
            return true;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(tz, out _);
    }
}
