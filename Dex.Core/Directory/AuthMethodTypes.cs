using Microsoft.Graph.Models;

namespace Dex.Core.Directory;

/// <summary>Short names for authentication method types and how people call them.</summary>
public static class AuthMethodTypes
{
    public const string Password = "password";
    public const string Phone = "phone";
    public const string MicrosoftAuthenticator = "microsoftAuthenticator";
    public const string SoftwareOath = "softwareOath";
    public const string Fido2 = "fido2";
    public const string Email = "email";
    public const string TemporaryAccessPass = "temporaryAccessPass";
    public const string WindowsHello = "windowsHelloForBusiness";

    public static string ShortName(AuthenticationMethod m) => m switch
    {
        PasswordAuthenticationMethod => Password,
        PhoneAuthenticationMethod => Phone,
        MicrosoftAuthenticatorAuthenticationMethod => MicrosoftAuthenticator,
        SoftwareOathAuthenticationMethod => SoftwareOath,
        Fido2AuthenticationMethod => Fido2,
        EmailAuthenticationMethod => Email,
        TemporaryAccessPassAuthenticationMethod => TemporaryAccessPass,
        WindowsHelloForBusinessAuthenticationMethod => WindowsHello,
        _ => (m.OdataType ?? "unknown").Replace("#microsoft.graph.", string.Empty, StringComparison.Ordinal).Replace("AuthenticationMethod", string.Empty, StringComparison.Ordinal),
    };

    public static string Describe(string type) => type switch
    {
        Password => "password",
        Phone => "phone (SMS/voice)",
        MicrosoftAuthenticator => "Microsoft Authenticator app",
        SoftwareOath => "software OATH token",
        Fido2 => "FIDO2 security key",
        Email => "e-mail",
        TemporaryAccessPass => "Temporary Access Pass",
        WindowsHello => "Windows Hello for Business",
        _ => type,
    };
}
