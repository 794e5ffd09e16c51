using System.Text.Json;
using Dex.GraphEmulator.Model;
using Dex.GraphEmulator.OData;

namespace Dex.GraphEmulator.Http;

internal sealed partial class GraphApi
{
    private static void WriteGrants(Utf8JsonWriter w, IEnumerable<LicenseGrant> grants)
    {
        w.WriteStartArray();
        foreach (var g in grants)
        {
            w.WriteStartObject();
            w.WriteStartArray("disabledPlans");
            foreach (var p in g.DisabledPlans)
            {
                w.WriteStringValue(p);
            }

            w.WriteEndArray();
            w.WriteString("skuId", g.SkuId);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteStates(Utf8JsonWriter w, IEnumerable<LicenseState> states)
    {
        w.WriteStartArray();
        foreach (var x in states)
        {
            w.WriteStartObject();
            if (x.AssignedByGroup is null)
            {
                w.WriteNull("assignedByGroup");
            }
            else
            {
                w.WriteString("assignedByGroup", x.AssignedByGroup);
            }

            w.WriteStartArray("disabledPlans");
            foreach (var p in x.DisabledPlans)
            {
                w.WriteStringValue(p);
            }

            w.WriteEndArray();
            w.WriteString("error", x.Error);
            w.WriteString("lastUpdatedDateTime", Resource<object>.FormatDate(TenantLoader.BaseCreated.AddDays(300)));
            w.WriteString("skuId", x.SkuId);
            w.WriteString("state", x.State);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static GraphError LicenseError(string message) => new(400, "Request_BadRequest", message);

    /// <summary>Parses {"addLicenses":[{skuId, disabledPlans}], "removeLicenses":[skuId]} (both required, as Graph).</summary>
    private static (List<(SkuEntity Sku, List<string> Disabled)> Add, List<SkuEntity> Remove) ReadAssignLicense(TenantState s, JsonElement body)
    {
        if (!body.TryGetProperty("addLicenses", out var add) || add.ValueKind != JsonValueKind.Array)
        {
            throw LicenseError("Invalid value specified for property 'addLicenses' of resource 'assignLicense'.");
        }

        if (!body.TryGetProperty("removeLicenses", out var remove) || remove.ValueKind != JsonValueKind.Array)
        {
            throw LicenseError("Invalid value specified for property 'removeLicenses' of resource 'assignLicense'.");
        }

        var adds = new List<(SkuEntity, List<string>)>();
        foreach (var a in add.EnumerateArray())
        {
            var id = a.ValueKind == JsonValueKind.Object && a.TryGetProperty("skuId", out var sid) && sid.ValueKind == JsonValueKind.String ? sid.GetString()! : "";
            if (!Ids.IsGuid(id))
            {
                throw LicenseError($"Invalid value specified for property 'skuId' of resource 'assignedLicense': '{id}'.");
            }

            var sku = s.Skus.Find(k => string.Equals(k.SkuId, id, StringComparison.OrdinalIgnoreCase))
                      ?? throw LicenseError($"License {id} does not correspond to a valid company License.");
            var disabled = new List<string>();
            if (a.TryGetProperty("disabledPlans", out var dp) && dp.ValueKind == JsonValueKind.Array)
            {
                foreach (var p in dp.EnumerateArray().Select(e => e.GetString() ?? ""))
                {
                    var plan = sku.ServicePlans.Find(x => string.Equals(x.Id, p, StringComparison.OrdinalIgnoreCase))
                               ?? throw LicenseError($"Service plan {p} is not part of the license {sku.SkuId}.");
                    disabled.Add(plan.Id);
                }
            }

            adds.Add((sku, disabled));
        }

        var removes = new List<SkuEntity>();
        foreach (var r in remove.EnumerateArray())
        {
            var id = r.ValueKind == JsonValueKind.String ? r.GetString()! : "";
            if (!Ids.IsGuid(id))
            {
                throw LicenseError($"Invalid value specified for property 'removeLicenses': '{id}'.");
            }

            removes.Add(s.Skus.Find(k => string.Equals(k.SkuId, id, StringComparison.OrdinalIgnoreCase))
                        ?? throw LicenseError($"License {id} does not correspond to a valid company License."));
        }

        return (adds, removes);
    }

    private EmuResponse AssignUserLicense(EmuRequest req)
    {
        var body = ReadBody(req);
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var u = User(s, req.RouteValues[0]);
            RefuseRestricted(s, u.Id);
            var (adds, removes) = ReadAssignLicense(s, body);
            var licensed = Licensing.LicensedGroups(s);
            var states = Licensing.StatesOf(s, u, licensed);
            foreach (var r in removes)
            {
                var direct = u.DirectLicenses.Exists(l => string.Equals(l.SkuId, r.SkuId, StringComparison.OrdinalIgnoreCase));
                if (!direct)
                {
                    throw LicenseError(states.Exists(x => string.Equals(x.SkuId, r.SkuId, StringComparison.OrdinalIgnoreCase))
                        ? "User license is inherited from a group membership and it cannot be removed directly from the user."
                        : "User does not have a corresponding license.");
                }
            }

            if (adds.Count > 0 && u.PendingLocationRefusals > 0)
            {
                u.PendingLocationRefusals--;
                throw LicenseError("License assignment cannot be done for user with invalid usage location.");
            }

            if (adds.Count > 0 && u.UsageLocation is null)
            {
                throw LicenseError("License assignment cannot be done for user with invalid usage location.");
            }

            // The licences the user would hold afterwards (direct after the change, plus active inherited ones).
            var after = states.Where(x => x.State == "Active" && (x.AssignedByGroup is not null || !removes.Exists(r => r.SkuId == x.SkuId)))
                .Select(x => x.SkuId).Concat(adds.Select(a => a.Sku.SkuId)).Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(s.FindSku).OfType<SkuEntity>().ToList();
            foreach (var (sku, disabled) in adds)
            {
                if (!Licensing.Holds(s, u, sku.SkuId, licensed) && sku.Enabled - Licensing.Consumed(s, sku) <= 0)
                {
                    throw LicenseError($"Subscription with SKU {sku.SkuId} does not have any available licenses.");
                }

                if (after.Find(o => Licensing.Exclusive(sku, o)) is { } other)
                {
                    throw LicenseError($"License assignment failed because service plans {sku.ServicePlans[0].Id},{other.ServicePlans[0].Id} are mutually exclusive.");
                }

                var location = u.UsageLocation!;
                if (sku.ServicePlans.Find(p => !disabled.Contains(p.Id, StringComparer.OrdinalIgnoreCase) && p.UnavailableIn.Contains(location, StringComparer.OrdinalIgnoreCase)) is { } blocked)
                {
                    throw LicenseError($"License assignment failed because service plan {blocked.Id} is not available in usage location {location}.");
                }
            }

            foreach (var sku in after.Where(k => k.Requires.Count > 0))
            {
                if (!after.Exists(o => sku.Requires.Contains(o.SkuPartNumber, StringComparer.OrdinalIgnoreCase)))
                {
                    var needed = string.Join(",", sku.Requires.Select(s.FindSku).OfType<SkuEntity>().Select(b => b.ServicePlans[0].Id).Distinct());
                    throw LicenseError(adds.Exists(a => a.Sku == sku)
                        ? $"License assignment failed because service plan {sku.ServicePlans[0].Id} depends on the service plan(s) {needed}."
                        : $"License removal failed because service plan {sku.ServicePlans[0].Id} depends on the service plan(s) {needed}, which are being removed.");
                }
            }

            u.DirectLicenses.RemoveAll(l => removes.Exists(r => string.Equals(r.SkuId, l.SkuId, StringComparison.OrdinalIgnoreCase)));
            foreach (var (sku, disabled) in adds)
            {
                var i = u.DirectLicenses.FindIndex(l => string.Equals(l.SkuId, sku.SkuId, StringComparison.OrdinalIgnoreCase));
                var grant = new LicenseGrant(sku.SkuId, disabled);
                if (i >= 0)
                {
                    u.DirectLicenses[i] = grant; // re-adding changes disabledPlans
                }
                else
                {
                    u.DirectLicenses.Add(grant);
                }
            }

            return UserEntityResponse(u, 200);
        }
    }

    private EmuResponse UserEntityResponse(UserEntity u, int status) => EmuResponse.Json(status, w =>
    {
        w.WriteStartObject();
        w.WriteString("@odata.context", Context("users/$entity"));
        Resources.User.WriteProps(w, u, null);
        w.WriteEndObject();
    });

    private EmuResponse GroupEntityResponse(GroupEntity g, int status) => EmuResponse.Json(status, w =>
    {
        w.WriteStartObject();
        w.WriteString("@odata.context", Context("groups/$entity"));
        Resources.Group.WriteProps(w, g, null);
        w.WriteEndObject();
    });

    private EmuResponse AssignGroupLicense(EmuRequest req)
    {
        var body = ReadBody(req);
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var g = Group(s, req.RouteValues[0]);
            if (!g.SecurityEnabled)
            {
                throw LicenseError("Group-based licensing is only supported for security-enabled groups.");
            }

            var (adds, removes) = ReadAssignLicense(s, body);
            foreach (var r in removes)
            {
                if (!g.Licenses.Exists(l => string.Equals(l.SkuId, r.SkuId, StringComparison.OrdinalIgnoreCase)))
                {
                    throw LicenseError("Group does not have a corresponding license.");
                }
            }

            g.Licenses.RemoveAll(l => removes.Exists(r => string.Equals(r.SkuId, l.SkuId, StringComparison.OrdinalIgnoreCase)));
            foreach (var (sku, disabled) in adds)
            {
                g.Licenses.RemoveAll(l => string.Equals(l.SkuId, sku.SkuId, StringComparison.OrdinalIgnoreCase));
                g.Licenses.Add(new LicenseGrant(sku.SkuId, disabled));
            }

            Licensing.ProcessGroup(s, g);
            return GroupEntityResponse(g, 202);
        }
    }

    private EmuResponse ReprocessUserLicenses(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var u = User(s, req.RouteValues[0]);
            foreach (var g in Licensing.LicensedGroups(s))
            {
                g.LicenseResults.Remove(u.Id);
            }

            _ = Licensing.StatesOf(s, u);
            return UserEntityResponse(u, 200);
        }
    }

    private EmuResponse ReprocessGroupLicenses(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var g = Group(s, req.RouteValues[0]);
            Licensing.ProcessGroup(s, g);
            return GroupEntityResponse(g, 202);
        }
    }

