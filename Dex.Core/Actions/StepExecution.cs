using Dex.Core.Directory;
using Dex.Core.Discovery;
using Dex.Core.Requests;
using Dex.Core.Workflows;

namespace Dex.Core.Actions;

/// <summary>The services an action executes with (resolved once from DI).</summary>
public sealed record ExecutionServices(DirectoryService Directory, IAttachmentStore Attachments, DiscoveryService Discovery, CredentialDelivery Credentials, Notifications.INotifier? Notifier = null);

/// <summary>One step being executed for one request.</summary>
public sealed class StepExecution(ExecutionServices services, string requestId, RequesterContext requester)
{
    /// <summary>How many items a reply lists before saying "and N more".</summary>
    public const int ListedInReply = 25;

    public DirectoryService Directory => services.Directory;
    public IAttachmentStore Attachments => services.Attachments;
    public DiscoveryService Discovery => services.Discovery;
    public CredentialDelivery Credentials => services.Credentials;
    public Notifications.INotifier? Notifier => services.Notifier;
    public string RequestId => requestId;
    public RequesterContext Requester => requester;

    public bool IsSelf(TargetRef t) => string.Equals(t.Id, requester.Id, StringComparison.OrdinalIgnoreCase);

    /// <summary>"you" for the requester, else "Name (upn)".</summary>
    public string Name(TargetRef t) => IsSelf(t) ? "you" : $"{t.DisplayName} ({t.UserPrincipalName})";

    /// <summary>"you" when the address is the requester's.</summary>
    public string Whom(string upn) => string.Equals(upn, requester.UserPrincipalName, StringComparison.OrdinalIgnoreCase) ? "you" : upn;

    public static StepOutcome Ok(PlannedStep step, string message) => new(step.Index, StepStatus.Succeeded, message);

    public static TargetRef RequireTarget(PlannedStep step)
        => step.Target ?? throw new DirectoryException($"{step.Action} needs a target user.", 400);

    public static GroupRef RequireGroup(PlannedStep step)
        => step.Group ?? throw new DirectoryException($"{step.Action} needs a group.", 400);

    public static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>": a, b, c." (at most <see cref="ListedInReply"/>, then "and N more"), or "." when empty.</summary>
    public static string List(IEnumerable<string> items)
    {
        var all = items.ToList();
        if (all.Count == 0)
        {
            return ".";
        }

        var shown = string.Join(", ", all.Take(ListedInReply));
        return all.Count > ListedInReply ? $": {shown}, and {all.Count - ListedInReply} more." : $": {shown}.";
    }

    /// <summary>Rewrites a directory change message ("is already a member") for the requester ("are already a member").</summary>
    public static string SelfVoice(string message) => message
        .Replace("is already a member", "are already a member", StringComparison.Ordinal)
        .Replace("already has access", "already have access", StringComparison.Ordinal)
        .Replace("was not a member", "were not a member", StringComparison.Ordinal)
        .Replace("was added to", "were added to", StringComparison.Ordinal)
        .Replace("was removed from", "were removed from", StringComparison.Ordinal)
        .Replace("was given access", "were given access", StringComparison.Ordinal);
}
