using Dex.Core.Directory;
using Dex.Web.Identity;
using Dex.GraphEmulator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Dex.Local;

/// <summary>
/// Entra sign-in for Dex.Local with the standard ASP.NET Core OpenID Connect handler: against the emulated
/// sign-in of the embedded Graph emulator in Emulator mode (DESIGN §9), against login.microsoftonline.com in
/// Live mode. Settings (section <c>Dex:SignIn</c>): <c>ClientId</c>, <c>ClientSecret</c>, <c>TenantId</c>
/// (Live: default the Graph app registration's), <c>Instance</c> (default https://login.microsoftonline.com).
/// </summary>
public static class LocalSignIn
{
    public const string CookieScheme = "Dex.Cookie";
    public const string OidcScheme = "Dex.Entra";
    public const string LoginPath = "/api/auth/signin";
    public const string LogoutPath = "/api/auth/signout";
    public const string CallbackPath = "/signin-oidc";
    public const string EmulatorClientId = "dex-local";
    private const string MfaItem = "dex.mfa";

    /// <summary><c>Dex:SignIn:Required</c>: the console and every route that is not self-authenticating need a sign-in. Default: on in Live mode.</summary>
    public const string RequiredSetting = "Dex:SignIn:Required";

    /// <summary>Whether everything but the self-authenticating routes needs a sign-in: the setting when given, else Live mode.</summary>
    public static bool IsRequiredEverywhere(IConfiguration configuration, GraphOptions graph)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(graph);
        return bool.TryParse(configuration[RequiredSetting], out var required) ? required : graph.IsLive;
    }

    /// <summary>
    /// With a live tenant behind it, Dex.Local shows nothing to someone who has not signed in: the console is sent to the
    /// Entra sign-in, other routes answer 401. Open are only the routes that authenticate on their own: the signed chat
    /// webhooks, the health probe, the sign-in itself and the approval and credential pages (which demand the named person).
    /// </summary>
    public static WebApplication UseSignInEverywhere(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            if (IsOpenWithoutSignIn(context.Request) || SignedInUser.From(context.User) is not null)
            {
                await next(context);
                return;
            }

            var request = context.Request;
            if (HttpMethods.IsGet(request.Method) && !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                var back = request.Path.Value + request.QueryString.Value;
                context.Response.Redirect(new SignInOptions { LoginPath = LoginPath }.LoginUrl(SignInOptions.IsLocalPath(back) ? back : "/", mfa: false));
                return;
            }

            await Dex.Web.Http.ApiErrors.Of(StatusCodes.Status401Unauthorized, "sign_in_required", $"Sign in first ({LoginPath}): with a live tenant, Dex.Local answers only people signed in with Entra ID.").ExecuteAsync(context);
        });
        return app;
    }

    internal static bool IsOpenWithoutSignIn(HttpRequest request)
    {
        var path = request.Path;
        if (HttpMethods.IsPost(request.Method) && (path.Equals("/api/messages", StringComparison.OrdinalIgnoreCase)
            || path.Equals("/api/messages/teams", StringComparison.OrdinalIgnoreCase) || path.Equals("/api/messages/slack", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return path.Equals("/api/health", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/api/auth", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments(CallbackPath, StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/api/approvals", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/api/secrets", StringComparison.OrdinalIgnoreCase);
    }

    public static void AddDexLocalSignIn(this WebApplicationBuilder builder, GraphOptions graph, GraphEmulatorServer? emulator)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(graph);
        var config = builder.Configuration;
        var section = config.GetSection("Dex:SignIn");
        string authority, clientId;
        string? secret;
        // Emulator mode signs in against the emulator: the embedded one, or one already running at EmulatorUrl (External).
        var emulated = !graph.IsLive;
        if (emulated)
        {
            var root = emulator?.RootUrl ?? graph.EmulatorUrl.TrimEnd('/');
            authority = $"{root}/{emulator?.Tenant.TenantId ?? "organizations"}/v2.0";
            clientId = section["ClientId"] is { Length: > 0 } c ? c : EmulatorClientId;
            secret = section["ClientSecret"] is { Length: > 0 } s ? s : "dex-local-emulator";
        }
        else
        {
            var tenant = section["TenantId"] is { Length: > 0 } t ? t : graph.TenantId;
            clientId = section["ClientId"] is { Length: > 0 } c ? c : graph.ClientId ?? string.Empty;
            secret = section["ClientSecret"] is { Length: > 0 } s ? s : graph.ClientSecret;
            if (string.IsNullOrWhiteSpace(tenant) || string.IsNullOrWhiteSpace(clientId))
            {
                throw new InvalidOperationException("Live mode needs Dex:SignIn:TenantId and Dex:SignIn:ClientId (or Dex:Graph:TenantId/ClientId): approvers and credential recipients sign in with Entra ID.");
            }

            authority = $"{(section["Instance"] is { Length: > 0 } i ? i.TrimEnd('/') : "https://login.microsoftonline.com")}/{tenant}/v2.0";
        }

        builder.Services.AddSingleton(new SignInOptions { LoginPath = LoginPath });
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieScheme;
                o.DefaultChallengeScheme = OidcScheme;
            })
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "dex.signin";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(1);
                o.SlidingExpiration = false;
                o.LoginPath = LoginPath;
                o.ReturnUrlParameter = "returnUrl";
            })
            .AddOpenIdConnect(OidcScheme, o =>
            {
                o.Authority = authority;
                o.ClientId = clientId;
                o.ClientSecret = secret;
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.UsePkce = true;
                o.CallbackPath = CallbackPath;
                o.SignInScheme = CookieScheme;
                o.MapInboundClaims = false;
                o.SaveTokens = false;
                o.GetClaimsFromUserInfoEndpoint = false;
                o.Scope.Clear();
                o.Scope.Add("openid");
                o.Scope.Add("profile");
                o.TokenValidationParameters.NameClaimType = SignedInUser.UpnClaim;
                o.TokenValidationParameters.ValidateIssuer = true;
                if (emulated)
                {
                    // The emulator serves http on loopback; the code comes back as a same-site GET redirect.
                    o.RequireHttpsMetadata = false;
                    o.ResponseMode = OpenIdConnectResponseMode.Query;
                    o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                    o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    o.NonceCookie.SameSite = SameSiteMode.Lax;
                    o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                }

                o.Events.OnRedirectToIdentityProvider = ctx =>
                {
                    if (ctx.Properties.Items.TryGetValue(MfaItem, out var mfa) && mfa == "1")
                    {
                        // Step-up: a fresh sign-in with MFA. The emulator takes amr=mfa; Entra is asked through
                        // amr_values and enforces MFA by Conditional Access. Dex checks amr either way.
                        ctx.ProtocolMessage.Prompt = "login";
                        ctx.ProtocolMessage.SetParameter(emulated ? "amr" : "amr_values", "mfa");
                    }

                    return Task.CompletedTask;
                };
            });
    }

    /// <summary><c>GET /api/auth/signin?returnUrl=/local/path[&amp;mfa=1]</c>, <c>GET /api/auth/me</c> and <c>GET /api/auth/signout</c>.</summary>
    public static WebApplication MapDexLocalSignIn(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(LoginPath, (string? returnUrl, string? mfa) =>
        {
            var back = SignInOptions.IsLocalPath(returnUrl) ? returnUrl! : "/";
            var props = new AuthenticationProperties { RedirectUri = back };
            if (mfa == "1")
            {
                props.Items[MfaItem] = "1";
            }

            return Results.Challenge(props, [OidcScheme]);
        });
        app.MapGet("/api/auth/me", (HttpContext ctx) => SignedInUser.From(ctx.User) is { } user
            ? Results.Json(new { signedIn = true, userPrincipalName = user.UserPrincipalName, objectId = user.ObjectId, name = user.Name, mfa = user.HasMfa })
            : Results.Json(new { signedIn = false }));
        app.MapGet(LogoutPath, async (HttpContext ctx) =>
        {
            await ctx.SignOutAsync(CookieScheme);
            return Results.Redirect("/");
        });
        return app;
    }
}
