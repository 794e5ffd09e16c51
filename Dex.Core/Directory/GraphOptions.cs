using System.ComponentModel.DataAnnotations;

namespace Dex.Core.Directory;

/// <summary>Where Dex's Microsoft Graph calls go (section <c>Dex:Graph</c>).</summary>
public sealed class GraphOptions
{
    public const string Section = "Dex:Graph";

    /// <summary><c>Emulator</c> (default) or <c>Live</c>.</summary>
    [Required]
    [RegularExpression("^(?i)(Emulator|Live)$", ErrorMessage = "Dex:Graph:Mode must be Emulator or Live.")]
    public string Mode { get; set; } = "Emulator";

    /// <summary>Where the emulator listens (its Graph base is this URL + <c>/v1.0</c>).</summary>
    public string EmulatorUrl { get; set; } = "http://127.0.0.1:7072";

    /// <summary>Path of a simulated tenant file (DESIGN §7); empty = the built-in sample tenant.</summary>
    public string? Tenant { get; set; }

    /// <summary>Live: the Entra tenant id (client secret / certificate auth).</summary>
    public string? TenantId { get; set; }

    /// <summary>Live: app registration client id (client secret / certificate auth).</summary>
    public string? ClientId { get; set; }

    /// <summary>Live: client secret (self-hosted only; prefer managed identity or a certificate).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Live: path of a PFX/PEM client certificate.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Live in Azure: the user-assigned managed identity's client id.</summary>
    public string? ManagedIdentityClientId { get; set; }

    public bool IsLive => string.Equals(Mode, "Live", StringComparison.OrdinalIgnoreCase);

    /// <summary>The Graph v1.0 base URL in use.</summary>
    public string BaseUrl => IsLive ? "https://graph.microsoft.com/v1.0" : EmulatorUrl.TrimEnd('/') + "/v1.0";
}