    private static string LicenseDetailsId(string userId, string skuId) =>
        Convert.ToBase64String(Guid.Parse(skuId).ToByteArray().Concat(Guid.Parse(userId).ToByteArray()).ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static void WriteLicenseDetails(Utf8JsonWriter w, TenantState s, UserEntity u, LicenseGrant grant)
    {
        var sku = s.FindSku(grant.SkuId);
        w.WriteStartObject();
        w.WriteString("id", LicenseDetailsId(u.Id, grant.SkuId));
        w.WriteString("skuId", grant.SkuId);
        w.WriteString("skuPartNumber", sku?.SkuPartNumber);
        w.WriteStartArray("servicePlans");
        foreach (var p in sku?.ServicePlans ?? [])
        {
            w.WriteStartObject();
            w.WriteString("servicePlanId", p.Id);
            w.WriteString("servicePlanName", p.Name);
            w.WriteString("provisioningStatus", grant.DisabledPlans.Contains(p.Id, StringComparer.OrdinalIgnoreCase) ? "Disabled" : "Success");
            w.WriteString("appliesTo", p.AppliesTo);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private EmuResponse ListLicenseDetails(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var u = User(s, req.RouteValues[0]);
            return Page(req, Licensing.Assigned(s, u), $"users('{u.Id}')/licenseDetails", (w, g) => WriteLicenseDetails(w, s, u, g));
        }
    }

    private EmuResponse GetLicenseDetails(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var u = User(s, req.RouteValues[0]);
            var grant = Licensing.Assigned(s, u).Find(g => LicenseDetailsId(u.Id, g.SkuId) == req.RouteValues[1]) ?? throw GraphError.NotFound(req.RouteValues[1]);
            return WithContext(EmuResponse.Json(200, w => WriteLicenseDetails(w, s, u, grant)), Context($"users('{u.Id}')/licenseDetails/$entity"));
        }
    }

    private static void WriteSku(Utf8JsonWriter w, TenantState s, SkuEntity k)
    {
        w.WriteStartObject();
        w.WriteString("accountName", s.DisplayName);
        w.WriteString("accountId", s.TenantId);
        w.WriteString("appliesTo", k.AppliesTo);
        w.WriteString("capabilityStatus", k.CapabilityStatus);
        w.WriteNumber("consumedUnits", Licensing.Consumed(s, k));
        w.WriteString("id", $"{s.TenantId}_{k.SkuId}");
        w.WriteString("skuId", k.SkuId);
        w.WriteString("skuPartNumber", k.SkuPartNumber);
        w.WriteStartArray("subscriptionIds");
        w.WriteStringValue(Ids.For("subscription", k.SkuId + "@" + s.TenantId));
        w.WriteEndArray();
        w.WriteStartObject("prepaidUnits");
        w.WriteNumber("enabled", k.Enabled);
        w.WriteNumber("lockedOut", k.LockedOut);
        w.WriteNumber("suspended", k.Suspended);
        w.WriteNumber("warning", k.Warning);
        w.WriteEndObject();
        w.WriteStartArray("servicePlans");
        foreach (var p in k.ServicePlans)
        {
            w.WriteStartObject();
            w.WriteString("servicePlanId", p.Id);
            w.WriteString("servicePlanName", p.Name);
            w.WriteString("provisioningStatus", "Success");
            w.WriteString("appliesTo", p.AppliesTo);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private EmuResponse ListSkus(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            return Page(req, s.Skus.ToList(), "subscribedSkus", (w, k) => WriteSku(w, s, k));
        }
    }

    private EmuResponse GetSku(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var k = s.Skus.Find(x => string.Equals($"{s.TenantId}_{x.SkuId}", req.RouteValues[0], StringComparison.OrdinalIgnoreCase))
                    ?? throw GraphError.NotFound(req.RouteValues[0]);
            var buffer = EmuResponse.Json(200, w => WriteSku(w, s, k));
            return WithContext(buffer, Context("subscribedSkus/$entity"));
        }
    }

    /// <summary>Prepends "@odata.context" to a JSON object body.</summary>
    private static EmuResponse WithContext(EmuResponse r, string context)
    {
        using var doc = JsonDocument.Parse(r.Body);
        return EmuResponse.Json(r.Status, w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", context);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                p.WriteTo(w);
            }

            w.WriteEndObject();
        });
    }
}
