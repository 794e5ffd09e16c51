using System.Text.Json;
using Dex.GraphEmulator.Model;
using Dex.GraphEmulator.OData;

namespace Dex.GraphEmulator.Http;

internal sealed partial class GraphApi
{
    private static UserEntity User(TenantState s, string idOrUpn) => s.FindUser(idOrUpn) ?? throw GraphError.NotFound(idOrUpn);

    private static Action<Utf8JsonWriter, UserEntity>? UserExpand(EmuRequest req, TenantState s)
    {
        var expand = req.Q("$expand");
        if (string.IsNullOrWhiteSpace(expand))
        {
            return null;
        }

        var name = expand.Split('(')[0].Trim();
        if (!string.Equals(name, "manager", StringComparison.OrdinalIgnoreCase))
        {
            throw new GraphError(400, "Request_BadRequest", $"Could not find a property named '{name}' on type 'microsoft.graph.user'.");
        }

        return (w, u) =>
        {
            if (u.ManagerId is not null && s.UsersById.TryGetValue(u.ManagerId, out var m))
            {
                w.WritePropertyName("manager");
                Resources.User.Write(w, m, null, true);
            }
        };
    }

    private EmuResponse ListUsers(EmuRequest req)
    {
        var selected = Resources.User.Select(req.Q("$select"));
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var expand = UserExpand(req, s);
            var rows = Query(req, s.Users, Resources.User, Resources.UserSearchDefaults, index: (prop, value) => UserIndex(s, prop, value));
            return Page(req, rows, SelectContext("users", req), (w, u) => Resources.User.Write(w, u, selected, false, expand));
        }
    }

    private static IEnumerable<UserEntity>? UserIndex(TenantState s, string property, string value) => property.ToLowerInvariant() switch
    {
        "userprincipalname" => s.UsersByUpn.TryGetValue(value, out var u) ? [u] : [],
        "id" => s.UsersById.TryGetValue(value, out var u) ? [u] : [],
        _ => null,
    };

    private static string SelectContext(string set, EmuRequest req) =>
        req.Q("$select") is { Length: > 0 } sel ? $"{set}({sel})" : set;

    private EmuResponse CountUsers(EmuRequest req) => CountOf(req, s => s.Users, Resources.User, Resources.UserSearchDefaults);

    private EmuResponse GetUser(EmuRequest req) => GetOne(req, "users", Resources.User, User, UserExpand);

    /// <summary><c>GET /{set}/$count</c>: the filtered, searched count as text (ConsistencyLevel: eventual required).</summary>
    private EmuResponse CountOf<T>(EmuRequest req, Func<TenantState, IEnumerable<T>> set, Resource<T> resource, string[] searchDefaults)
    {
        RequireEventualForCount(req);
        lock (_tenant.Sync)
        {
            return CountText(Query(req, set(_tenant.State), resource, searchDefaults, pageSize: null).Count);
        }
    }

    /// <summary><c>GET /{set}/{id}</c> with <c>$select</c> and <c>$expand</c>.</summary>
    private EmuResponse GetOne<T>(EmuRequest req, string set, Resource<T> resource, Func<TenantState, string, T> find, Func<EmuRequest, TenantState, Action<Utf8JsonWriter, T>?> expand)
    {
        var selected = resource.Select(req.Q("$select"));
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            return Entity(200, SelectContext(set, req) + "/$entity", resource, find(s, req.RouteValues[0]), selected, expand: expand(req, s));
        }
    }

    private EmuResponse CreateUser(EmuRequest req)
    {
        var body = ReadBody(req);
        foreach (var required in new[] { "accountEnabled", "displayName", "mailNickname", "userPrincipalName", "passwordProfile" })
        {
            if (!body.TryGetProperty(required, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                throw new GraphError(400, "Request_BadRequest", $"Invalid value specified for property '{required}' of resource 'User'.");
            }
        }

        if (!body.GetProperty("passwordProfile").TryGetProperty("password", out var pw) || pw.ValueKind != JsonValueKind.String)
        {
            throw new GraphError(400, "Request_BadRequest", "Invalid value specified for property 'passwordProfile' of resource 'User'.");
        }

        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var upn = body.GetProperty("userPrincipalName").GetString() ?? "";
            var user = new UserEntity
            {
                Id = Guid.NewGuid().ToString(),
                UserPrincipalName = upn,
                DisplayName = "",
                CreatedDateTime = DateTimeOffset.UtcNow,
            };
            var setters = UserSetters(body, s, user, creating: true);
            foreach (var set in setters)
            {
                set(user);
            }

            user.Mail ??= null;
            TenantLoader.AddMethod(user, "password");
            s.AddUser(user);
            return Entity(201, "users/$entity", Resources.User, user).WithHeader("Location", $"{BaseUrl}/users/{user.Id}");
        }
    }

    private EmuResponse PatchUser(EmuRequest req)
    {
        var body = ReadBody(req);
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var user = User(s, req.RouteValues[0]);
            RefuseRestricted(s, user.Id);
            if (Options.ProtectPrivilegedUsers && IsPrivileged(s, user) && body.EnumerateObject().Any(p => SensitiveUserProps.Contains(p.Name)))
            {
                throw new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
            }

            // Validate everything first so a bad field leaves the user untouched, as Graph does.
            var setters = UserSetters(body, s, user, creating: false);
            var hadLocation = user.UsageLocation is not null;
            foreach (var set in setters)
            {
                set(user);
            }

            // A first usage location takes a while to reach licensing (UsageLocationLag).
            if (!hadLocation && user.UsageLocation is not null)
            {
                user.PendingLocationRefusals = Options.UsageLocationLag;
            }

            return EmuResponse.NoContent();
        }
    }

    private EmuResponse DeleteUser(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var u = User(s, req.RouteValues[0]);
            RefuseRestricted(s, u.Id);
            // Soft delete: /directory/deletedItems keeps the user (and its direct group memberships) for restore.
            u.MembershipsAtDeletion.Clear();
            u.MembershipsAtDeletion.AddRange(s.DirectGroupsOf(u.Id).Select(g => g.Id));
            s.RemoveUser(u);
            u.DeletedDateTime = DateTimeOffset.UtcNow;
            s.DeletedUsers.RemoveAll(d => string.Equals(d.Id, u.Id, StringComparison.OrdinalIgnoreCase));
            s.DeletedUsers.Add(u);
            return EmuResponse.NoContent();
        }
    }

    private static readonly HashSet<string> SensitiveUserProps = new(StringComparer.OrdinalIgnoreCase)
    {
        "passwordProfile", "accountEnabled", "mobilePhone", "businessPhones", "otherMails",
    };

    // Graph lets ordinary admins change these roles' holders; every other role counts as privileged.
    private static readonly HashSet<string> UnprivilegedRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "88d8e3e3-8f55-4a1e-953a-9b9898b8876b", // Directory Readers
        "95e79109-95c0-4d8e-aee3-d01accf2d47b", // Guest Inviter
        "790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b", // Message Center Reader
        "4a5d8f65-41da-4de4-8968-e035b65339cf", // Reports Reader
    };

    private static bool IsPrivileged(TenantState s, UserEntity u) =>
        s.RolesOf(u.Id, s.TransitiveGroupsOf(u.Id)).Exists(r => !UnprivilegedRoles.Contains(r.RoleTemplateId));

    private static readonly HashSet<string> ReadOnlyUserProps = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "createdDateTime", "signInSessionsValidFromDateTime", "proxyAddresses", "identities", "deletedDateTime",
        "assignedLicenses", "assignedPlans", "provisionedPlans", "licenseAssignmentStates", "signInActivity", "securityIdentifier", "externalUserState",
        "externalUserStateChangeDateTime", "onPremisesSyncEnabled", "onPremisesLastSyncDateTime", "onPremisesSecurityIdentifier", "onPremisesDistinguishedName",
        "onPremisesDomainName", "onPremisesProvisioningErrors", "onPremisesSamAccountName", "onPremisesUserPrincipalName", "serviceProvisioningErrors",
        "lastPasswordChangeDateTime", "creationType", "isManagementRestricted", "mailboxSettings", "authorizationInfo", "print", "cloudSecurityIdentifier",
    };

    private static List<Action<UserEntity>> UserSetters(JsonElement body, TenantState s, UserEntity target, bool creating)
    {
        var setters = new List<Action<UserEntity>>();
        foreach (var prop in body.EnumerateObject())
        {
            var name = prop.Name;
            var v = prop.Value;
            if (name.StartsWith('@'))
            {
                continue; // @odata.type and friends
            }

            if (string.Equals(name, "manager@odata.bind", StringComparison.OrdinalIgnoreCase))
            {
                var mgrId = LastSegmentId(v.GetString() ?? "");
                var mgr = s.FindUser(mgrId) ?? throw GraphError.NotFound(mgrId);
                setters.Add(u => u.ManagerId = mgr.Id);
                continue;
            }

            if (name.Contains('@', StringComparison.Ordinal))
            {
                continue;
            }

            if (ReadOnlyUserProps.Contains(name))
            {
                if (creating && string.Equals(name, "id", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                throw new GraphError(400, "Request_BadRequest", $"Property '{name}' is read-only and cannot be set.");
            }

            string? Str()
            {
                if (v.ValueKind == JsonValueKind.Null)
                {
                    return null;
                }

                return v.ValueKind == JsonValueKind.String ? v.GetString() : throw Invalid(name);
            }

            List<string> StrList()
            {
                if (v.ValueKind == JsonValueKind.Null)
                {
                    return [];
                }

                if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                {
                    throw Invalid(name);
                }

                return v.EnumerateArray().Select(e => e.GetString()!).ToList();
            }

            switch (name)
            {
                case "accountEnabled":
                    if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        throw Invalid(name);
                    }

                    var enabled = v.GetBoolean();
                    setters.Add(u => u.AccountEnabled = enabled);
                    break;
                case "displayName":
                    var dn = Str();
                    if (string.IsNullOrWhiteSpace(dn) || dn.Length > 256)
                    {
                        throw Invalid(name);
                    }

                    setters.Add(u => u.DisplayName = dn);
                    break;
                case "userPrincipalName":
                    var upn = Str() ?? throw Invalid(name);
                    ValidateUpn(s, upn, target);
                    setters.Add(u =>
                    {
                        s.UsersByUpn.Remove(u.UserPrincipalName);
                        u.UserPrincipalName = upn;
                        if (s.UsersById.ContainsKey(u.Id))
                        {
                            s.UsersByUpn[upn] = u;
                        }
                    });
                    break;
                case "mailNickname":
                    var nick = Str();
                    if (string.IsNullOrWhiteSpace(nick) || nick.Any(ch => char.IsWhiteSpace(ch) || ch is '@' or '"' or '\\' or ',' or ';' or ':' or '<' or '>' or '[' or ']'))
                    {
                        throw Invalid(name);
                    }

                    setters.Add(u => u.MailNickname = nick);
                    break;
                case "usageLocation":
                    var loc = Str();
                    if (loc is not null && (loc.Length != 2 || !loc.All(char.IsAsciiLetter)))
                    {
                        throw Invalid(name);
                    }

                    setters.Add(u => u.UsageLocation = loc?.ToUpperInvariant());
                    break;
                case "businessPhones":
                    var phones = StrList();
                    if (phones.Count > 1)
                    {
                        throw new GraphError(400, "Request_BadRequest", "Invalid value specified for property 'businessPhones' of resource 'User': only one number can be set.");
                    }

                    setters.Add(u => u.BusinessPhones = phones);
                    break;
                case "otherMails":
                    var others = StrList();
                    setters.Add(u => u.OtherMails = others);
                    break;
                case "passwordProfile":
                    if (v.ValueKind != JsonValueKind.Object)
                    {
                        throw Invalid(name);
                    }

                    string? password = null;
                    if (v.TryGetProperty("password", out var p) && p.ValueKind != JsonValueKind.Null)
                    {
                        password = p.ValueKind == JsonValueKind.String ? p.GetString() : throw Invalid(name);
                        CheckPassword(password!, target);
                    }

                    var force = v.TryGetProperty("forceChangePasswordNextSignIn", out var f) && f.ValueKind == JsonValueKind.True;
                    setters.Add(u =>
                    {
                        if (password is not null)
                        {
                            u.Password = password;
                        }

                        u.ForceChangePasswordNextSignIn = force;
                    });
                    break;
                case "givenName": { var x = Str(); setters.Add(u => u.GivenName = x); break; }
                case "surname": { var x = Str(); setters.Add(u => u.Surname = x); break; }
                case "jobTitle": { var x = Str(); setters.Add(u => u.JobTitle = x); break; }
                case "department": { var x = Str(); setters.Add(u => u.Department = x); break; }
                case "companyName": { var x = Str(); setters.Add(u => u.CompanyName = x); break; }
                case "employeeId": { var x = Str(); setters.Add(u => u.EmployeeId = x); break; }
                case "officeLocation": { var x = Str(); setters.Add(u => u.OfficeLocation = x); break; }
                case "city": { var x = Str(); setters.Add(u => u.City = x); break; }
                case "country": { var x = Str(); setters.Add(u => u.Country = x); break; }
                case "mobilePhone": { var x = Str(); setters.Add(u => u.MobilePhone = x); break; }
                case "preferredLanguage": { var x = Str(); setters.Add(u => u.PreferredLanguage = x); break; }
                case "mail": { var x = Str(); setters.Add(u => u.Mail = x); break; }
                case "passwordPolicies": { var x = Str(); setters.Add(u => u.PasswordPolicies = x); break; }
                case "userType":
                    var type = Str();
                    if (type is not ("Member" or "Guest"))
                    {
                        throw Invalid(name);
                    }

                    setters.Add(u => u.UserType = type);
                    break;
                default:
                    if (Resources.User.IsKnown(name))
                    {
                        // A real v1.0 property the emulator does not model: kept as sent and returned by $select.
                        var raw = v.Clone();
                        setters.Add(u => u.Extra[name] = raw);
                        break;
                    }

                    throw new GraphError(400, "Request_BadRequest",
                        $"The property '{name}' does not exist on type 'microsoft.graph.user'. Make sure to only use property names that are defined by the type.");
            }
        }

        return setters;
    }

    private static GraphError Invalid(string property) =>
        new(400, "Request_BadRequest", $"Invalid value specified for property '{property}' of resource 'User'.");

    private static void ValidateUpn(TenantState s, string upn, UserEntity target)
    {
        var at = upn.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != upn.LastIndexOf('@') || upn.Any(c => c > 127 || char.IsWhiteSpace(c)) || upn.StartsWith('.') || upn[..at].EndsWith('.'))
        {
            throw new GraphError(400, "Request_BadRequest", "One or more properties contains invalid values.")
            {
                Details = [("userPrincipalName", "InvalidValue", "Property userPrincipalName is invalid.")],
            };
        }

        var domain = upn[(at + 1)..];
        if (!s.VerifiedDomains.Contains(domain, StringComparer.OrdinalIgnoreCase))
        {
            throw new GraphError(400, "Request_BadRequest",
                "The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.")
            {
                Details = [("userPrincipalName", "InvalidValue", $"Domain '{domain}' is not a verified domain of this tenant.")],
            };
        }

        if (s.UsersByUpn.TryGetValue(upn, out var other) && !ReferenceEquals(other, target))
        {
            throw new GraphError(400, "Request_BadRequest", "Another object with the same value for property userPrincipalName already exists.")
            {
                Details = [("userPrincipalName", "ObjectConflict", "Another object with the same value for property userPrincipalName already exists.")],
            };
        }
    }

    /// <summary>Entra's default policy: 8-256 characters, three of upper, lower, digit, symbol; not containing the user name.</summary>
    private static void CheckPassword(string password, UserEntity target)
    {
        var classes = (password.Any(char.IsAsciiLetterUpper) ? 1 : 0) + (password.Any(char.IsAsciiLetterLower) ? 1 : 0)
                      + (password.Any(char.IsAsciiDigit) ? 1 : 0) + (password.Any(c => !char.IsAsciiLetterOrDigit(c)) ? 1 : 0);
        var alias = target.UserPrincipalName.Split('@')[0];
        if (password.Length is < 8 or > 256 || classes < 3 || (alias.Length >= 3 && password.Contains(alias, StringComparison.OrdinalIgnoreCase)))
        {
            throw new GraphError(400, "Request_BadRequest",
                "The specified password does not comply with password complexity requirements. Please provide a different password.");
        }
    }

    // ---- manager ----

    private EmuResponse GetManager(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var u = User(s, req.RouteValues[0]);
            if (u.ManagerId is null || !s.UsersById.TryGetValue(u.ManagerId, out var m))
            {
                throw GraphError.NotFound("manager");
            }

            return Entity(200, "directoryObjects/$entity", Resources.User, m, Resources.User.Select(req.Q("$select")), "#microsoft.graph.user");
        }
    }

    private EmuResponse GetManagerRef(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var u = User(s, req.RouteValues[0]);
            if (u.ManagerId is null)
            {
                throw GraphError.NotFound("manager");
            }

            return EmuResponse.Json(200, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", Context("directoryObjects/$ref"));
                w.WriteString("@odata.id", $"{BaseUrl}/directoryObjects/{u.ManagerId}");
                w.WriteEndObject();
            });
        }
    }

    private EmuResponse PutManagerRef(EmuRequest req)
    {
        var id = RefId(ReadBody(req));
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var u = User(s, req.RouteValues[0]);
            var m = s.UsersById.GetValueOrDefault(id) ?? throw GraphError.NotFound(id);
            if (ReferenceEquals(m, u))
            {
                throw new GraphError(400, "Request_BadRequest", "A user cannot be their own manager.");
            }

            // Graph refuses manager cycles only loosely; refusing them keeps org charts walkable.
            for (var cur = m; cur.ManagerId is not null && s.UsersById.TryGetValue(cur.ManagerId, out var next); cur = next)
            {
                if (ReferenceEquals(next, u))
                {
                    throw new GraphError(400, "Request_BadRequest", "Setting this manager would create a reporting cycle.");
                }
            }

            u.ManagerId = m.Id;
            return EmuResponse.NoContent();
        }
    }

    private EmuResponse DeleteManagerRef(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var u = User(_tenant.State, req.RouteValues[0]);
            if (u.ManagerId is null)
            {
                throw GraphError.NotFound("manager");
            }

            u.ManagerId = null;
            return EmuResponse.NoContent();
        }
    }

    private EmuResponse DirectReports(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var u = User(s, req.RouteValues[0]);
            var reports = s.Users.Where(x => string.Equals(x.ManagerId, u.Id, StringComparison.OrdinalIgnoreCase)).ToList();
            return Page(req, reports, "directoryObjects", (w, x) => Resources.User.Write(w, x, null, true));
        }
    }

    // ---- memberships ----

    private EmuResponse MemberOf(EmuRequest req, bool transitive, string? cast, bool count = false)
    {
        var castType = cast is null ? null : CastType(cast);
        if (castType is not null && !count && !(req.EventualConsistency && req.CountRequested))
        {
            throw new GraphError(400, "Request_UnsupportedQuery",
                "The requested query requires ConsistencyLevel: eventual and $count=true for OData casts.");
        }

        if (count)
        {
            RequireEventualForCount(req);
        }

        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var u = User(s, req.RouteValues[0]);
            var items = MembershipsOf(s, u.Id, transitive);
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

            return Page(req, items, castType is null ? "directoryObjects" : $"{castType}s", (w, o) => WriteSelected(w, o, req));
        }
    }

    private static List<object> MembershipsOf(TenantState s, string id, bool transitive)
    {
        if (transitive)
        {
            var groups = s.TransitiveGroupsOf(id);
            return [.. groups, .. s.RolesOf(id, groups), .. s.UnitsOf(id)];
        }

        return [.. s.DirectGroupsOf(id), .. s.RolesOf(id, null), .. s.UnitsOf(id)];
    }

    /// <summary>Writes a directory object with its @odata.type and the $select the request asked for (per type).</summary>
    private static void WriteSelected(Utf8JsonWriter w, object o, EmuRequest req)
    {
        var sel = req.Q("$select");
        if (string.IsNullOrWhiteSpace(sel))
        {
            Resources.WriteDirectoryObject(w, o);
            return;
        }

        // On a mixed collection Graph returns the selected properties each type has; unknown names are simply absent.
        var names = sel.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        switch (o)
        {
            case UserEntity u: Resources.User.Write(w, u, names.Select(Resources.User.Find).OfType<Prop<UserEntity>>().ToList(), true); break;
            case GroupEntity g: Resources.Group.Write(w, g, names.Select(Resources.Group.Find).OfType<Prop<GroupEntity>>().ToList(), true); break;
            case RoleEntity r: Resources.Role.Write(w, r, names.Select(Resources.Role.Find).OfType<Prop<RoleEntity>>().ToList(), true); break;
            case ServicePrincipalEntity sp: Resources.ServicePrincipal.Write(w, sp, names.Select(Resources.ServicePrincipal.Find).OfType<Prop<ServicePrincipalEntity>>().ToList(), true); break;
            case AdministrativeUnitEntity a: Resources.AdministrativeUnit.Write(w, a, names.Select(Resources.AdministrativeUnit.Find).OfType<Prop<AdministrativeUnitEntity>>().ToList(), true); break;
        }
    }

    /// <summary>$search on relationship collections (also type-cast ones), on each object's own search properties.</summary>
    private static List<object> SearchDirectoryObjects(EmuRequest req, List<object> items)
    {
        var search = req.Q("$search");
        if (string.IsNullOrWhiteSpace(search))
        {
            return items;
        }

        if (!req.EventualConsistency)
        {
            throw new GraphError(400, "Request_UnsupportedQuery", "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
        }

        var query = Search.Parse(search);
        return items.Where(o => o switch
        {
            UserEntity u => Search.Matches(query, Resources.User, u, Resources.UserSearchDefaults),
            GroupEntity g => Search.Matches(query, Resources.Group, g, Resources.GroupSearchDefaults),
            RoleEntity r => Search.Matches(query, Resources.Role, r, ["displayName", "description"]),
            ServicePrincipalEntity sp => Search.Matches(query, Resources.ServicePrincipal, sp, ["displayName"]),
            AdministrativeUnitEntity a => Search.Matches(query, Resources.AdministrativeUnit, a, ["displayName", "description"]),
            _ => false,
        }).ToList();
    }

    /// <summary>memberOf / members accept simple filters on the object's own properties (displayName etc.).</summary>
    private static List<object> FilterDirectoryObjects(EmuRequest req, List<object> items)
    {
        var filterText = req.Q("$filter");
        if (string.IsNullOrWhiteSpace(filterText))
        {
            return items;
        }

        if (!(req.EventualConsistency && req.CountRequested))
        {
            throw new GraphError(400, "Request_UnsupportedQuery",
                "Filter on relationship collections requires ConsistencyLevel: eventual and $count=true.");
        }

        var node = FilterParser.Parse(filterText);
        return items.Where(o => FilterParser.Evaluate(node, o switch
        {
            UserEntity u => Resources.User.Getter(u),
            GroupEntity g => Resources.Group.Getter(g),
            RoleEntity r => Resources.Role.Getter(r),
            ServicePrincipalEntity sp => Resources.ServicePrincipal.Getter(sp),
            AdministrativeUnitEntity a => Resources.AdministrativeUnit.Getter(a),
            _ => _ => null,
        })).ToList();
    }

    private static string CastType(string segment)
    {
        var name = segment.StartsWith("microsoft.graph.", StringComparison.OrdinalIgnoreCase) ? segment["microsoft.graph.".Length..]
            : segment.StartsWith("graph.", StringComparison.OrdinalIgnoreCase) ? segment["graph.".Length..]
            : throw new GraphError(400, "BadRequest", $"Resource not found for the segment '{segment}'.");
        return name.ToLowerInvariant() switch
        {
            "user" => "user",
            "group" => "group",
            "directoryrole" => "directoryRole",
            "serviceprincipal" => "servicePrincipal",
            "administrativeunit" => "administrativeUnit",
            _ => throw new GraphError(400, "BadRequest", $"Resource not found for the segment '{segment}'."),
        };
    }

    /// <summary>checkMemberGroups / checkMemberObjects / getMemberGroups / getMemberObjects on users, groups and directoryObjects.</summary>
    private EmuResponse MemberCheck(EmuRequest req, bool check, bool objects)
    {
        var body = ReadBody(req);
        List<string>? wanted = null;
        if (check)
        {
            var key = objects ? "ids" : "groupIds";
            if (!body.TryGetProperty(key, out var ids) || ids.ValueKind != JsonValueKind.Array)
            {
                throw new GraphError(400, "Request_BadRequest", $"Invalid value specified for property '{key}'.");
            }

            wanted = ids.EnumerateArray().Select(e => e.GetString() ?? "").ToList();
            if (wanted.Count > 20)
            {
                throw new GraphError(400, "Request_BadRequest", $"The number of {key} cannot exceed 20.");
            }
        }
        else if (!body.TryGetProperty("securityEnabledOnly", out var only) || only.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw new GraphError(400, "Request_BadRequest", "Invalid value specified for property 'securityEnabledOnly'.");
        }

        var securityOnly = !check && body.GetProperty("securityEnabledOnly").GetBoolean();
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var o = s.FindObject(req.RouteValues[0]) ?? s.FindUser(req.RouteValues[0]) ?? throw GraphError.NotFound(req.RouteValues[0]);
            var id = Resources.Id(o);
            var groups = s.TransitiveGroupsOf(id);
            IEnumerable<string> all = groups.Where(g => !securityOnly || g.SecurityEnabled).Select(g => g.Id);
            if (objects)
            {
                all = all.Concat(s.RolesOf(id, groups).Select(r => r.Id)).Concat(s.UnitsOf(id).Select(a => a.Id));
            }

            var set = all.ToHashSet(StringComparer.OrdinalIgnoreCase);
            var result = wanted is null ? set.ToList() : wanted.Where(set.Contains).ToList();
            return EmuResponse.Json(200, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", Context("Collection(Edm.String)"));
                w.WriteStartArray("value");
                foreach (var x in result)
                {
                    w.WriteStringValue(x);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }
    }

    private EmuResponse RevokeSignInSessions(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var u = User(_tenant.State, req.RouteValues[0]);
            var now = DateTimeOffset.UtcNow;
            u.SignInSessionsRevokedAt = now;
            u.SignInSessionsValidFromDateTime = now;
        }

        return EmuResponse.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", Context("Edm.Boolean"));
            w.WriteBoolean("value", true);
            w.WriteEndObject();
        });
    }

    private static EmuResponse Me(EmuRequest req) =>
        throw new GraphError(400, "BadRequest", "/me request is only valid with delegated authentication flow.");
}
