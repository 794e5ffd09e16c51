using System.Text.RegularExpressions;
using Dex.GraphEmulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dex.Tests.Console;

/// <summary>The web console at "/" of Dex.Local, driven in a real headless Chromium. Assertions are on visible text.</summary>
[Collection(ConsoleBrowserCollection.Name)]
public sealed partial class DexConsole_Browser(ConsoleBrowserFixture fixture)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToContainTextOptions Eventually = new() { Timeout = 30_000 };

    [Fact]
    public async Task CompletesMfaResetGivenApprovalClickedInAlicesInbox()
    {
        var page = await fixture.NewPageAsync();
        var problems = WatchForErrors(page);
        await page.GotoAsync(fixture.BaseUrl + "/");

        // Chat: Hal from the helpdesk asks; Dex plans, policy asks IT Security to approve.
        await page.GetByLabel("You are").SelectOptionAsync("helpdesk@acme.com");
        await Expect(page.Locator("#who-roles")).ToContainTextAsync("Helpdesk Administrator", Eventually);
        await page.GetByLabel("Your request").FillAsync("Reset MFA for tom@acme.com, he got a new phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();

        var thread = page.Locator(".thread").Last;
        await ConfirmPlanAsync(thread);
        await Expect(thread.Locator(".req-status")).ToContainTextAsync("Awaiting approval", Eventually);
        await Expect(thread.Locator(".plan")).ToContainTextAsync("tom@acme.com", Eventually);
        await Expect(thread.Locator(".approvers")).ToContainTextAsync("alice@acme.com", Eventually);
        await Expect(thread.Locator(".approvers")).ToContainTextAsync("admin@acme.com", Eventually);
        await Expect(thread.Locator(".decision")).ToContainTextAsync("Approval required", Eventually);
        await Expect(thread.Locator(".msg.you").First).ToContainTextAsync("he got a new phone");
        var requestId = (await thread.GetAttributeAsync("id"))!["thread-".Length..];
        await ConsoleBrowserFixture.ScreenshotAsync(page, "01-chat-awaiting-approval");

        // Inbox: alice has the approval request with its link.
        await page.GetByRole(AriaRole.Link, new() { Name = "Inbox" }).ClickAsync();
        await page.GetByLabel("Inbox of").SelectOptionAsync("alice@acme.com");
        var request = page.Locator($".notification[data-kind='approval_request'][data-request-id='{requestId}']");
        await Expect(request).ToBeVisibleAsync(Visible);
        await Expect(request).ToContainTextAsync("Approval request");
        await ConsoleBrowserFixture.ScreenshotAsync(page, "02-inbox-alice");

        // Approval page (served by the API), opened in the same tab: alice signs in with Entra ID (MFA, as policy asks for an MFA reset).
        await request.Locator("a.link-open").ClickAsync();
        await PickAccountAsync(page, "alice@acme.com", mfa: true);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Approval requested" })).ToBeVisibleAsync(Visible);
        await Expect(page.Locator("#request-id")).ToHaveTextAsync(requestId);
        await Expect(page.Locator("#requester")).ToHaveTextAsync("helpdesk@acme.com");
        await Expect(page.Locator("#plan")).ToContainTextAsync("tom@acme.com");
        await Expect(page.Locator("#justification")).ToContainTextAsync("he got a new phone");
        await Expect(page.GetByText("Link expires")).ToBeVisibleAsync();
        await page.GetByLabel("Comment (optional)").FillAsync("Verified with Tom by phone");
        await ConsoleBrowserFixture.ScreenshotAsync(page, "03-approval-page");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(page.Locator("#result")).ToContainTextAsync("You approved request " + requestId, Eventually);

        // Back in the chat (same browser storage): the request completes.
        await page.GotoAsync(fixture.BaseUrl + "/#chat");
        await Expect(page.GetByLabel("You are")).ToHaveValueAsync("helpdesk@acme.com");
        thread = page.Locator($"[id='thread-{requestId}']");
        await Expect(thread.Locator(".req-status")).ToContainTextAsync("Completed", Eventually);
        await Expect(thread.Locator(".approvals")).ToContainTextAsync("alice@acme.com");
        await Expect(thread.Locator(".approvals")).ToContainTextAsync("Verified with Tom by phone");
        await ConsoleBrowserFixture.ScreenshotAsync(page, "04-chat-completed");

        // Audit: the trail of this request, and the chain verifies.
        await thread.GetByRole(AriaRole.Link, new() { Name = "Audit trail of this request" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit trail" })).ToBeVisibleAsync(Visible);
        await Expect(page.Locator("#audit-verify")).ToContainTextAsync("Hash chain verified: OK", Eventually);
        await Expect(page.Locator("#audit-caption")).ToContainTextAsync(requestId);
        await Expect(page.Locator("#audit-rows")).ToContainTextAsync("decided", Eventually);
        await Expect(page.Locator("#audit-rows")).ToContainTextAsync("alice@acme.com");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" })).ToHaveAttributeAsync("href", "/api/audit/export?format=csv");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Export JSON Lines" })).ToHaveAttributeAsync("href", "/api/audit/export?format=jsonl");
        await ConsoleBrowserFixture.ScreenshotAsync(page, "05-audit");

        // Directory: tom now has only his password; run discovery.
        await page.GetByRole(AriaRole.Link, new() { Name = "Directory" }).ClickAsync();
        var tom = page.Locator("#users-rows tr[data-upn='tom@acme.com']");
        await Expect(tom).ToContainTextAsync("Tom Baker", Eventually);
        await Expect(tom).Not.ToContainTextAsync("microsoftAuthenticator", Eventually);
        await Expect(page.Locator("#users-rows tr[data-upn='helpdesk@acme.com']")).ToContainTextAsync("Helpdesk Administrator");
        await Expect(page.Locator("#groups-rows")).ToContainTextAsync("IT Security");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run discovery" }).ClickAsync();
        await Expect(page.Locator("#discovery")).ToContainTextAsync("Discovery found", Eventually);
        await ConsoleBrowserFixture.ScreenshotAsync(page, "06-directory");

        Assert.Empty(problems);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ShowsDisabledUserGivenDirectoryChangesWhileOpen()
    {
        var tenant = fixture.Local.Services.GetRequiredService<GraphEmulatorServer>().Tenant;
        var page = await fixture.NewPageAsync();
        var problems = WatchForErrors(page);
        await page.GotoAsync(fixture.BaseUrl + "/#directory");
        var liam = page.Locator("#users-rows tr[data-upn='liam@acme.com']");
        await Expect(liam).ToContainTextAsync("Enabled", Eventually);

        tenant.SetAccountEnabled("liam@acme.com", false);
        try
        {
            await Expect(liam).ToContainTextAsync("Disabled", Eventually);
            await Expect(liam).ToHaveClassAsync(DisabledRow());
        }
        finally
        {
            tenant.SetAccountEnabled("liam@acme.com", true);
        }

        Assert.Empty(problems);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AsksThenDeniesGivenAmbiguousNameAndDenialInNewTab()
    {
        var page = await fixture.NewPageAsync();
        var problems = WatchForErrors(page);
        await page.GotoAsync(fixture.BaseUrl + "/#chat");
        await page.GetByLabel("You are").SelectOptionAsync("helpdesk@acme.com");
        await page.GetByLabel("Your request").FillAsync("Reset the password for a user named \"John Smith\" — generate a strong one and force change on next login");
        await page.GetByLabel("Your request").PressAsync("Enter");

        var thread = page.Locator(".thread").Last;
        await Expect(thread.Locator(".req-status")).ToContainTextAsync("Needs your answer", Eventually);
        await Expect(thread.Locator(".clarification")).ToBeVisibleAsync(Visible);
        var option = thread.Locator(".options button").First;
        var answer = await option.TextContentAsync();
        await option.ClickAsync();

        // The answer goes to the same request (same person, same channel): no second thread.
        await Expect(thread.Locator(".msg.you").Last).ToContainTextAsync(answer!, Eventually);
        await ConfirmPlanAsync(thread);
        await Expect(thread.Locator(".req-status")).ToContainTextAsync("Awaiting approval", Eventually);
        await Expect(page.Locator(".thread")).ToHaveCountAsync(1);
        var requestId = (await thread.GetAttributeAsync("id"))!["thread-".Length..];

        // admin@acme.com denies it from a new tab; the chat shows the request denied.
        await page.GetByRole(AriaRole.Link, new() { Name = "Inbox" }).ClickAsync();
        await page.GetByLabel("Inbox of").SelectOptionAsync("admin@acme.com");
        var request = page.Locator($".notification[data-kind='approval_request'][data-request-id='{requestId}']");
        await Expect(request).ToBeVisibleAsync(Visible);
        var approval = await page.Context.RunAndWaitForPageAsync(() => request.Locator("a.link-new").ClickAsync());
        await PickAccountAsync(approval, "admin@acme.com", mfa: true);
        await Expect(approval.Locator("#requester")).ToContainTextAsync("helpdesk@acme.com", Eventually);
        await approval.GetByLabel("Comment (optional)").FillAsync("Call the service desk first");
        await approval.GetByRole(AriaRole.Button, new() { Name = "Deny" }).ClickAsync();
        await Expect(approval.Locator("#result")).ToContainTextAsync("You denied request " + requestId, Eventually);
        await approval.CloseAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Chat" }).ClickAsync();
        await Expect(thread.Locator(".req-status")).ToContainTextAsync("Denied", Eventually);
        await Expect(thread.Locator(".approvals")).ToContainTextAsync("Call the service desk first");

        Assert.Empty(problems);
        await page.Context.CloseAsync();
    }

    /// <summary>Says "yes" to the plan with the console's button, as the requester does before a write on others or a bulk step.</summary>
    private static async Task ConfirmPlanAsync(ILocator thread)
    {
        var yes = thread.Locator(".options button", new() { HasText = "Yes, go ahead" });
        await Expect(yes).ToBeVisibleAsync(Visible);
        await yes.ClickAsync();
    }

    [Fact]
    public async Task ShowsPerItemResultsGivenBulkUnlock()
    {
        var page = await fixture.NewPageAsync();
        var problems = WatchForErrors(page);
        await page.GotoAsync(fixture.BaseUrl + "/#chat");
        await page.GetByLabel("You are").SelectOptionAsync("helpdesk@acme.com");
        await page.GetByLabel("Your request").FillAsync("Show me every locked Entra account in the Sales department and unlock the ones on this list: kevin@acme.com, priya@acme.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();

        var thread = page.Locator(".thread").Last;
        await ConfirmPlanAsync(thread);
        await Expect(thread.Locator(".req-status")).ToContainTextAsync("Completed", Eventually);
        var unlock = thread.Locator("li.step").Filter(new() { Has = page.Locator("code", new() { HasText = "unlock_user" }) });
        var items = unlock.Locator("table.items");
        await Expect(items).ToContainTextAsync("Per-item results", Eventually);
        await Expect(items.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(items.Locator("tbody tr").Nth(0)).ToContainTextAsync("kevin@acme.com");
        await Expect(items.Locator("tbody tr").Nth(1)).ToContainTextAsync("priya@acme.com");
        await Expect(items).ToContainTextAsync("Enabled");
        await ConsoleBrowserFixture.ScreenshotAsync(page, "07-chat-bulk-unlock");

        Assert.Empty(problems);
        await page.Context.CloseAsync();
    }

    /// <summary>Script errors, failed requests to the console's own files and any request leaving the machine.</summary>
    private List<string> WatchForErrors(IPage page)
    {
        var problems = new List<string>();
        page.PageError += (_, e) => problems.Add("page error: " + e);
        page.Console += (_, m) =>
        {
            if (m.Type == "error" && !m.Text.Contains("status of 404", StringComparison.Ordinal))
            {
                problems.Add("console error: " + m.Text);
            }
        };
        page.Request += (_, r) =>
        {
            // The sign-in is served by the embedded emulator (emulated Entra ID), the only other origin allowed.
            if (!r.Url.StartsWith(fixture.BaseUrl, StringComparison.Ordinal) && !r.Url.StartsWith(EmulatorRoot + "/", StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                problems.Add("external request: " + r.Url);
            }
        };
        return problems;
    }

    private string EmulatorRoot => fixture.Local.Services.GetRequiredService<GraphEmulatorServer>().RootUrl;

    /// <summary>The emulated Entra sign-in's account picker: choose the person (with MFA when asked).</summary>
    internal static async Task PickAccountAsync(IPage page, string upn, bool mfa)
    {
        var row = page.Locator("#accounts li", new() { HasText = "(" + upn + ")" });
        await Expect(row).ToBeVisibleAsync(Visible);
        await row.Locator(mfa ? "a.account-mfa" : "a.account").ClickAsync();
    }

    [GeneratedRegex(@"\bdisabled\b")]
    private static partial Regex DisabledRow();
}
