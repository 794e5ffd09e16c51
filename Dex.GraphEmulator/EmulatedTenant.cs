using Dex.GraphEmulator.Model;

namespace Dex.GraphEmulator;

/// <summary>A user as tests see it: a snapshot copy, safe to keep after the state changes.</summary>
public sealed record EmulatedUserView(string Id, string UserPrincipalName, string DisplayName, string? Mail, string? Department,
    string? JobTitle, string? OfficeLocation, string? MobilePhone, IReadOnlyList<string> BusinessPhones, string? UsageLocation,
    bool AccountEnabled, string? ManagerId, IReadOnlyList<string> AuthenticationMethods,
    string? RiskLevel, string? RiskState, DateTimeOffset? SignInSessionsRevokedAt, int PhotoBytes);

/// <summary>A group as tests see it (snapshot copy).</summary>
public sealed record EmulatedGroupView(string Id, string DisplayName, bool IsSecurity, bool IsMicrosoft365, bool IsAssignableToRole,
    IReadOnlyList<string> MemberIds, IReadOnlyList<string> OwnerIds);

/// <summary>The emulated directory. Thread-safe: every read and write takes one lock.</summary>
public sealed class EmulatedTenant
{
    private readonly Func<TenantState> _factory;
    private TenantState _state;

    internal EmulatedTenant(Func<TenantState> factory)
    {
        _factory = factory;
        _state = factory();
    }

    internal Lock Sync { get; } = new();

    /// <summary>Current state; only touch it while holding <see cref="Sync"/>.</summary>
    internal TenantState State => _state;

    public string Domain
    {
        get
        {
            lock (Sync)
            {
                return _state.Domain;
            }
        }
    }

    public string TenantId
    {
        get
        {
            lock (Sync)
            {
                return _state.TenantId;
            }
        }
    }

    internal int UserCount
    {
        get
        {
            lock (Sync)
            {
                return _state.Users.Count;
            }
        }
    }

    public IReadOnlyList<EmulatedUserView> Users
    {
        get
        {
            lock (Sync)
            {
                return _state.Users.Select(View).ToList();
            }
        }
    }

    public IReadOnlyList<EmulatedGroupView> Groups
    {
        get
        {
            lock (Sync)
            {
                return _state.Groups.Select(View).ToList();
            }
        }
    }

    public EmulatedUserView? FindUser(string idOrUpn)
    {
        lock (Sync)
        {
            var u = _state.FindUser(idOrUpn);
            return u is null ? null : View(u);
        }
    }

    public EmulatedGroupView? FindGroup(string idOrDisplayName)
    {
        lock (Sync)
        {
            var g = _state.FindGroupByIdOrName(idOrDisplayName);
            return g is null ? null : View(g);
        }
    }

    /// <summary>Directory role names a user holds directly or through a group (e.g. "Global Administrator").</summary>
    public IReadOnlyList<string> RolesOf(string idOrUpn)
    {
        lock (Sync)
        {
            var u = RequireUser(idOrUpn);
            return _state.RolesOf(u.Id, _state.TransitiveGroupsOf(u.Id)).Select(r => r.DisplayName).ToList();
        }
    }

    public void SetAccountEnabled(string idOrUpn, bool enabled)
    {
        lock (Sync)
        {
            RequireUser(idOrUpn).AccountEnabled = enabled;
        }
    }

    /// <summary>Gives a user a direct licence (by part number) without a Graph call, as a tenant file's assignedLicenses would.</summary>
    public void AssignLicense(string idOrUpn, string skuPartNumber)
    {
        lock (Sync)
        {
            var u = RequireUser(idOrUpn);
            var sku = _state.Skus.Find(k => string.Equals(k.SkuPartNumber, skuPartNumber, StringComparison.OrdinalIgnoreCase))
                      ?? throw new KeyNotFoundException($"The tenant has no SKU {skuPartNumber}.");
            if (!u.DirectLicenses.Exists(l => string.Equals(l.SkuId, sku.SkuId, StringComparison.OrdinalIgnoreCase)))
            {
                u.DirectLicenses.Add(new Model.LicenseGrant(sku.SkuId, []));
            }
        }
    }

    public void AddGroupMember(string groupIdOrName, string userIdOrUpn)
    {
        lock (Sync)
        {
            RequireGroup(groupIdOrName).AddMember(RequireUser(userIdOrUpn).Id);
        }
    }

    public void RemoveGroupMember(string groupIdOrName, string userIdOrUpn)
    {
        lock (Sync)
        {
            RequireGroup(groupIdOrName).RemoveMember(RequireUser(userIdOrUpn).Id);
        }
    }

    /// <summary>Sets Identity Protection risk, e.g. ("high", "atRisk"); ("none", "none") clears it.</summary>
    public void SetRisk(string idOrUpn, string riskLevel, string riskState)
    {
        lock (Sync)
        {
            var u = RequireUser(idOrUpn);
            u.Risk ??= new RiskEntity();
            u.Risk.RiskLevel = riskLevel;
            u.Risk.RiskState = riskState;
            u.Risk.RiskDetail = "none";
            u.Risk.RiskLastUpdatedDateTime = DateTimeOffset.UtcNow;
        }
    }

    /// <summary>Adds an authentication method ("phone", "fido2", …) to a user.</summary>
    public void AddAuthenticationMethod(string idOrUpn, string kind)
    {
        lock (Sync)
        {
            var u = RequireUser(idOrUpn);
            var canonical = TenantLoader.MethodKinds.FirstOrDefault(k => string.Equals(k, kind, StringComparison.OrdinalIgnoreCase))
                            ?? throw new ArgumentException($"Unknown authentication method '{kind}'.", nameof(kind));
            if (!u.AuthMethods.Exists(m => m.Kind == canonical))
            {
                TenantLoader.AddMethod(u, canonical);
            }
        }
    }

    /// <summary>Back to the tenant as loaded (file + generator), dropping every change.</summary>
    public void Reset()
    {
        var fresh = _factory();
        lock (Sync)
        {
            _state = fresh;
        }
    }

    private UserEntity RequireUser(string idOrUpn) =>
        _state.FindUser(idOrUpn) ?? throw new KeyNotFoundException($"No user '{idOrUpn}' in the emulated tenant.");

    private GroupEntity RequireGroup(string idOrName) =>
        _state.FindGroupByIdOrName(idOrName) ?? throw new KeyNotFoundException($"No group '{idOrName}' in the emulated tenant.");

    private static EmulatedUserView View(UserEntity u) => new(u.Id, u.UserPrincipalName, u.DisplayName, u.Mail, u.Department, u.JobTitle,
        u.OfficeLocation, u.MobilePhone, [.. u.BusinessPhones], u.UsageLocation, u.AccountEnabled, u.ManagerId,
        u.AuthMethods.Select(m => m.Kind).ToList(), u.Risk?.RiskLevel, u.Risk?.RiskState, u.SignInSessionsRevokedAt, u.Photo?.Length ?? 0);

    private static EmulatedGroupView View(GroupEntity g) => new(g.Id, g.DisplayName, g.SecurityEnabled,
        g.GroupTypes.Contains("Unified", StringComparer.OrdinalIgnoreCase), g.IsAssignableToRole, [.. g.Members], [.. g.Owners]);
}
