using System.Text.Json;
using Dex.GraphEmulator.Model;
using Dex.GraphEmulator.OData;

namespace Dex.GraphEmulator.Http;

/// <summary>Risk detections, riskyUser history, sign-in and directory audit logs, invitations.</summary>
internal sealed partial class GraphApi
{
    private static readonly Resource<RiskDetectionEntity> RiskDetection = new("riskDetection", "#microsoft.graph.riskDetection",
    [
        new("id", true, d => d.Id),
        new("requestId", true, d => Ids.For("request", d.Id)),
        new("correlationId", true, d => Ids.For("correlation", d.Id)),
        new("riskEventType", true, d => d.RiskEventType),
        new("riskState", true, d => d.RiskState),
        new("riskLevel", true, d => d.RiskLevel),
        new("riskDetail", true, d => d.RiskDetail),
        new("source", true, d => d.Source),
        new("detectionTimingType", true, d => d.DetectionTimingType),
        new("activity", true, d => d.Activity),
        new("tokenIssuerType", true, _ => "AzureAD"),
        new("ipAddress", true, d => d.IpAddress),
        new("activityDateTime", true, d => d.DetectedDateTime),
        new("detectedDateTime", true, d => d.DetectedDateTime),
        new("lastUpdatedDateTime", true, d => d.DetectedDateTime),
        new("userId", true, d => d.UserId),
        new("userDisplayName", true, d => d.Owner?.UsersById.GetValueOrDefault(d.UserId)?.DisplayName),
        new("userPrincipalName", true, d => d.Owner?.UsersById.GetValueOrDefault(d.UserId)?.UserPrincipalName),
        new("additionalInfo", true, _ => "[]"),
        new("location", true, d => Resources.Complex(("city", d.City), ("state", null), ("countryOrRegion", d.CountryOrRegion),
            ("geoCoordinates", Resources.Complex(("latitude", null), ("longitude", null), ("altitude", null))))),
    ]);

    private static readonly Resource<SignInEntity> SignIn = new("signIn", "#microsoft.graph.signIn",
    [
        new("id", true, x => x.Id),
        new("createdDateTime", true, x => x.CreatedDateTime),
        new("userDisplayName", true, x => x.UserDisplayName),
        new("userPrincipalName", true, x => x.UserPrincipalName),
        new("userId", true, x => x.UserId),
        new("appId", true, x => x.AppId),
        new("appDisplayName", true, x => x.AppDisplayName),
        new("ipAddress", true, x => x.IpAddress),
        new("clientAppUsed", true, x => x.ClientAppUsed),
        new("correlationId", true, x => Ids.For("correlation", x.Id)),
        new("conditionalAccessStatus", true, x => x.ConditionalAccessStatus),
        new("isInteractive", true, x => x.IsInteractive),
        new("riskDetail", true, _ => "none"),
        new("riskLevelAggregated", true, x => x.RiskLevelDuringSignIn),
        new("riskLevelDuringSignIn", true, x => x.RiskLevelDuringSignIn),
        new("riskState", true, x => x.RiskLevelDuringSignIn == "none" ? "none" : "atRisk"),
        new("riskEventTypes", true, _ => Array.Empty<string>()),
        new("riskEventTypes_v2", true, _ => Array.Empty<string>()),
        new("resourceDisplayName", true, _ => "Microsoft Graph"),
        new("resourceId", true, _ => "00000003-0000-0000-c000-000000000000"),
        new("status", true, x => Resources.Complex(("errorCode", x.ErrorCode), ("failureReason", x.FailureReason), ("additionalDetails", null))),
        new("status/errorCode", false, x => x.ErrorCode),
        new("deviceDetail", true, _ => Resources.Complex(("deviceId", ""), ("displayName", null), ("operatingSystem", "Windows 10"), ("browser", "Edge 120.0.0"),
            ("isCompliant", null), ("isManaged", null), ("trustType", null))),
        new("location", true, x => Resources.Complex(("city", x.City), ("state", null), ("countryOrRegion", x.CountryOrRegion),
            ("geoCoordinates", Resources.Complex(("latitude", null), ("longitude", null), ("altitude", null))))),
        new("appliedConditionalAccessPolicies", true, _ => Array.Empty<string>()),
    ]);

