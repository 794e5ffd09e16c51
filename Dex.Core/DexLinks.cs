namespace Dex.Core;

/// <summary>The one place Dex's public links are built (the base URL can be set after start, e.g. by Dex.Local).</summary>
public sealed class DexLinks(DexOptions options)
{
    private string Base => options.PublicBaseUrl.TrimEnd('/');

    public string Approval(string token) => $"{Base}/api/approvals/{token}";

    public string Secret(string token) => $"{Base}/api/secrets/{token}";

    /// <summary>The site-relative status route of a request.</summary>
    public static string StatusPath(string requestId) => $"/api/requests/{requestId}";

    public string Status(string requestId) => Base + StatusPath(requestId);
}
