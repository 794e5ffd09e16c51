namespace Dex.Core.Understanding;

/// <summary>
/// One thing the requester asked for, as understood from the text, before anything is resolved in
/// the directory. <see cref="Target"/> is raw: "me", a UPN/e-mail, or a person's name.
/// </summary>
public sealed record IntendedStep
{
    /// <summary>A name from <see cref="Requests.DexActions"/>.</summary>
    public required string Action { get; init; }

    /// <summary>Raw target person: "me", a UPN or e-mail address, or a display name; null when the action has none.</summary>
    public string? Target { get; init; }

    /// <summary>Bulk targets (e.g. "unlock the ones on this list"); empty otherwise.</summary>
    public IReadOnlyList<string> Targets { get; init; } = [];

    /// <summary>Scalar parameters by catalogue key (group, app, sendTo, sendCredentialsTo, department, attachment...).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Graph property → new value for update_user / update_user_profile / create_user, or search criteria for search_users.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();
}

/// <summary>What an understanding produced for one message.</summary>
/// <param name="Steps">The steps in the order asked; empty when nothing in the catalogue matched.</param>
/// <param name="Source">"rules" or "openai".</param>
/// <param name="Note">Why nothing was understood, or why a fallback happened; shown to the requester or audited.</param>
/// <param name="Help">Set when the message is a question about Dex itself (answered, never executed).</param>
public sealed record UnderstandingResult(IReadOnlyList<IntendedStep> Steps, string Source, string? Note = null, HelpTopic? Help = null);

/// <summary>Turns plain language into intended steps. It only proposes: it never executes and never decides policy.</summary>
public interface IRequestUnderstanding
{
    Task<UnderstandingResult> UnderstandAsync(string requester, string text, bool hasAttachment, CancellationToken cancellationToken = default);
}