    private static readonly Resource<DirectoryAuditEntity> DirectoryAudit = new("directoryAudit", "#microsoft.graph.directoryAudit",
    [
        new("id", true, a => a.Id),
        new("category", true, a => a.Category),
        new("correlationId", true, a => Ids.For("correlation", a.Id)),
        new("result", true, a => a.Result),
        new("resultReason", true, _ => ""),
        new("activityDisplayName", true, a => a.ActivityDisplayName),
        new("activityDateTime", true, a => a.ActivityDateTime),
        new("loggedByService", true, a => a.LoggedByService),
        new("operationType", true, a => a.OperationType),
        new("initiatedBy", true, a => Resources.Complex(
            ("app", a.InitiatedByAppId is null ? null : Resources.Complex(("appId", a.InitiatedByAppId), ("displayName", null), ("servicePrincipalId", null), ("servicePrincipalName", null))),
            ("user", a.InitiatedByUpn is null ? null : Resources.Complex(("id", null), ("displayName", null), ("userPrincipalName", a.InitiatedByUpn), ("ipAddress", null))))),
        new("targetResources", true, a => new List<IReadOnlyDictionary<string, object?>>
        {
            Resources.Complex(("id", a.TargetId), ("displayName", a.TargetDisplayName), ("type", a.TargetType), ("userPrincipalName", null), ("groupType", null),
                ("modifiedProperties", Array.Empty<string>())),
        }),
        new("additionalDetails", true, _ => Array.Empty<string>()),
    ]);

    /// <summary>Identity Protection and audit logs take plain filters (no advanced-query headers needed).</summary>
    private EmuResponse LogList<T>(EmuRequest req, IEnumerable<T> rows, Resource<T> resource, string context, int defaultTop)
    {
        var selected = resource.Select(req.Q("$select"));
        var filterText = req.Q("$filter");
        if (!string.IsNullOrWhiteSpace(filterText))
        {
            var node = FilterParser.Parse(filterText);
            foreach (var p in FilterParser.Analyze(node).Properties)
            {
                _ = resource.Find(p) ?? throw new GraphError(400, "BadRequest", $"Could not find a property named '{p}' on type 'microsoft.graph.{resource.TypeName}'.");
            }

            rows = rows.Where(r => FilterParser.Evaluate(node, resource.Getter(r)));
        }

        var list = rows.ToList();
        if (req.Q("$orderby") is { Length: > 0 } orderby)
        {
            var bits = orderby.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var p = resource.Find(bits[0]) ?? throw new GraphError(400, "BadRequest", $"Could not find a property named '{bits[0]}' on type 'microsoft.graph.{resource.TypeName}'.");
            list.Sort((a, b) => CompareForSort(p.Get(a), p.Get(b)) * (bits.Length > 1 && bits[1] == "desc" ? -1 : 1));
        }

        return Page(req, list, context, (w, r) => resource.Write(w, r, selected, false), defaultTop);
    }

