using System.Text.Json;
using Dex.GraphEmulator.Model;
using Dex.GraphEmulator.OData;

namespace Dex.GraphEmulator.Http;

internal sealed partial class GraphApi
{
    private const int MaxPhotoBytes = 4 * 1024 * 1024;

    private static void NoQueryOptions(EmuRequest req)
    {
        // "This API does not support optional query parameters": Graph rejects them on /authentication/methods.
        var bad = req.Query.Keys.FirstOrDefault(k => k.StartsWith('$') && k is not "$skiptoken");
        if (bad is not null)
        {
            throw new GraphError(400, "BadRequest", $"Query option '{bad}' is not supported on authentication methods.");
        }
    }

    private EmuResponse ListMethods(EmuRequest req)
    {
        NoQueryOptions(req);
        lock (_tenant.Sync)
        {
            var u = User(_tenant.State, req.RouteValues[0]);
            return Page(req, u.AuthMethods, $"users('{u.Id}')/authentication/methods", Resources.WriteMethod, 200);
        }
    }

    private EmuResponse GetMethod(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var u = User(_tenant.State, req.RouteValues[0]);
            var m = u.AuthMethods.Find(x => string.Equals(x.Id, req.RouteValues[1], StringComparison.OrdinalIgnoreCase))
                    ?? throw MethodNotFound(req.RouteValues[1]);
            return EmuResponse.Json(200, w => Resources.WriteMethod(w, m));
        }
    }

    private static string MethodKind(string segment) =>
        Resources.MethodSegments.GetValueOrDefault(segment) ?? throw new GraphError(400, "BadRequest", $"Resource not found for the segment '{segment}'.");

    private static GraphError MethodNotFound(string id) =>
        new(404, "itemNotFound", $"The authentication method '{id}' was not found for this user.");

    private EmuResponse ListTypedMethods(EmuRequest req)
    {
        var kind = MethodKind(req.RouteValues[1]);
        lock (_tenant.Sync)
        {
            var u = User(_tenant.State, req.RouteValues[0]);
            var items = u.AuthMethods.Where(m => m.Kind == kind).ToList();
            return Page(req, items, $"users('{u.Id}')/authentication/{req.RouteValues[1]}", Resources.WriteMethod, 200);
        }
    }

    private EmuResponse GetTypedMethod(EmuRequest req)
    {
        var kind = MethodKind(req.RouteValues[1]);
        lock (_tenant.Sync)
        {
            var u = User(_tenant.State, req.RouteValues[0]);
            var m = u.AuthMethods.Find(x => x.Kind == kind && string.Equals(x.Id, req.RouteValues[2], StringComparison.OrdinalIgnoreCase))
                    ?? throw MethodNotFound(req.RouteValues[2]);
            return EmuResponse.Json(200, w => Resources.WriteMethod(w, m));
        }
    }

    private EmuResponse DeleteTypedMethod(EmuRequest req)
    {
        var kind = MethodKind(req.RouteValues[1]);
        if (kind == "password")
        {
            throw new GraphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");
        }

        lock (_tenant.Sync)
        {
            var u = User(_tenant.State, req.RouteValues[0]);
            var i = u.AuthMethods.FindIndex(x => x.Kind == kind && string.Equals(x.Id, req.RouteValues[2], StringComparison.OrdinalIgnoreCase));
            if (i < 0)
            {
                throw MethodNotFound(req.RouteValues[2]);
            }

            u.AuthMethods.RemoveAt(i);
            return EmuResponse.NoContent();
        }
    }

    private static readonly Dictionary<string, string> PhoneIds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mobile"] = Ids.MobilePhoneMethodId,
        ["alternateMobile"] = Ids.AlternateMobilePhoneMethodId,
        ["office"] = Ids.OfficePhoneMethodId,
    };

    /// <summary>Graph's phone format: "+{country code} {number}", optional "x{extension}".</summary>
    private static string PhoneNumber(JsonElement body)
    {
        var number = body.TryGetProperty("phoneNumber", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()!.Trim() : "";
        var main = number.Split('x')[0];
        if (!main.StartsWith('+') || main.Count(char.IsAsciiDigit) < 8 || main.Skip(1).Any(ch => !char.IsAsciiDigit(ch) && ch != ' ' && ch != '-'))
        {
            throw new GraphError(400, "invalidPhoneNumber", $"The phone number '{number}' is not in the format +{{country code}} {{number}}.");
        }

        return number;
    }

    private static string PhoneType(JsonElement body)
    {
        var type = body.TryGetProperty("phoneType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
        return PhoneIds.Keys.FirstOrDefault(k => string.Equals(k, type, StringComparison.OrdinalIgnoreCase))
               ?? throw new GraphError(400, "invalidPhoneType", $"'{type}' is not a valid phoneType; use mobile, alternateMobile or office.");
    }

    private EmuResponse CreateTypedMethod(EmuRequest req)
    {
        var kind = MethodKind(req.RouteValues[1]);
        var body = ReadBody(req);
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var u = User(s, req.RouteValues[0]);
            RefuseRestricted(s, u.Id);
            AuthMethodEntity m;
            string? tapValue = null;
            var now = DateTimeOffset.UtcNow;
            switch (kind)
            {
                case "phone":
                {
                    var number = PhoneNumber(body);
                    var type = PhoneType(body);
                    if (u.AuthMethods.Exists(x => x.Kind == "phone" && x.PhoneType == type))
                    {
                        throw new GraphError(400, "phoneTypeAlreadyExists", $"A phone method of type '{type}' already exists for this user.");
                    }

                    m = new AuthMethodEntity { Id = PhoneIds[type], Kind = "phone", PhoneNumber = number, PhoneType = type, CreatedDateTime = now };
                    break;
                }

                case "email":
                {
                    var email = body.TryGetProperty("emailAddress", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()!.Trim() : "";
                    if (email.IndexOf('@', StringComparison.Ordinal) <= 0)
                    {
                        throw new GraphError(400, "invalidEmailAddress", $"'{email}' is not a valid email address.");
                    }

                    if (u.AuthMethods.Exists(x => x.Kind == "email"))
                    {
                        throw new GraphError(409, "conflict", "An email method already exists for this user.");
                    }

                    m = new AuthMethodEntity { Id = Ids.For("method:email", u.Id), Kind = "email", EmailAddress = email, CreatedDateTime = now };
                    break;
                }

                case "temporaryAccessPass":
                {
                    var lifetime = body.TryGetProperty("lifetimeInMinutes", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt32() : 60;
                    if (lifetime is < 10 or > 43200)
                    {
                        throw new GraphError(400, "badRequest", "lifetimeInMinutes must be between 10 and 43200 minutes.");
                    }

                    if (u.AuthMethods.Exists(x => x.Kind == "temporaryAccessPass"))
                    {
                        throw new GraphError(400, "badRequest", "A user can only have one Temporary Access Pass at a time.");
                    }

                    var start = body.TryGetProperty("startDateTime", out var sd) && sd.ValueKind == JsonValueKind.String && sd.TryGetDateTimeOffset(out var d) ? d : now;
                    var once = body.TryGetProperty("isUsableOnce", out var o) && o.ValueKind == JsonValueKind.True;
                    tapValue = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(9)).Replace('+', '#').Replace('/', '%')[..12];
                    m = new AuthMethodEntity { Id = Guid.NewGuid().ToString(), Kind = "temporaryAccessPass", CreatedDateTime = now, StartDateTime = start, LifetimeInMinutes = lifetime, IsUsableOnce = once };
                    break;
                }

                default:
                    throw new GraphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");
            }

            u.AuthMethods.Add(m);
            var tap = tapValue;
            return EmuResponse.Json(201, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", Context($"users('{u.Id}')/authentication/{req.RouteValues[1]}/$entity"));
                Resources.WriteMethodProps(w, m, tap);
                w.WriteEndObject();
            });
        }
    }

    private EmuResponse PatchTypedMethod(EmuRequest req)
    {
        var kind = MethodKind(req.RouteValues[1]);
        if (kind != "phone")
        {
            throw new GraphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");
        }

        var body = ReadBody(req);
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var u = User(s, req.RouteValues[0]);
            RefuseRestricted(s, u.Id);
            var i = u.AuthMethods.FindIndex(x => x.Kind == "phone" && string.Equals(x.Id, req.RouteValues[2], StringComparison.OrdinalIgnoreCase));
            if (i < 0)
            {
                throw MethodNotFound(req.RouteValues[2]);
            }

            var old = u.AuthMethods[i];
            var number = body.TryGetProperty("phoneNumber", out _) ? PhoneNumber(body) : old.PhoneNumber;
            var type = body.TryGetProperty("phoneType", out _) ? PhoneType(body) : old.PhoneType!;
            if (!string.Equals(type, old.PhoneType, StringComparison.OrdinalIgnoreCase))
            {
                throw new GraphError(400, "badRequest", "The phoneType of an existing phone method cannot be changed.");
            }

            u.AuthMethods[i] = new AuthMethodEntity { Id = old.Id, Kind = "phone", PhoneNumber = number, PhoneType = type, CreatedDateTime = old.CreatedDateTime };
            return EmuResponse.NoContent();
        }
    }

    private EmuResponse ResetPassword(EmuRequest req)
    {
        string? newPassword = null;
        if (!req.Body.IsEmpty)
        {
            var body = ReadBody(req);
            if (body.TryGetProperty("newPassword", out var p) && p.ValueKind == JsonValueKind.String)
            {
                newPassword = p.GetString();
            }
        }

        if (!string.Equals(req.RouteValues[1], Ids.PasswordMethodId, StringComparison.OrdinalIgnoreCase))
        {
            throw MethodNotFound(req.RouteValues[1]);
        }

        string generated;
        lock (_tenant.Sync)
        {
            var u = User(_tenant.State, req.RouteValues[0]);
            if (newPassword is not null)
            {
                CheckPassword(newPassword, u);
            }

            generated = newPassword ?? "Tmp" + Guid.NewGuid().ToString("N")[..8] + "!9";
            u.Password = generated;
            u.ForceChangePasswordNextSignIn = true;
        }

        var operation = Guid.NewGuid();
        var response = newPassword is not null
            ? EmuResponse.Json(202, w => { w.WriteStartObject(); w.WriteEndObject(); })
            : EmuResponse.Json(202, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", Context("microsoft.graph.passwordResetResponse"));
                w.WriteString("newPassword", generated);
                w.WriteEndObject();
            });
        return response.WithHeader("Location", $"{BaseUrl}/users/{req.RouteValues[0]}/authentication/operations/{operation}");
    }

    /// <summary>The long-running operation a resetPassword 202 points at; the emulator finishes it at once.</summary>
    private EmuResponse GetOperation(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            _ = User(_tenant.State, req.RouteValues[0]);
        }

        if (!Ids.IsGuid(req.RouteValues[1]))
        {
            throw new GraphError(404, "itemNotFound", $"Operation '{req.RouteValues[1]}' was not found.");
        }

        var now = Resource<object>.FormatDate(DateTimeOffset.UtcNow);
        return EmuResponse.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", Context("microsoft.graph.longRunningOperation"));
            w.WriteString("id", req.RouteValues[1]);
            w.WriteString("createdDateTime", now);
            w.WriteString("lastActionDateTime", now);
            w.WriteString("status", "succeeded");
            w.WriteNull("statusDetail");
            w.WriteEndObject();
        });
    }

    // ---- photo ----

    private EmuResponse PutPhoto(EmuRequest req)
    {
        var type = (req.ContentType ?? "application/octet-stream").Split(';')[0].Trim().ToLowerInvariant();
        if (type is not ("image/jpeg" or "image/jpg" or "image/png" or "image/gif" or "application/octet-stream"))
        {
            throw new GraphError(400, "ErrorInvalidRequest", $"Content type '{type}' is not supported for profile photos; use image/jpeg or image/png.");
        }

        if (req.Body.Length > MaxPhotoBytes)
        {
            throw new GraphError(400, "ErrorRequestEntityTooLarge", "The photo exceeds the maximum size of 4 MB.");
        }

        if (req.Body.IsEmpty)
        {
            throw new GraphError(400, "ErrorInvalidRequest", "The photo body is empty.");
        }

        if (type == "application/octet-stream")
        {
            var span = req.Body.Span;
            type = span.Length > 3 && span[0] == 0x89 && span[1] == 0x50 ? "image/png" : "image/jpeg";
        }

        lock (_tenant.Sync)
        {
            var u = User(_tenant.State, req.RouteValues[0]);
            u.Photo = req.Body.ToArray();
            u.PhotoContentType = type;
        }

        return new EmuResponse { Status = 200 };
    }

    private EmuResponse GetPhotoValue(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var u = User(_tenant.State, req.RouteValues[0]);
            if (u.Photo is null)
            {
                throw new GraphError(404, "ErrorItemNotFound", "The photo wasn't found.");
            }

            return new EmuResponse { Status = 200, ContentType = u.PhotoContentType, Body = u.Photo };
        }
    }

    private EmuResponse GetPhoto(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var u = User(_tenant.State, req.RouteValues[0]);
            if (u.Photo is null)
            {
                throw new GraphError(404, "ErrorItemNotFound", "The photo wasn't found.");
            }

            var etag = $"\"{(uint)u.Photo.Length ^ (uint)u.Photo.Aggregate(17, (h, b) => h * 31 + b):X8}\"";
            var type = u.PhotoContentType;
            return EmuResponse.Json(200, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", Context($"users('{u.Id}')/photo/$entity"));
                w.WriteString("@odata.id", $"{BaseUrl}/users('{u.Id}')/photo");
                w.WriteString("@odata.mediaContentType", type);
                w.WriteString("@odata.mediaEtag", etag);
                w.WriteString("id", "240x240");
                w.WriteNumber("height", 240);
                w.WriteNumber("width", 240);
                w.WriteEndObject();
            });
        }
    }

    private static readonly string[] PhotoSizes = ["48x48", "64x64", "96x96", "120x120", "240x240", "360x360", "432x432", "504x504", "648x648"];

    private static string PhotoSize(string size) =>
        PhotoSizes.FirstOrDefault(x => string.Equals(x, size, StringComparison.OrdinalIgnoreCase)) ?? throw new GraphError(404, "ErrorItemNotFound", "The photo wasn't found.");

    private EmuResponse ListPhotos(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var u = User(_tenant.State, req.RouteValues[0]);
            var sizes = u.Photo is null ? [] : PhotoSizes.ToList();
            return Page(req, sizes, $"users('{u.Id}')/photos", (w, size) =>
            {
                var px = int.Parse(size.Split('x')[0], System.Globalization.CultureInfo.InvariantCulture);
                w.WriteStartObject();
                w.WriteString("@odata.mediaContentType", u.PhotoContentType);
                w.WriteString("id", size);
                w.WriteNumber("height", px);
                w.WriteNumber("width", px);
                w.WriteEndObject();
            });
        }
    }

    private EmuResponse GetPhotoSize(EmuRequest req)
    {
        var size = PhotoSize(req.RouteValues[1]);
        lock (_tenant.Sync)
        {
            var u = User(_tenant.State, req.RouteValues[0]);
            if (u.Photo is null)
            {
                throw new GraphError(404, "ErrorItemNotFound", "The photo wasn't found.");
            }

            var px = int.Parse(size.Split('x')[0], System.Globalization.CultureInfo.InvariantCulture);
            return EmuResponse.Json(200, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", Context($"users('{u.Id}')/photos/$entity"));
                w.WriteString("@odata.id", $"{BaseUrl}/users('{u.Id}')/photos('{size}')");
                w.WriteString("@odata.mediaContentType", u.PhotoContentType);
                w.WriteString("id", size);
                w.WriteNumber("height", px);
                w.WriteNumber("width", px);
                w.WriteEndObject();
            });
        }
    }

    private EmuResponse GetPhotoSizeValue(EmuRequest req)
    {
        _ = PhotoSize(req.RouteValues[1]);
        return GetPhotoValue(req);
    }

    private EmuResponse DeletePhoto(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var u = User(_tenant.State, req.RouteValues[0]);
            u.Photo = null;
            u.PhotoContentType = null;
            return EmuResponse.NoContent();
        }
    }

    // ---- Identity Protection ----

    private static IEnumerable<RiskyUserRow> RiskyRows(TenantState s) =>
        s.Users.Where(u => u.Risk is not null).Select(u => new RiskyUserRow(u, u.Risk!));

    private EmuResponse ListRiskyUsers(EmuRequest req)
    {
        var selected = Resources.RiskyUser.Select(req.Q("$select"));
        lock (_tenant.Sync)
        {
            var filterText = req.Q("$filter");
            var rows = RiskyRows(_tenant.State);
            if (!string.IsNullOrWhiteSpace(filterText))
            {
                var node = FilterParser.Parse(filterText);
                // Identity Protection is not a directory endpoint: ne/not work without advanced-query headers.
                foreach (var p in FilterParser.Analyze(node).Properties)
                {
                    _ = Resources.RiskyUser.Find(p) ?? throw new GraphError(400, "BadRequest", $"Could not find a property named '{p}' on type 'microsoft.graph.riskyUser'.");
                }

                rows = rows.Where(r => FilterParser.Evaluate(node, Resources.RiskyUser.Getter(r)));
            }

            return Page(req, rows.ToList(), "identityProtection/riskyUsers", (w, r) => Resources.RiskyUser.Write(w, r, selected, true), 20);
        }
    }

    private EmuResponse GetRiskyUser(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var u = _tenant.State.UsersById.GetValueOrDefault(req.RouteValues[0]);
            if (u?.Risk is null)
            {
                throw new GraphError(404, "ResourceNotFound", $"Risky user '{req.RouteValues[0]}' was not found.");
            }

            return EmuResponse.Json(200, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", Context("identityProtection/riskyUsers/$entity"));
                w.WriteString("@odata.type", Resources.RiskyUser.ODataType);
                Resources.RiskyUser.WriteProps(w, new RiskyUserRow(u, u.Risk), Resources.RiskyUser.Select(req.Q("$select")));
                w.WriteEndObject();
            });
        }
    }

    private EmuResponse ChangeRisk(EmuRequest req, bool compromised)
    {
        var body = ReadBody(req);
        if (!body.TryGetProperty("userIds", out var ids) || ids.ValueKind != JsonValueKind.Array || ids.GetArrayLength() == 0)
        {
            throw new GraphError(400, "BadRequest", "The request body must contain a non-empty 'userIds' array.");
        }

        var list = ids.EnumerateArray().Select(e => e.GetString() ?? "").ToList();
        if (list.Count > 60)
        {
            throw new GraphError(400, "BadRequest", "At most 60 userIds can be given in one request.");
        }

        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            foreach (var id in list)
            {
                if (!Ids.IsGuid(id))
                {
                    throw new GraphError(400, "BadRequest", $"'{id}' is not a valid user id.");
                }
            }

            var now = DateTimeOffset.UtcNow;
            foreach (var id in list)
            {
                if (!s.UsersById.TryGetValue(id, out var u))
                {
                    continue; // Graph accepts unknown ids silently
                }

                if (compromised)
                {
                    u.Risk ??= new RiskEntity();
                    u.Risk.RiskLevel = "high";
                    u.Risk.RiskState = "confirmedCompromised";
                    u.Risk.RiskDetail = "adminConfirmedUserCompromised";
                    u.Risk.RiskLastUpdatedDateTime = now;
                }
                else if (u.Risk is not null)
                {
                    u.Risk.RiskLevel = "none";
                    u.Risk.RiskState = "dismissed";
                    u.Risk.RiskDetail = "adminDismissedAllRiskForUser";
                    u.Risk.RiskLastUpdatedDateTime = now;
                    foreach (var d in s.RiskDetections.Where(d => d.UserId == u.Id))
                    {
                        d.RiskState = "dismissed";
                        d.RiskDetail = "adminDismissedAllRiskForUser";
                    }
                }

                if (u.Risk is not null)
                {
                    u.Risk.History.Add(new RiskHistoryEntry(Guid.NewGuid().ToString(), now, u.Risk.RiskLevel, u.Risk.RiskState, u.Risk.RiskDetail, req.AppKey, []));
                }
            }
        }

        return EmuResponse.NoContent();
    }
}
