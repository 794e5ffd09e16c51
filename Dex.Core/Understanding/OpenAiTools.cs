using System.Text.Json;
using System.Text.Json.Nodes;
using Dex.Core.Requests;

namespace Dex.Core.Understanding;

/// <summary>
/// The catalogue as function-calling tools (one per action, JSON-schema parameters), and the strict
/// reading of what a model proposes with them. Everything the model returns is data to validate.
/// </summary>
public static class OpenAiTools
{
    /// <summary>Upper bound on steps taken from one completion (a message never needs more).</summary>
    public const int MaxCalls = 25;

    private const string TargetHelp = "Who: \"me\" for the requester (I/me/my), an e-mail/UPN exactly as written (lower-case), or the person's name exactly as written.";

    /// <summary>Tool name → (description, JSON schema of the arguments).</summary>
    public static IReadOnlyList<(string Name, string Description, string Schema)> Definitions { get; } = Build();

    private static List<(string, string, string)> Build()
    {
        var list = new List<(string, string, string)>
        {
            Tool(DexActions.CreateUser, "Create a new Entra ID user. Put the new user's UPN in userPrincipalName (and target).",
                Props(("target", Str("The new user's UPN, or name when no UPN was given."))).Merge(FieldProps(CatalogueRules.UserFields)).Merge(Props(
                    ("manager", Str("The manager as written (e-mail or name).")),
                    ("sendCredentialsTo", Str("Who receives the initial credentials, as written."))))),
            Tool(DexActions.SearchUsers, "Search users by name, UPN, e-mail, department, job title or account status. Only the criteria given.",
                FieldProps(CatalogueRules.SearchFields)),
            Tool(DexActions.ListLockedUsers, "List locked (disabled) accounts, optionally in one department.",
                Props(("department", Str("Department as written, only if one was named.")))),
            Tool(DexActions.UnlockUser, "Unlock / re-enable a disabled account. Use targets for a list of several people.",
                Props(("target", Str(TargetHelp)), ("targets", new JsonObject { ["type"] = "array", ["items"] = Str("UPN or name as written.") }))),
            Tool(DexActions.UpdateUser, "Admin change of any user property (not password, not roles).",
                Props(("target", Str(TargetHelp)), ("fields", Obj(FieldProps(CatalogueRules.UserFields)))), "target", "fields"),
            Tool(DexActions.UpdateUserProfile, "Change profile fields: phone, office, job title, department.",
                Props(("target", Str(TargetHelp)), ("fields", Obj(FieldProps(CatalogueRules.ProfileFields)))), "target", "fields"),
            Tool(DexActions.UpdatePhoto, "Set a user's profile photo from the attached image.", Props(("target", Str(TargetHelp))), "target"),
            Tool(DexActions.PasswordReset, "Reset a password (strong generated password, change at next sign-in).",
                Props(("target", Str(TargetHelp)), ("sendTo", Str("Who should receive the new password, only if said."))), "target"),
            Tool(DexActions.MfaReset, "Reset MFA methods so the user can register again (new phone, authenticator).", Props(("target", Str(TargetHelp))), "target"),
            Tool(DexActions.UnblockSignIn, "Unblock a sign-in blocked or flagged by Identity Protection risk.", Props(("target", Str(TargetHelp))), "target"),
            Tool(DexActions.GrantAccess, "Add a user to a security group or Microsoft 365 group (group), or to an enterprise app (app). Never a directory role.",
                Props(("target", Str(TargetHelp)), ("group", Str("Group display name as written, without quotes.")), ("app", Str("Enterprise app name as written."))), "target"),
            Tool(DexActions.RevokeAccess, "Remove a user from a group.", Props(("target", Str(TargetHelp)), ("group", Str("Group name as written."))), "target", "group"),
            Tool(DexActions.CheckMembership, "Check whether a user is in a group.", Props(("target", Str(TargetHelp)), ("group", Str("Group name as written."))), "target", "group"),
            Tool(DexActions.ListGroupMembers, "List who belongs to a group.", Props(("group", Str("Group name as written."))), "group"),
            Tool(DexActions.ListUserGroups, "List the groups a user belongs to.", Props(("target", Str(TargetHelp))), "target"),
            Tool(DexActions.ViewProfile, "Show a user's profile, directory roles and groups.", Props(("target", Str(TargetHelp))), "target"),
            Tool(DexActions.Discover, "Discover directory roles, groups, enterprise apps, licences and proposed approver groups.", []),
        };
        return list;
    }

    private static (string, string, string) Tool(string name, string description, JsonObject properties, params string[] required)
    {
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
        if (required.Length > 0)
        {
            schema["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]);
        }

        return (name, description, schema.ToJsonString());
    }

    private static JsonObject Str(string description) => new() { ["type"] = "string", ["description"] = description };

    private static JsonObject Obj(JsonObject properties) => new() { ["type"] = "object", ["properties"] = properties, ["additionalProperties"] = false };

    private static JsonObject Props(params (string Name, JsonObject Schema)[] items)
    {
        var o = new JsonObject();
        foreach (var (name, schema) in items)
        {
            o[name] = schema;
        }

        return o;
    }

    private static JsonObject FieldProps(IEnumerable<string> names)
    {
        var o = new JsonObject();
        foreach (var n in names.Order(StringComparer.Ordinal))
        {
            o[n] = n == "accountEnabled" ? new JsonObject { ["type"] = "boolean" } : Str($"{n} as written");
        }

        return o;
    }

    private static JsonObject Merge(this JsonObject a, JsonObject b)
    {
        foreach (var (k, v) in b.ToList())
        {
            b.Remove(k);
            a[k] = v;
        }

        return a;
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
        if (!DexActions.IsKnown(name))
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

        var allowedParameters = CatalogueRules.ParameterKeys[name];
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
                case "targets" when name == DexActions.UnlockUser && node is JsonArray array:
                    foreach (var item in array)
                    {
                        if (Person(Scalar(item), requester) is { } t)
                        {
                            targets.Add(t);
                        }
                    }

                    break;
                case "fields" when (name is DexActions.UpdateUser or DexActions.UpdateUserProfile) && node is JsonObject inner:
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
                case "attachment":
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
                    else if (allowedFields.Contains(key) && name is DexActions.CreateUser or DexActions.SearchUsers)
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

        if (name == DexActions.UpdatePhoto && hasAttachment)
        {
            parameters["attachment"] = "true";
        }

        if (name == DexActions.CreateUser && target is null)
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
