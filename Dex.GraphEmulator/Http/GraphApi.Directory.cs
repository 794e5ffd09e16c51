using System.Text.Json;
using Dex.GraphEmulator.Model;
using Dex.GraphEmulator.OData;

namespace Dex.GraphEmulator.Http;

internal sealed partial class GraphApi
{
    private static GroupEntity Group(TenantState s, string id)
    {
        if (!Ids.IsGuid(id))
        {
            throw GraphError.InvalidId(id);
        }

        return s.GroupsById.GetValueOrDefault(id) ?? throw GraphError.NotFound(id);
    }

    private EmuResponse ListGroups(EmuRequest req)
    {
        var selected = Resources.Group.Select(req.Q("$select"));
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var expand = GroupExpand(req, s);
            var rows = Query(req, s.Groups, Resources.Group, Resources.GroupSearchDefaults);
            return Page(req, rows, SelectContext("groups", req), (w, g) => Resources.Group.Write(w, g, selected, false, expand));
        }
    }

    /// <summary>$expand=members or owners (Graph expands at most 20 related objects).</summary>
    private static Action<Utf8JsonWriter, GroupEntity>? GroupExpand(EmuRequest req, TenantState s)
    {
        var expand = req.Q("$expand");
        if (string.IsNullOrWhiteSpace(expand))
        {
            return null;
        }

        var names = expand.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(e => e.Split('(')[0].Trim()).ToList();
        foreach (var n in names)
        {
            if (!string.Equals(n, "members", StringComparison.OrdinalIgnoreCase) && !string.Equals(n, "owners", StringComparison.OrdinalIgnoreCase))
            {
                throw new GraphError(400, "Request_BadRequest", $"Could not find a property named '{n}' on type 'microsoft.graph.group'.");
            }
        }

        return (w, g) =>
        {
            foreach (var n in names)
            {
                var owners = string.Equals(n, "owners", StringComparison.OrdinalIgnoreCase);
                w.WriteStartArray(owners ? "owners" : "members");
                foreach (var id in (owners ? g.Owners : g.Members).Take(20))
                {
                    if (s.FindObject(id) is { } o)
                    {
                        Resources.WriteDirectoryObject(w, o);
                    }
                }

                w.WriteEndArray();
            }
        };
    }

    private EmuResponse CountGroups(EmuRequest req) => CountOf(req, s => s.Groups, Resources.Group, Resources.GroupSearchDefaults);

    private EmuResponse GetGroup(EmuRequest req) => GetOne(req, "groups", Resources.Group, Group, GroupExpand);

    private EmuResponse CreateGroup(EmuRequest req)
    {
        var body = ReadBody(req);
        string Req(string name) => body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString())
            ? v.GetString()!
            : throw new GraphError(400, "Request_BadRequest", $"Invalid value specified for property '{name}' of resource 'Group'.");
        bool ReqBool(string name) => body.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? v.GetBoolean()
            : throw new GraphError(400, "Request_BadRequest", $"Invalid value specified for property '{name}' of resource 'Group'.");

        var displayName = Req("displayName");
        var nick = Req("mailNickname");
        var mailEnabled = ReqBool("mailEnabled");
        var securityEnabled = ReqBool("securityEnabled");
        var types = body.TryGetProperty("groupTypes", out var gt) && gt.ValueKind == JsonValueKind.Array
            ? gt.EnumerateArray().Select(e => e.GetString() ?? "").ToList()
            : [];
        var unified = types.Contains("Unified", StringComparer.OrdinalIgnoreCase);
        if (mailEnabled && !unified)
        {
            throw new GraphError(400, "Request_BadRequest", "Creating mail-enabled security groups or distribution groups is not supported through Microsoft Graph.");
        }

        var assignable = body.TryGetProperty("isAssignableToRole", out var ar) && ar.ValueKind == JsonValueKind.True;
        if (assignable && !securityEnabled)
        {
            throw new GraphError(400, "Request_BadRequest", "A role-assignable group must be a security group (securityEnabled = true).");
        }

        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var g = new GroupEntity
            {
                Id = Guid.NewGuid().ToString(),
                DisplayName = displayName,
                Description = body.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null,
                MailNickname = nick,
                Mail = mailEnabled ? $"{nick}@{s.Domain}" : null,
                GroupTypes = unified ? ["Unified"] : [],
                SecurityEnabled = securityEnabled,
                MailEnabled = mailEnabled,
                IsAssignableToRole = assignable,
                Visibility = body.TryGetProperty("visibility", out var vis) && vis.ValueKind == JsonValueKind.String ? vis.GetString() : (unified ? "Public" : null),
                CreatedDateTime = DateTimeOffset.UtcNow,
            };
            foreach (var (key, target) in new[] { ("members@odata.bind", false), ("owners@odata.bind", true) })
            {
                if (body.TryGetProperty(key, out var binds) && binds.ValueKind == JsonValueKind.Array)
                {
                    foreach (var b in binds.EnumerateArray())
                    {
                        var id = LastSegmentId(b.GetString() ?? "");
                        var obj = s.FindObject(id) ?? throw GraphError.NotFound(id);
                        _ = target ? g.AddOwner(Resources.Id(obj)) : g.AddMember(Resources.Id(obj));
                    }
                }
            }

            s.AddGroup(g);
            return Entity(201, "groups/$entity", Resources.Group, g).WithHeader("Location", $"{BaseUrl}/groups/{g.Id}");
        }
    }

    private EmuResponse PatchGroup(EmuRequest req)
    {
        var body = ReadBody(req);
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var g = Group(s, req.RouteValues[0]);
            var setters = new List<Action>();
            foreach (var prop in body.EnumerateObject())
            {
                var v = prop.Value;
                string? Str() => v.ValueKind == JsonValueKind.Null ? null : v.ValueKind == JsonValueKind.String ? v.GetString()
                    : throw new GraphError(400, "Request_BadRequest", $"Invalid value specified for property '{prop.Name}' of resource 'Group'.");
                switch (prop.Name)
                {
                    case var n when n.StartsWith('@'):
                        break;
                    case "members@odata.bind":
                        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() > 20)
                        {
                            throw new GraphError(400, "Request_BadRequest", "At most 20 members can be added in one request.");
                        }

                        var ids = new List<string>();
                        foreach (var b in v.EnumerateArray())
                        {
                            var id = LastSegmentId(b.GetString() ?? "");
                            var obj = s.FindObject(id) ?? throw GraphError.NotFound(id);
                            if (g.Members.Contains(Resources.Id(obj)))
                            {
                                throw AlreadyExists("members");
                            }

                            ids.Add(Resources.Id(obj));
                        }

                        setters.Add(() => ids.ForEach(id => g.AddMember(id)));
                        break;
                    case "displayName":
                        var dn = Str();
                        if (string.IsNullOrWhiteSpace(dn))
                        {
                            throw new GraphError(400, "Request_BadRequest", "Invalid value specified for property 'displayName' of resource 'Group'.");
                        }

                        setters.Add(() => g.DisplayName = dn);
                        break;
                    case "description": { var x = Str(); setters.Add(() => g.Description = x); break; }
                    case "mailNickname": { var x = Str(); setters.Add(() => g.MailNickname = x); break; }
                    case "visibility": { var x = Str(); setters.Add(() => g.Visibility = x); break; }
                    case "groupTypes":
                        if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || e.GetString() is not ("Unified" or "DynamicMembership")))
                        {
                            throw new GraphError(400, "Request_BadRequest", "Invalid value specified for property 'groupTypes' of resource 'Group'.");
                        }

                        var types = v.EnumerateArray().Select(e => e.GetString()!).Distinct().ToList();
                        if (types.Contains("Unified") != g.GroupTypes.Contains("Unified", StringComparer.OrdinalIgnoreCase) && !g.SecurityEnabled)
                        {
                            throw new GraphError(400, "Request_BadRequest", "Updates to the 'Unified' group type are not supported for this group.");
                        }

                        setters.Add(() =>
                        {
                            g.GroupTypes = types;
                            if (!g.IsDynamic)
                            {
                                g.MembershipRuleProcessingState = null;
                            }
                        });
                        break;
                    case "mailEnabled" or "securityEnabled":
                        if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                        {
                            throw new GraphError(400, "Request_BadRequest", $"Invalid value specified for property '{prop.Name}' of resource 'Group'.");
                        }

                        var flag = v.GetBoolean();
                        if (prop.Name == "mailEnabled")
                        {
                            if (flag != g.MailEnabled && !g.GroupTypes.Contains("Unified", StringComparer.OrdinalIgnoreCase))
                            {
                                throw new GraphError(400, "Request_BadRequest", "Mail-enabled security groups and distribution groups can only be changed in Exchange.");
                            }

                            setters.Add(() => g.MailEnabled = flag);
                        }
                        else
                        {
                            setters.Add(() => g.SecurityEnabled = flag);
                        }

                        break;
                    case "membershipRule": { var x = Str(); setters.Add(() => g.MembershipRule = x); break; }
                    case "membershipRuleProcessingState":
                        var state = Str();
                        if (state is not ("On" or "Paused"))
                        {
                            throw new GraphError(400, "Request_BadRequest", "Invalid value specified for property 'membershipRuleProcessingState' of resource 'Group'.");
                        }

                        setters.Add(() => g.MembershipRuleProcessingState = state);
                        break;
                    case "isAssignableToRole":
                    case "id":
                    case "createdDateTime":
                        throw new GraphError(400, "Request_BadRequest", $"Property '{prop.Name}' is read-only and cannot be set.");
                    default:
                        if (prop.Name.Contains('@', StringComparison.Ordinal))
                        {
                            break;
                        }

                        if (Resources.Group.IsKnown(prop.Name) && !ReadOnlyGroupProps.Contains(prop.Name))
                        {
                            var raw = v.Clone();
                            var name = prop.Name;
                            setters.Add(() => g.Extra[name] = raw);
                            break;
                        }

                        throw new GraphError(400, "Request_BadRequest",
                            $"The property '{prop.Name}' does not exist on type 'microsoft.graph.group'. Make sure to only use property names that are defined by the type.");
                }
            }

            if (g.IsDynamic && body.TryGetProperty("members@odata.bind", out _))
            {
                throw DynamicMembers();
            }

            setters.ForEach(a => a());
            return EmuResponse.NoContent();
        }
    }

    private EmuResponse DeleteGroup(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var g = Group(s, req.RouteValues[0]);
            RefuseRestricted(s, g.Id);
            s.Groups.Remove(g);
            s.GroupsById.Remove(g.Id);
            if (g.GroupTypes.Contains("Unified", StringComparer.OrdinalIgnoreCase))
            {
                // Microsoft 365 groups are soft-deleted (restorable for 30 days); security groups are gone at once.
                g.DeletedDateTime = DateTimeOffset.UtcNow;
                s.DeletedGroups.Add(g);
            }

            foreach (var other in s.Groups)
            {
                other.RemoveMember(g.Id);
            }

            foreach (var r in s.Roles)
            {
                r.RemoveMember(g.Id);
            }

            return EmuResponse.NoContent();
        }
    }

    private static readonly HashSet<string> ReadOnlyGroupProps = new(StringComparer.OrdinalIgnoreCase)
    {
        "assignedLicenses", "hasMembersWithLicenseErrors", "licenseProcessingState", "onPremisesSyncEnabled", "onPremisesSecurityIdentifier", "securityIdentifier",
        "proxyAddresses", "renewedDateTime", "deletedDateTime", "mail", "expirationDateTime", "onPremisesLastSyncDateTime", "onPremisesProvisioningErrors",
        "serviceProvisioningErrors", "organizationId", "onPremisesDomainName", "onPremisesNetBiosName", "onPremisesSamAccountName",
    };

    private static GraphError DynamicMembers() =>
        new(400, "Request_BadRequest", "Insufficient privileges to complete the operation: members of a dynamic membership group cannot be changed directly.");

    private static GraphError AlreadyExists(string property) =>
        new(400, "Request_BadRequest", $"One or more added object references already exist for the following modified properties: '{property}'.");

    private EmuResponse GroupMembers(EmuRequest req, bool owners, bool transitive = false, string? cast = null, bool count = false)
    {
        var castType = cast is null ? null : CastType(cast);
        if (count)
        {
            RequireEventualForCount(req);
        }

        if (castType is not null && castType != "user" && !count && !(req.EventualConsistency && req.CountRequested))
        {
            throw new GraphError(400, "Request_UnsupportedQuery", "The requested query requires ConsistencyLevel: eventual and $count=true for this OData cast.");
        }

        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var g = Group(s, req.RouteValues[0]);
            IEnumerable<string> ids = owners ? g.Owners : transitive ? s.TransitiveMembersOf(g) : g.Members;
            var items = ids.Select(s.FindObject).OfType<object>().ToList();
            if (castType is not null)
            {
                items = items.Where(o => Resources.TypeSegment(o) == castType).ToList();
            }

            items = FilterDirectoryObjects(req, items);
            items = SearchDirectoryObjects(req, items);
            if (count)
            {
                return CountText(items.Count);
            }

            if (castType == "user" && req.Q("$select") is { Length: > 0 } sel)
            {
                var userSel = Resources.User.Select(sel);
                return Page(req, items, "users", (w, o) => Resources.User.Write(w, (UserEntity)o, userSel, true));
            }

            return Page(req, items, castType is null ? "directoryObjects" : castType + "s", (w, o) => WriteSelected(w, o, req));
        }
    }

    private EmuResponse GroupMemberOf(EmuRequest req, bool transitive)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var g = Group(s, req.RouteValues[0]);
            var items = FilterDirectoryObjects(req, MembershipsOf(s, g.Id, transitive));
            return Page(req, SearchDirectoryObjects(req, items), "directoryObjects", (w, o) => WriteSelected(w, o, req));
        }
    }

    private EmuResponse AddGroupRef(EmuRequest req, bool owner)
    {
        var id = RefId(ReadBody(req));
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var g = Group(s, req.RouteValues[0]);
            var obj = s.FindObject(id) ?? throw GraphError.NotFound(id);
            if (obj is RoleEntity || (owner && obj is not (UserEntity or ServicePrincipalEntity)))
            {
                throw new GraphError(400, "Request_BadRequest", $"An object of type '{Resources.TypeSegment(obj)}' cannot be added to '{(owner ? "owners" : "members")}'.");
            }

            if (ReferenceEquals(obj, g))
            {
                throw new GraphError(400, "Request_BadRequest", "A group cannot be a member of itself.");
            }

            if (!owner && g.IsDynamic)
            {
                throw DynamicMembers();
            }

            if (!owner && obj is GroupEntity && g.IsAssignableToRole)
            {
                throw new GraphError(400, "Request_BadRequest", "Nesting groups inside a role-assignable group is not supported.");
            }

            RefuseRestricted(s, g.Id);

            if (obj is GroupEntity && g.GroupTypes.Contains("Unified", StringComparer.OrdinalIgnoreCase))
            {
                throw new GraphError(400, "Request_BadRequest", "Nesting groups inside a Microsoft 365 group is not supported.");
            }

            var added = owner ? g.AddOwner(Resources.Id(obj)) : g.AddMember(Resources.Id(obj));
            if (!added)
            {
                throw AlreadyExists(owner ? "owners" : "members");
            }

            return EmuResponse.NoContent();
        }
    }

    private EmuResponse RemoveGroupRef(EmuRequest req, bool owner)
    {
        // DELETE …/members/{id}/$ref, or …/members/$ref?$id=<@odata.id url> (both are in the SDK).
        var id = req.RouteValues.Length > 1 ? req.RouteValues[1]
            : (req.Q("$id") ?? req.Q("@id")) is { } url ? LastSegmentId(url)
            : throw new GraphError(400, "BadRequest", "The member to remove must be given as /members/{id}/$ref or ?$id=.");
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var g = Group(s, req.RouteValues[0]);
            if (!owner && g.IsDynamic)
            {
                throw DynamicMembers();
            }

            RefuseRestricted(s, g.Id);
            if (owner)
            {
                if (!g.Owners.Contains(id))
                {
                    throw GraphError.NotFound(id);
                }

                // Graph keeps at least one owner on groups that have owners only when the caller is an owner; apps may remove the last one.
                g.RemoveOwner(id);
            }
            else if (!g.RemoveMember(id))
            {
                throw GraphError.NotFound(id);
            }

            return EmuResponse.NoContent();
        }
    }

    // ---- directory roles ----

    private static RoleEntity Role(TenantState s, string id) =>
        s.RolesById.GetValueOrDefault(id) ?? (Ids.IsGuid(id) ? throw GraphError.NotFound(id) : throw GraphError.InvalidId(id));

    private static RoleEntity RoleByTemplate(TenantState s, string templateId) =>
        s.Roles.Find(r => string.Equals(r.RoleTemplateId, templateId, StringComparison.OrdinalIgnoreCase)) ?? throw GraphError.NotFound(templateId);

    private EmuResponse ListRoles(EmuRequest req)
    {
        var selected = Resources.Role.Select(req.Q("$select"));
        lock (_tenant.Sync)
        {
            var rows = Query(req, _tenant.State.Roles, Resources.Role, ["displayName", "description"], pageSize: 999);
            return Page(req, rows, "directoryRoles", (w, r) => Resources.Role.Write(w, r, selected, false), 999);
        }
    }

    private EmuResponse GetRole(EmuRequest req, bool byTemplate)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var r = byTemplate ? RoleByTemplate(s, req.RouteValues[0]) : Role(s, req.RouteValues[0]);
            return Entity(200, "directoryRoles/$entity", Resources.Role, r, Resources.Role.Select(req.Q("$select")));
        }
    }

    private EmuResponse RoleMembers(EmuRequest req, bool byTemplate)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var r = byTemplate ? RoleByTemplate(s, req.RouteValues[0]) : Role(s, req.RouteValues[0]);
            var items = r.Members.Select(s.FindObject).OfType<object>().ToList();
            return Page(req, items, "directoryObjects", Resources.WriteDirectoryObject);
        }
    }

    private EmuResponse AddRoleMember(EmuRequest req, bool byTemplate)
    {
        var id = RefId(ReadBody(req));
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var r = byTemplate ? RoleByTemplate(s, req.RouteValues[0]) : Role(s, req.RouteValues[0]);
            var obj = s.FindObject(id) ?? throw GraphError.NotFound(id);
            if (obj is GroupEntity { IsAssignableToRole: false })
            {
                throw new GraphError(400, "Request_BadRequest", "Only role-assignable groups (isAssignableToRole = true) can be added to a directory role.");
            }

            if (!r.AddMember(Resources.Id(obj)))
            {
                throw AlreadyExists("members");
            }

            return EmuResponse.NoContent();
        }
    }

    private EmuResponse RemoveRoleMember(EmuRequest req, bool byTemplate)
    {
        lock (_tenant.Sync)
        {
            var r = byTemplate ? RoleByTemplate(_tenant.State, req.RouteValues[0]) : Role(_tenant.State, req.RouteValues[0]);
            if (!r.RemoveMember(req.RouteValues[1]))
            {
                throw GraphError.NotFound(req.RouteValues[1]);
            }

            return EmuResponse.NoContent();
        }
    }

    private EmuResponse ListRoleTemplates(EmuRequest req) =>
        Page(req, RoleTemplates.ByName.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList(), "directoryRoleTemplates", (w, kv) =>
        {
            w.WriteStartObject();
            w.WriteString("id", kv.Value);
            w.WriteNull("deletedDateTime");
            w.WriteString("description", $"Members of this role hold the {kv.Key} permissions.");
            w.WriteString("displayName", kv.Key);
            w.WriteEndObject();
        }, 999);

    // ---- apps, licences, organization ----

    private EmuResponse ListServicePrincipals(EmuRequest req)
    {
        var selected = Resources.ServicePrincipal.Select(req.Q("$select"));
        lock (_tenant.Sync)
        {
            var rows = Query(req, _tenant.State.ServicePrincipals, Resources.ServicePrincipal, ["displayName"]);
            return Page(req, rows, SelectContext("servicePrincipals", req), (w, sp) => Resources.ServicePrincipal.Write(w, sp, selected, false));
        }
    }

    private static ServicePrincipalEntity ServicePrincipal(TenantState s, string id) =>
        s.ServicePrincipalsById.GetValueOrDefault(id) ?? (Ids.IsGuid(id) ? throw GraphError.NotFound(id) : throw GraphError.InvalidId(id));

    private EmuResponse GetServicePrincipal(EmuRequest req)
    {
        var selected = Resources.ServicePrincipal.Select(req.Q("$select"));
        lock (_tenant.Sync)
        {
            var sp = ServicePrincipal(_tenant.State, req.RouteValues[0]);
            return EmuResponse.Json(200, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", Context(SelectContext("servicePrincipals", req) + "/$entity"));
                Resources.ServicePrincipal.WriteProps(w, sp, selected);
                w.WriteEndObject();
            });
        }
    }

    private EmuResponse ListAppRoleAssignedTo(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var sp = ServicePrincipal(_tenant.State, req.RouteValues[0]);
            return Page(req, sp.AppRoleAssignedTo.ToList(), $"servicePrincipals('{sp.Id}')/appRoleAssignedTo", (w, a) => Resources.AppRoleAssignment.Write(w, a, null, false));
        }
    }

    private EmuResponse ListUserAppRoleAssignments(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var u = User(_tenant.State, req.RouteValues[0]);
            return Page(req, u.AppRoleAssignments.ToList(), $"users('{u.Id}')/appRoleAssignments", (w, a) => Resources.AppRoleAssignment.Write(w, a, null, false));
        }
    }

    /// <summary>POST /users/{id}/appRoleAssignments or /servicePrincipals/{id}/appRoleAssignedTo.</summary>
    private EmuResponse CreateAppRoleAssignment(EmuRequest req, bool fromUser)
    {
        var body = ReadBody(req);
        string Field(string name) => body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && Ids.IsGuid(v.GetString()!)
            ? v.GetString()!
            : throw new GraphError(400, "Request_BadRequest", $"Invalid value specified for property '{name}' of resource 'AppRoleAssignment'.");
        var principalId = Field("principalId");
        var resourceId = Field("resourceId");
        var appRoleId = Field("appRoleId");
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            if (fromUser)
            {
                var u = User(s, req.RouteValues[0]);
                if (!string.Equals(u.Id, principalId, StringComparison.OrdinalIgnoreCase))
                {
                    throw new GraphError(400, "Request_BadRequest", "principalId must be the id of the user in the URL.");
                }
            }
            else if (!string.Equals(req.RouteValues[0], resourceId, StringComparison.OrdinalIgnoreCase))
            {
                throw new GraphError(400, "Request_BadRequest", "resourceId must be the id of the service principal in the URL.");
            }

            var sp = s.ServicePrincipalsById.GetValueOrDefault(resourceId) ?? throw GraphError.NotFound(resourceId);
            var principal = s.FindObject(principalId) ?? throw GraphError.NotFound(principalId);
            if (principal is not (UserEntity or GroupEntity or ServicePrincipalEntity))
            {
                throw new GraphError(400, "Request_BadRequest", "Only users, groups and service principals can be assigned to an app.");
            }

            if (appRoleId != Ids.DefaultAppRoleId && !sp.AppRoles.Exists(r => string.Equals(r.Id, appRoleId, StringComparison.OrdinalIgnoreCase)))
            {
                throw new GraphError(400, "Request_BadRequest", "Permission being assigned was not found on application");
            }

            if (sp.AppRoleAssignedTo.Exists(a => string.Equals(a.PrincipalId, principalId, StringComparison.OrdinalIgnoreCase) && string.Equals(a.AppRoleId, appRoleId, StringComparison.OrdinalIgnoreCase)))
            {
                throw new GraphError(409, "Request_BadRequest", "Permission being assigned already exists on the object");
            }

            var a = TenantLoader.AddAssignment(s, sp, Resources.Id(principal), appRoleId, DateTimeOffset.UtcNow);
            return EmuResponse.Json(201, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", Context("appRoleAssignments/$entity"));
                foreach (var p in Resources.AppRoleAssignment.DefaultProps)
                {
                    Resource<AppRoleAssignmentEntity>.WriteValue(w, p.Name, p.Get(a));
                }

                w.WriteEndObject();
            });
        }
    }

    private EmuResponse DeleteAppRoleAssignment(EmuRequest req, bool fromUser)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var assignmentId = req.RouteValues[1];
            var owner = fromUser ? User(s, req.RouteValues[0]).AppRoleAssignments : ServicePrincipal(s, req.RouteValues[0]).AppRoleAssignedTo;
            var a = owner.Find(x => string.Equals(x.Id, assignmentId, StringComparison.OrdinalIgnoreCase)) ?? throw GraphError.NotFound(assignmentId);
            s.ServicePrincipalsById.GetValueOrDefault(a.ResourceId)?.AppRoleAssignedTo.Remove(a);
            s.UsersById.GetValueOrDefault(a.PrincipalId)?.AppRoleAssignments.Remove(a);
            return EmuResponse.NoContent();
        }
    }

    private void WriteOrganization(Utf8JsonWriter w, TenantState s)
    {
        w.WriteStartObject();
        w.WriteString("id", s.TenantId);
        w.WriteNull("deletedDateTime");
        w.WriteString("displayName", s.DisplayName);
        w.WriteStartArray("assignedPlans");
        foreach (var p in s.Skus.SelectMany(k => k.ServicePlans).DistinctBy(p => p.Id))
        {
            w.WriteStartObject();
            w.WriteString("assignedDateTime", Resource<object>.FormatDate(TenantLoader.BaseCreated));
            w.WriteString("capabilityStatus", "Enabled");
            w.WriteString("service", p.Name);
            w.WriteString("servicePlanId", p.Id);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("businessPhones");
        w.WriteStringValue("+1 425 555 0100");
        w.WriteEndArray();
        w.WriteString("city", "Redmond");
        w.WriteNull("country");
        w.WriteString("countryLetterCode", s.CountryLetterCode);
        w.WriteString("createdDateTime", Resource<object>.FormatDate(TenantLoader.BaseCreated.AddDays(-30)));
        w.WriteString("defaultUsageLocation", s.CountryLetterCode);
        w.WriteStartArray("marketingNotificationEmails");
        w.WriteEndArray();
        w.WriteNull("mobileDeviceManagementAuthority");
        w.WriteNull("onPremisesLastSyncDateTime");
        w.WriteNull("onPremisesSyncEnabled");
        w.WriteNull("partnerTenantType");
        w.WriteString("postalCode", "98052");
        w.WriteString("preferredLanguage", "en");
        w.WriteNull("privacyProfile");
        w.WriteStartArray("provisionedPlans");
        w.WriteEndArray();
        w.WriteStartArray("securityComplianceNotificationMails");
        w.WriteEndArray();
        w.WriteStartArray("securityComplianceNotificationPhones");
        w.WriteEndArray();
        w.WriteString("state", "WA");
        w.WriteString("street", "1 Main Street");
        w.WriteStartArray("technicalNotificationMails");
        w.WriteStringValue("admin@" + s.Domain);
        w.WriteEndArray();
        w.WriteString("tenantType", "AAD");
        w.WriteStartArray("verifiedDomains");
        for (var i = 0; i < s.VerifiedDomains.Count; i++)
        {
            var d = s.VerifiedDomains[i];
            var initial = d.EndsWith(".onmicrosoft.com", StringComparison.OrdinalIgnoreCase);
            w.WriteStartObject();
            w.WriteString("capabilities", initial ? "Email, OfficeCommunicationsOnline" : "Email, OfficeCommunicationsOnline, MoeraDomain");
            w.WriteBoolean("isDefault", i == 0);
            w.WriteBoolean("isInitial", initial);
            w.WriteString("name", d);
            w.WriteString("type", "Managed");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private EmuResponse ListOrganization(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            return Page(req, new[] { s }, "organization", WriteOrganization);
        }
    }

    private EmuResponse GetOrganization(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            if (!string.Equals(req.RouteValues[0], s.TenantId, StringComparison.OrdinalIgnoreCase))
            {
                throw GraphError.NotFound(req.RouteValues[0]);
            }

            return WithContext(EmuResponse.Json(200, w => WriteOrganization(w, s)), Context("organization/$entity"));
        }
    }

    private EmuResponse GetDirectoryObject(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var o = _tenant.State.FindObject(req.RouteValues[0]) ?? throw GraphError.NotFound(req.RouteValues[0]);
            return WithContext(EmuResponse.Json(200, w => Resources.WriteDirectoryObject(w, o)), Context("directoryObjects/$entity"));
        }
    }
}
