using System.ComponentModel.DataAnnotations;

namespace Dex.Core;

/// <summary>Top-level Dex settings (section <c>Dex</c>).</summary>
public sealed class DexOptions
{
    public const string Section = "Dex";

    /// <summary>The externally reachable base URL, used in approval and credential links.</summary>
    [Required]
    [Url]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:7071";
}
