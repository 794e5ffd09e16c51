using System.Text.Json;
using System.Text.Json.Nodes;
using Dex.Core.Actions;

namespace Dex.Core.Understanding;

/// <summary>
/// The catalogue as function-calling tools (one per action, JSON-schema parameters), and the strict
/// reading of what a model proposes with them. Everything the model returns is data to validate.
/// </summary>
public static class OpenAiTools
{
    /// <summary>Upper bound on steps taken from one completion (a message never needs more).</summary>
    public const int MaxCalls = 25;

    /// <summary>Tool name → (description, JSON schema of the arguments), generated from the catalogue entries.</summary>
    public static IReadOnlyList<(string Name, string Description, string Schema)> Definitions { get; } = For(ActionCatalogue.BuiltIn);

    // Keys Dex sets from the message itself (the attachment): ignored whatever tool proposes them.
    private static readonly HashSet<string> MessageKeys = [.. ActionCatalogue.BuiltIn.All.SelectMany(a => a.Entry.MessageParameters)];

    public static IReadOnlyList<(string Name, string Description, string Schema)> For(ActionCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        return [.. catalogue.All.Select(a => (a.Entry.Name, a.Entry.Description, ToolSchema.For(a.Entry)))];
    }

    /// <summary>
    /// Turns proposed tool calls into steps. Unknown tools, malformed or unexpected arguments and steps the
    /// catalogue rejects are dropped, each with a note; a directory role is never accepted as a group.
    /// </summary>
    public static UnderstandingResult Interpret(IEnumerable<(string Name, string Arguments)> calls, string requester, bool hasAttachment)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var steps = new List<IntendedStep>();
        var notes = new List<string>();
        var count = 0;
        foreach (var (name, arguments) in calls)
        {
            if (++count > MaxCalls)
            {
                notes.Add($"Only the first {MaxCalls} proposed steps were considered.");
                break;
            }

            var step = ToStep(name, arguments, requester, hasAttachment, out var problem);
            problem ??= step is null ? "unreadable" : CatalogueRules.Validate(step);
            if (step is null || problem is not null)
            {
                notes.Add($"Dropped a proposed '{Printable(name)}' step: {problem}.");
                continue;
            }

            if (!steps.Any(s => RuleBasedUnderstanding.Same(s, step)))
            {
                steps.Add(step);
            }
        }

        if (steps.Count == 0 && notes.Count == 0)
        {
            notes.Add(RuleBasedUnderstanding.NothingUnderstoodNote);
        }

        return new UnderstandingResult(steps, "openai", notes.Count == 0 ? null : string.Join(" ", notes));
    }

    private static IntendedStep? ToStep(string name, string arguments, string requester, bool hasAttachment, out string? problem)
    {
        problem = null;
        if (ActionCatalogue.BuiltIn.Find(name)?.Entry is not { } entry)
        {
            problem = "not in the action catalogue";
            return null;
        }

        JsonObject args;
        try
        {
            args = string.IsNullOrWhiteSpace(arguments) ? [] : JsonNode.Parse(arguments) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            problem = "arguments are not a JSON object";
            return null;
        }

        var allowedParameters = entry.Parameters.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var allowedFields = CatalogueRules.FieldsFor(name);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string? target = null;
        var targets = new List<string>();
        foreach (var (key, node) in args)
        {
            switch (key)
            {
                case "target":
                    target = Person(Scalar(node), requester);
                    break;
                case "targets" when entry.Target is ActionTarget.PersonOrList && node is JsonArray array:
                    foreach (var item in array)
                    {
                        if (Person(Scalar(item), requester) is { } t)
                        {
                            targets.Add(t);
                        }
                    }

                    break;
                case "fields" when entry.FieldsShape is FieldsShape.Nested && node is JsonObject inner:
                    foreach (var (fk, fv) in inner)
                    {
                        if (!allowedFields.Contains(fk) || Scalar(fv) is not { } value)
                        {
                            problem = $"field '{Printable(fk)}' is not allowed or not a plain value";
                            return null;
                        }

                        fields[fk] = value;
                    }

                    break;
                case var k when MessageKeys.Contains(k):
                    break; // decided by the message itself, never by the model
                default:
                    var scalar = Scalar(node);
                    if (scalar is null)
                    {
                        problem = $"'{Printable(key)}' is not a plain value";
                        return null;
                    }

                    if (allowedParameters.Contains(key))
                    {
                        parameters[key] = key is "sendTo" or "sendCredentialsTo" or "manager" ? Person(scalar, requester) ?? scalar : scalar;
                    }
                    else if (allowedFields.Contains(key) && entry.FieldsShape is FieldsShape.TopLevel)
                    {
                        fields[key] = key is "userPrincipalName" or "mail" ? scalar.ToLowerInvariant() : scalar;
                    }
                    else
                    {
                        problem = $"unexpected argument '{Printable(key)}'";
                        return null;
                    }

                    break;
            }
        }

        if (hasAttachment)
        {
            foreach (var key in entry.MessageParameters)
            {
                parameters[key] = "true";
            }
        }

        if (entry.Target is ActionTarget.NewAccount && target is null)
        {
            target = fields.GetValueOrDefault("userPrincipalName") ?? fields.GetValueOrDefault("displayName");
        }

        if (targets.Count == 1 && target is null)
        {
            target = targets[0];
            targets.Clear();
        }

        return new IntendedStep
        {
            Action = name,
            Target = targets.Count > 0 ? null : target,
            Targets = targets,
            Parameters = parameters,
            Fields = fields,
        };
    }

    private static string? Scalar(JsonNode? node) => node is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>().Trim().Trim('"').Trim() is { Length: > 0 } s ? s : null,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => v.ToJsonString(),
            _ => null,
        }
        : null;

    // Same conventions as the rule parser: "me" for the requester, e-mails lower-cased, names as written.
    private static string? Person(string? value, string requester)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Contains('@', StringComparison.Ordinal))
        {
            var lower = value.ToLowerInvariant();
            return lower.Equals(requester, StringComparison.OrdinalIgnoreCase) ? "me" : lower;
        }

        return value.ToLowerInvariant() is "me" or "i" or "myself" or "my" or "requester" or "the requester" ? "me" : value;
    }

    private static string Printable(string s) => new([.. s.Where(c => !char.IsControl(c)).Take(40)]);
}
