using System.Text.RegularExpressions;
using Dex.Core.Actions;

namespace Dex.Core.Understanding;

/// <summary>
/// What each catalogue action may carry, read from the actions' entries, shared by the rule parser and
/// the validation of model proposals, so neither path can express anything the catalogue does not.
/// </summary>
public static partial class CatalogueRules
{
    /// <summary>Fields an update_user_profile may change (self-service or on behalf).</summary>
    public static IReadOnlySet<string> ProfileFields => UserFieldSets.Profile;

    /// <summary>User properties an admin update_user / create_user may set. Never credentials or roles.</summary>
    public static IReadOnlySet<string> UserFields => UserFieldSets.User;

    /// <summary>Criteria search_users understands.</summary>
    public static IReadOnlySet<string> SearchFields => UserFieldSets.Search;

    /// <summary>Parameter keys each action may carry.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> ParameterKeys { get; } =
        ActionCatalogue.BuiltIn.All.ToDictionary(a => a.Entry.Name, a => a.Entry.ParameterKeys, StringComparer.Ordinal);

    /// <summary>Actions that act on no particular person.</summary>
    public static IReadOnlySet<string> Untargeted { get; } =
        new HashSet<string>(ActionCatalogue.BuiltIn.All.Where(a => !a.Entry.Targeted).Select(a => a.Entry.Name), StringComparer.Ordinal);

    /// <summary>Fields allowed for an action, or an empty set when the action carries none.</summary>
    public static IReadOnlySet<string> FieldsFor(string action)
        => ActionCatalogue.BuiltIn.Find(action)?.Entry is { FieldsShape: not FieldsShape.None } e ? e.Fields : new HashSet<string>(StringComparer.Ordinal);

    /// <summary>True when the name is a directory role (or admin rights) rather than a group: roles are never granted by Dex.</summary>
    public static bool LooksLikeDirectoryRole(string name) => DirectoryRole().IsMatch(name);

    /// <summary>
    /// Checks a proposed step against the catalogue. Returns null when it is acceptable, otherwise why it
    /// is not. Used for model output; the rule parser only ever builds valid steps.
    /// </summary>
    public static string? Validate(IntendedStep step) => Validate(step, ActionCatalogue.BuiltIn);

    public static string? Validate(IntendedStep step, ActionCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(catalogue);
        if (catalogue.Find(step.Action) is not { } action)
        {
            return $"'{step.Action}' is not in the action catalogue";
        }

        var entry = action.Entry;
        var keys = entry.ParameterKeys;
        foreach (var (key, value) in step.Parameters)
        {
            if (!keys.Contains(key))
            {
                return $"{step.Action} has no parameter '{key}'";
            }

            if (!IsPlainValue(value))
            {
                return $"{step.Action}.{key} is not a plain value";
            }
        }

        var fields = entry.FieldsShape is FieldsShape.None ? new HashSet<string>() : entry.Fields;
        foreach (var (key, value) in step.Fields)
        {
            if (!fields.Contains(key))
            {
                return $"{step.Action} cannot set '{key}'";
            }

            if (!IsPlainValue(value))
            {
                return $"{step.Action}.{key} is not a plain value";
            }
        }

        if (entry.Targeted && step.Target is null && step.Targets.Count == 0)
        {
            return $"{step.Action} needs a target";
        }

        if (!entry.Targeted && (step.Target is not null || step.Targets.Count > 0))
        {
            return $"{step.Action} takes no target";
        }

        if (step.Targets.Count > 0 && entry.Target is not ActionTarget.PersonOrList)
        {
            return $"{step.Action} takes a single target";
        }

        foreach (var t in step.Targets.Append(step.Target ?? "me"))
        {
            if (!IsPlainValue(t))
            {
                return $"{step.Action} target is not a plain value";
            }
        }

        return action.Validate(step);
    }

    // Short, single-line text only: anything else is not something a person typed as a value.
    private static bool IsPlainValue(string value) =>
        value.Length is > 0 and <= 256 && !value.Any(char.IsControl);

    [GeneratedRegex(@"\b(?:(?:global|privileged\s+role|privileged\s+authentication|user|users|helpdesk|help\s*desk|authentication|security|exchange|sharepoint|teams|billing|application|cloud\s+application|intune|compliance|conditional\s+access|license|licence|groups|password|directory|tenant|domain|company|it|azure\s+ad|entra(?:\s+id)?)\s+admin(?:istrator)?s?|admin(?:istrator)?\s+(?:role|rights|privileges|permissions|access)|(?:directory|admin|administrator|azure\s+ad|entra|privileged)\s+roles?|super\s*users?|root\s+access|god\s+mode)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DirectoryRole();
}