    private EmuResponse LogItem<T>(EmuRequest req, T? row, Resource<T> resource, string context, string id)
    {
        if (row is null)
        {
            throw new GraphError(404, "ResourceNotFound", $"Resource '{id}' was not found.");
        }

        return EmuResponse.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", Context(context + "/$entity"));
            resource.WriteProps(w, row, resource.Select(req.Q("$select")));
            w.WriteEndObject();
        });
    }

    private EmuResponse ListRiskDetections(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            foreach (var d in s.RiskDetections)
            {
                d.Owner = s;
            }

            return LogList(req, s.RiskDetections, RiskDetection, "identityProtection/riskDetections", 20);
        }
    }

    private EmuResponse GetRiskDetection(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var d = s.RiskDetections.Find(x => string.Equals(x.Id, req.RouteValues[0], StringComparison.OrdinalIgnoreCase));
            if (d is not null)
            {
                d.Owner = s;
            }

            return LogItem(req, d, RiskDetection, "identityProtection/riskDetections", req.RouteValues[0]);
        }
    }

    private EmuResponse RiskyUserHistory(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            var u = _tenant.State.UsersById.GetValueOrDefault(req.RouteValues[0]);
            if (u?.Risk is null)
            {
                throw new GraphError(404, "ResourceNotFound", $"Risky user '{req.RouteValues[0]}' was not found.");
            }

            return Page(req, u.Risk.History, $"identityProtection/riskyUsers('{u.Id}')/history", (w, h) =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.type", "#microsoft.graph.riskyUserHistoryItem");
                w.WriteString("id", h.Id);
                w.WriteBoolean("isDeleted", false);
                w.WriteBoolean("isProcessing", false);
                w.WriteString("riskLastUpdatedDateTime", Resource<object>.FormatDate(h.At));
                w.WriteString("riskLevel", h.RiskLevel);
                w.WriteString("riskState", h.RiskState);
                w.WriteString("riskDetail", h.RiskDetail);
                w.WriteString("userDisplayName", u.DisplayName);
                w.WriteString("userPrincipalName", u.UserPrincipalName);
                w.WriteString("userId", u.Id);
                Resource<object>.WriteValue(w, "initiatedBy", h.InitiatedBy);
                w.WriteStartObject("activity");
                w.WriteString("detail", h.RiskDetail);
                w.WriteStartArray("riskEventTypes");
                foreach (var t in h.EventTypes)
                {
                    w.WriteStringValue(t);
                }

                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            }, 20);
        }
    }

    private EmuResponse ListSignIns(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            return LogList(req, _tenant.State.SignIns.OrderByDescending(x => x.CreatedDateTime), SignIn, "auditLogs/signIns", 1000);
        }
    }

    private EmuResponse GetSignIn(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            return LogItem(req, _tenant.State.SignIns.Find(x => string.Equals(x.Id, req.RouteValues[0], StringComparison.OrdinalIgnoreCase)), SignIn, "auditLogs/signIns", req.RouteValues[0]);
        }
    }

    private EmuResponse ListDirectoryAudits(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            return LogList(req, Enumerable.Reverse(_tenant.State.DirectoryAudits), DirectoryAudit, "auditLogs/directoryAudits", 1000);
        }
    }

    private EmuResponse GetDirectoryAudit(EmuRequest req)
    {
        lock (_tenant.Sync)
        {
            return LogItem(req, _tenant.State.DirectoryAudits.Find(x => string.Equals(x.Id, req.RouteValues[0], StringComparison.OrdinalIgnoreCase)), DirectoryAudit,
                "auditLogs/directoryAudits", req.RouteValues[0]);
        }
    }

    /// <summary>Every successful write is logged in auditLogs/directoryAudits, as the directory does (capped at 10,000 entries).</summary>
    private void Audit(EmuRequest req, string template, int status)
    {
        if (req.Method is "GET" or "HEAD" || status >= 300 || template is "/$batch" or "(unknown)" or "(method not allowed)")
        {
            return;
        }

        var verb = req.Method switch { "POST" => "Add", "DELETE" => "Delete", _ => "Update" };
        var parts = template.Trim('/').Split('/');
        var resource = parts[0] switch
        {
            "users" => "user",
            "groups" => "group",
            "directoryRoles" or "directoryRoles(roleTemplateId)" or "roleManagement" => "role",
            "servicePrincipals" => "service principal",
            "identityProtection" => "risky user",
            "invitations" => "user",
            "directory" => "directory object",
            _ => parts[0],
        };
        var last = parts[^1].Trim('{', '}');
        var activity = last switch
        {
            "$ref" when parts.Length >= 3 => $"{verb} {parts[^2].TrimEnd('s')} {(verb == "Add" ? "to" : "from")} {resource}",
            "assignLicense" => $"Change {resource} license",
            "revokeSignInSessions" => "Invalidate all refresh tokens for user",
            "resetPassword" => "Reset user password",
            "restore" => $"Restore {resource}",
            "dismiss" => "Dismiss user risk",
            "confirmCompromised" => "Confirm user compromised",
            _ => $"{verb} {resource}",
        };
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            var targetId = req.RouteValues.Length > 0 ? req.RouteValues[0] : null;
            var target = targetId is null ? null : s.FindObject(targetId) ?? s.FindUser(targetId);
            s.DirectoryAudits.Add(new DirectoryAuditEntity
            {
                Id = "Directory_" + Guid.NewGuid().ToString("N")[..20],
                ActivityDateTime = DateTimeOffset.UtcNow,
                ActivityDisplayName = activity,
                Category = resource switch { "user" => "UserManagement", "group" => "GroupManagement", "role" => "RoleManagement", "service principal" => "ApplicationManagement", _ => "Core Directory" },
                OperationType = verb,
                InitiatedByAppId = req.AppKey,
                TargetId = target is null ? targetId : Resources.Id(target),
                TargetDisplayName = target switch { UserEntity u => u.DisplayName, GroupEntity g => g.DisplayName, RoleEntity r => r.DisplayName, ServicePrincipalEntity sp => sp.DisplayName, _ => null },
                TargetType = target is null ? null : char.ToUpperInvariant(Resources.TypeSegment(target)[0]) + Resources.TypeSegment(target)[1..],
            });
            if (s.DirectoryAudits.Count > 10_000)
            {
                s.DirectoryAudits.RemoveRange(0, s.DirectoryAudits.Count - 10_000);
            }
        }
    }

    // ---- invitations ----

    private EmuResponse CreateInvitation(EmuRequest req)
    {
        var body = ReadBody(req);
        string Field(string name) => body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString())
            ? v.GetString()!
            : throw new GraphError(400, "BadRequest", $"The '{name}' property is required.");
        var email = Field("invitedUserEmailAddress").Trim();
        var redirect = Field("inviteRedirectUrl");
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != email.LastIndexOf('@') || !email[(at + 1)..].Contains('.', StringComparison.Ordinal) || email.Any(char.IsWhiteSpace))
        {
            throw new GraphError(400, "BadRequest", "The invited user email address is invalid.");
        }

        if (!Uri.TryCreate(redirect, UriKind.Absolute, out _))
        {
            throw new GraphError(400, "BadRequest", "The invite redirect URL is invalid.");
        }

        var send = body.TryGetProperty("sendInvitationMessage", out var sm) && sm.ValueKind == JsonValueKind.True;
        var display = body.TryGetProperty("invitedUserDisplayName", out var dn) && dn.ValueKind == JsonValueKind.String ? dn.GetString() : null;
        var type = body.TryGetProperty("invitedUserType", out var it) && it.ValueKind == JsonValueKind.String ? it.GetString()! : "Guest";
        if (type is not ("Guest" or "Member"))
        {
            throw new GraphError(400, "BadRequest", "The invited user type must be Guest or Member.");
        }

        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            if (s.VerifiedDomains.Contains(email[(at + 1)..], StringComparer.OrdinalIgnoreCase))
            {
                throw new GraphError(400, "BadRequest", "The invited user already exists in the directory as a member of this organization.");
            }

            var upn = $"{email.Replace('@', '_')}#EXT#@{s.VerifiedDomains.First(d => d.EndsWith(".onmicrosoft.com", StringComparison.OrdinalIgnoreCase))}";
            var user = s.Users.Find(u => string.Equals(u.Mail, email, StringComparison.OrdinalIgnoreCase) && u.UserType == "Guest");
            if (user is null)
            {
                user = new UserEntity
                {
                    Id = Guid.NewGuid().ToString(),
                    UserPrincipalName = upn,
                    DisplayName = display ?? email[..at],
                    Mail = email,
                    MailNickname = email.Replace('@', '_'),
                    UserType = type,
                    CreatedDateTime = DateTimeOffset.UtcNow,
                    ExternalUserState = "PendingAcceptance",
                };
                user.OtherMails.Add(email);
                s.AddUser(user);
            }

            var id = Guid.NewGuid().ToString();
            var guest = user;
            return EmuResponse.Json(201, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", Context("invitations/$entity"));
                w.WriteString("id", id);
                w.WriteString("inviteRedeemUrl", $"https://login.microsoftonline.com/redeem?rd=https%3a%2f%2finvitations.microsoft.com%2fredeem%2f%3ftenant%3d{s.TenantId}%26user%3d{id}");
                w.WriteString("invitedUserDisplayName", display);
                w.WriteString("invitedUserEmailAddress", email);
                w.WriteString("invitedUserType", type);
                w.WriteBoolean("resetRedemption", false);
                w.WriteBoolean("sendInvitationMessage", send);
                w.WriteString("inviteRedirectUrl", redirect);
                w.WriteString("status", guest.ExternalUserState ?? "Accepted");
                w.WriteStartObject("invitedUserMessageInfo");
                w.WriteNull("messageLanguage");
                w.WriteNull("customizedMessageBody");
                w.WriteStartArray("ccRecipients");
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteStartObject("invitedUser");
                w.WriteString("id", guest.Id);
                w.WriteEndObject();
                w.WriteEndObject();
            });
        }
    }
}
