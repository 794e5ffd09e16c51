namespace Dex.Web.Identity;

/// <summary>
/// Where a person who is not signed in (or whose sign-in lacks MFA) is sent to sign in with Entra ID. The host
/// sets it: Dex.Local's OpenID Connect endpoint, or App Service Authentication's <c>/.auth/login/aad</c> when the
/// platform has authentication on. Null <see cref="LoginPath"/> = no sign-in is available, so every page that needs
/// one refuses (fail closed).
/// </summary>
public sealed class SignInOptions
{
    /// <summary>e.g. <c>/api/auth/signin</c> (Dex.Local) or <c>/.auth/login/aad</c> (Easy Auth).</summary>
    public string? LoginPath { get; set; }

    /// <summary>Query parameter naming the page to come back to (<c>returnUrl</c> locally, <c>post_login_redirect_uri</c> for Easy Auth).</summary>
    public string ReturnParameter { get; set; } = "returnUrl";

    /// <summary>Extra query parameters asking the identity provider for MFA (step-up).</summary>
    public string MfaParameters { get; set; } = "mfa=1";

    public bool Available => !string.IsNullOrWhiteSpace(LoginPath);

    /// <summary>The sign-in URL that comes back to <paramref name="returnPath"/> (a local path) afterwards.</summary>
    public string LoginUrl(string returnPath, bool mfa)
    {
        if (!Available)
        {
            throw new InvalidOperationException("No sign-in is configured.");
        }

        var url = $"{LoginPath}?{ReturnParameter}={Uri.EscapeDataString(returnPath)}";
        return mfa ? url + "&" + MfaParameters : url;
    }

    /// <summary>Only a path on this site may be a return target (no open redirect): "/x", never "//host" or "/\host".</summary>
    public static bool IsLocalPath(string? path) =>
        !string.IsNullOrEmpty(path) && path[0] == '/' && (path.Length == 1 || (path[1] != '/' && path[1] != '\\')) && path.AsSpan().IndexOfAny('\r', '\n') < 0;
}
