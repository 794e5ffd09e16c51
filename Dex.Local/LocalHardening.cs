using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dex.Web.Http;
using Microsoft.AspNetCore.DataProtection;

namespace Dex.Local;

/// <summary>
/// What makes Dex.Local safe to leave running on a workstation: state files only its owner can read, an encrypted
/// DataProtection key ring, and no cross-site "simple" POSTs into the JSON API.
/// </summary>
internal static class LocalHardening
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Routes whose body is not JSON by contract: approval and credential forms, Slack's form post, the sign-in callback.</summary>
    private static readonly string[] FormRoutes = ["/api/approvals/", "/api/secrets/", "/api/messages/slack", "/signin-oidc"];

    /// <summary>Creates the state directory readable by its owner only (0700 on Unix).</summary>
    public static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, OwnerOnlyDirectory);
        File.SetUnixFileMode(path, OwnerOnlyDirectory);
    }

    /// <summary>Makes sure a state file exists with mode 0600 before a library (SQLite) opens it; SQLite's journals inherit the mode.</summary>
    public static string PrivateFile(string path)
    {
        if (!File.Exists(path))
        {
            using var _ = OperatingSystem.IsWindows()
                ? new FileStream(path, FileMode.CreateNew)
                : new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile });
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerOnlyFile);
        }

        return path;
    }

    /// <summary>Writes a small secret file with mode 0600 from the start (never world-readable, not even briefly).</summary>
    public static void WritePrivate(string path, byte[] content)
    {
        File.Delete(path);
        using var stream = OperatingSystem.IsWindows()
            ? new FileStream(path, FileMode.CreateNew)
            : new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile });
        stream.Write(content);
    }

    /// <summary>
    /// The DataProtection key ring, persisted in the state directory and encrypted at rest with a certificate made
    /// once and kept beside it (0600). Without an encryptor the keys would sit in plain XML (and ASP.NET warns).
    /// </summary>
    public static void AddProtectedKeyRing(IServiceCollection services, string statePath)
    {
        var keys = Path.Combine(statePath, "keys");
        CreatePrivateDirectory(keys);
        var certificate = KeyRingCertificate(Path.Combine(statePath, "keyring.pfx"));
        services.AddDataProtection()
            .SetApplicationName("Dex")
            .PersistKeysToFileSystem(new DirectoryInfo(keys))
            .ProtectKeysWithCertificate(certificate)
            .UnprotectKeysWithAnyCertificate(certificate);
    }

    private static X509Certificate2 KeyRingCertificate(string path)
    {
        if (File.Exists(path))
        {
            var existing = X509CertificateLoader.LoadPkcs12FromFile(path, null, X509KeyStorageFlags.EphemeralKeySet);
            if (existing.HasPrivateKey && existing.NotAfter > DateTime.UtcNow.AddDays(1))
            {
                return existing;
            }

            existing.Dispose();
        }

        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=Dex.Local key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
        WritePrivate(path, created.Export(X509ContentType.Pkcs12));
        return X509CertificateLoader.LoadPkcs12FromFile(path, null, X509KeyStorageFlags.EphemeralKeySet);
    }

    /// <summary>
    /// JSON routes take only <c>application/json</c> (a cross-site form or no-cors fetch cannot send it without a
    /// preflight), and no unsafe request comes from another origin.
    /// </summary>
    public static IApplicationBuilder UseCrossSiteGuard(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        var request = ctx.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            await next(ctx);
            return;
        }

        var path = request.Path.Value ?? "/";
        var isForm = FormRoutes.Any(r => path.StartsWith(r, StringComparison.OrdinalIgnoreCase));

        // Form pages send no referrer, so browsers send "Origin: null" for them: those forms carry a token instead.
        if (!isForm && request.Headers.Origin is { Count: > 0 } origin && !SameOrigin(origin.ToString(), request))
        {
            await ApiErrors.Of(StatusCodes.Status403Forbidden, "cross_origin", "Requests from another site are refused.").ExecuteAsync(ctx);
            return;
        }

        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (!isForm && path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)
            && (hasBody || request.ContentType is not null)
            && request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            await ApiErrors.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "This route takes a JSON body: send Content-Type: application/json.").ExecuteAsync(ctx);
            return;
        }

        await next(ctx);
    });

    internal static bool SameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var o)
        && string.Equals(o.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(o.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
