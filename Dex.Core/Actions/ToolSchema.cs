using System.Text.Json.Nodes;

namespace Dex.Core.Actions;

/// <summary>An action's function-calling tool definition, generated from its catalogue entry.</summary>
public static class ToolSchema
{
    public const string TargetHelp = "Who: \"me\" for the requester (I/me/my), an e-mail/UPN exactly as written (lower-case), or the person's name exactly as written.";

    /// <summary>The JSON schema of the tool's arguments (strict: no additional properties).</summary>
    public static string For(ActionEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var properties = new JsonObject();
        var required = new List<string>();
        if (entry.Targeted)
        {
            properties["target"] = Str(entry.TargetDescription ?? TargetHelp);
            if (entry.Target is ActionTarget.Person)
            {
                required.Add("target");
            }
        }

        if (entry.Target is ActionTarget.PersonOrList)
        {
            properties["targets"] = new JsonObject { ["type"] = "array", ["items"] = Str("UPN or name as written.") };
        }

        if (entry.FieldsShape is FieldsShape.TopLevel)
        {
            foreach (var (name, schema) in FieldProps(entry.Fields))
            {
                properties[name] = schema!.DeepClone();
            }
        }
        else if (entry.FieldsShape is FieldsShape.Nested)
        {
            properties["fields"] = new JsonObject { ["type"] = "object", ["properties"] = FieldProps(entry.Fields), ["additionalProperties"] = false };
            required.Add("fields");
        }

        foreach (var p in entry.Parameters)
        {
            properties[p.Key] = Str(p.Description);
            if (p.Required)
            {
                required.Add(p.Key);
            }
        }

        var root = new JsonObject { ["type"] = "object", ["properties"] = properties, ["additionalProperties"] = false };
        if (required.Count > 0)
        {
            root["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]);
        }

        return root.ToJsonString();
    }

    private static JsonObject Str(string description) => new() { ["type"] = "string", ["description"] = description };

    private static JsonObject FieldProps(IEnumerable<string> names)
    {
        var o = new JsonObject();
        foreach (var n in names.Order(StringComparer.Ordinal))
        {
            o[n] = n == "accountEnabled" ? new JsonObject { ["type"] = "boolean" } : Str($"{n} as written");
        }

        return o;
    }
}
