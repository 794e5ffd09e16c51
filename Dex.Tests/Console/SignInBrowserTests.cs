using System.Net.Http.Json;
using System.Text.Json;
using Dex.GraphEmulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dex.Tests.Console;

/// <summary>Approvers sign in for real in headless Chromium (Dex.Local's OpenID Connect against the emulated Entra ID).</summary>
[Collection(ConsoleBrowserCollection.Name)]
public sealed class ApprovalSignIn_Browser(ConsoleBrowserFixture fixture)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToContainTextOptions Eventually = new() { Timeout = 30_000 };

    private async Task<(string RequestId, string Link)> MfaResetAwaitingApprovalAsync()
    {
        // Other tests of this collection reset tom's MFA too: give him a method to reset again.
        var tenant = fixture.Local.Services.GetRequiredService<GraphEmulatorServer>().Tenant;
        if (!tenant.FindUser("tom@acme.com")!.AuthenticationMethods.Contains("microsoftAuthenticator"))
        {
            tenant.AddAuthenticationMethod("tom@acme.com", "microsoftAuthenticator");
        }

        using var post = await fixture.Local.Http.PostAsJsonAsync("/api/messages", new { id = Guid.NewGuid().ToString("N"), channel = "web", requester = "helpdesk@acme.com", text = "Reset MFA for tom@acme.com, he got a new phone" });
        var requestId = (await post.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetString()!;
        await fixture.Local.WaitForStatusAsync(requestId, "awaiting_approval");
        return (requestId, await fixture.Local.ApprovalLinkAsync("alice@acme.com", requestId));
    }

    [Fact]
    public async Task RefusesWrongApproverThenApprovesGivenRightOneSignsIn()
    {
        var (requestId, link) = await MfaResetAwaitingApprovalAsync();
        var page = await fixture.NewPageAsync();

        var response = await page.GotoAsync(link);
        await DexConsole_Browser.PickAccountAsync(page, "uma@acme.com", mfa: true);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not your link" })).ToBeVisibleAsync(Visible);
        await Expect(page.Locator("#problem")).ToContainTextAsync("sent to alice@acme.com");
        await ConsoleBrowserFixture.ScreenshotAsync(page, "10-approval-wrong-approver");
        Assert.Equal("awaiting_approval", (await fixture.Local.WaitForStatusAsync(requestId, "awaiting_approval")).GetProperty("status").GetString());

        await page.Locator("#sign-in").ClickAsync();
        await DexConsole_Browser.PickAccountAsync(page, "alice@acme.com", mfa: true);
        await Expect(page.Locator("#signed-in")).ToContainTextAsync("alice@acme.com", Eventually);
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(page.Locator("#result")).ToContainTextAsync("You approved request " + requestId, Eventually);
        await fixture.Local.WaitForStatusAsync(requestId, "completed");
        Assert.NotNull(response);
    }

    [Fact]
    public async Task DemandsMfaStepUpGivenMfaResetApprovedAfterPasswordOnlySignIn()
    {
        var (requestId, link) = await MfaResetAwaitingApprovalAsync();
        var page = await fixture.NewPageAsync();

        // alice is already signed in, with a password only; then she opens the link.
        await page.GotoAsync(fixture.BaseUrl + "/api/auth/signin?returnUrl=%2F");
        await DexConsole_Browser.PickAccountAsync(page, "alice@acme.com", mfa: false);
        await page.WaitForURLAsync(fixture.BaseUrl + "/");
        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "MFA required" })).ToBeVisibleAsync(Visible);
        await ConsoleBrowserFixture.ScreenshotAsync(page, "11-approval-mfa-required");

        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in again with MFA" }).ClickAsync();
        await DexConsole_Browser.PickAccountAsync(page, "alice@acme.com", mfa: false); // the step-up request makes it an MFA sign-in
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Approval requested" })).ToBeVisibleAsync(Visible);
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(page.Locator("#result")).ToContainTextAsync("You approved request " + requestId, Eventually);
        await fixture.Local.WaitForStatusAsync(requestId, "completed");
    }
}
