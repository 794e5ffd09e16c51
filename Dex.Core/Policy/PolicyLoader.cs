using System.Text.Json;
using Dex.Core.Requests;

namespace Dex.Core.Policy;

/// <summary>A policy file that cannot be used; the message names the file and the place.</summary>
public sealed class PolicyException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Loads and validates policy. A bad file stops start-up with a clear message; it never falls back silently.</summary>
public static class PolicyLoader
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = false,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary><c>Dex:Policy:Path</c> value naming the built-in default policy explicitly.</summary>
    public const string BuiltInDefault = "builtin:default";

    /// <summary><c>Dex:Policy:Path</c> value naming the sample tenant's policy (it names the sample's groups, e.g. IT Security).</summary>
    public const string BuiltInSample = "builtin:sample";

    /// <summary>The shipped default: it names only directory roles, group owners and discovery's proposals, so it works on any tenant.</summary>
    public static PolicyDocument LoadDefault() => LoadResource("default-policy.json", "built-in default policy");

    /// <summary>The built-in sample tenant's policy: approvals by its IT Security group, IT Support acting for others.</summary>
    public static PolicyDocument LoadSample() => LoadResource("sample-tenant-policy.json", "built-in sample tenant policy");

    private static PolicyDocument LoadResource(string name, string source)
    {
        using var stream = typeof(PolicyLoader).Assembly.GetManifestResourceStream("Dex.Core.Policy." + name)
            ?? throw new PolicyException($"The {source} is missing from Dex.Core.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), source);
    }

    /// <summary>
    /// The policy a host runs: <paramref name="path"/> when set; else, on the emulator's built-in sample tenant, the sample's
    /// policy (its groups exist there); anywhere else (a tenant file, Live) the default, which names nothing tenant-specific.
    /// </summary>
    public static PolicyDocument ForHost(string? path, Directory.GraphOptions graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return string.IsNullOrWhiteSpace(path) && !graph.IsLive && string.IsNullOrWhiteSpace(graph.Tenant) ? LoadSample() : Load(path);
    }

    /// <summary>Loads <paramref name="path"/>, or the default policy when it is null or empty.</summary>
    public static PolicyDocument Load(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || path == BuiltInDefault)
        {
            return LoadDefault();
        }

        if (path == BuiltInSample)
        {
            return LoadSample();
        }

        if (!File.Exists(path))
        {
            throw new PolicyException($"Policy file '{path}' (Dex:Policy:Path) does not exist.");
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static PolicyDocument Parse(string json, string source)
    {
        PolicyDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize<PolicyDocument>(json, Json);
        }
        catch (JsonException e)
        {
            var where = e.Path is null ? string.Empty : $" at {e.Path}";
            var line = e.LineNumber is null ? string.Empty : $" (line {e.LineNumber + 1})";
            throw new PolicyException($"Policy '{source}' is not valid{where}{line}: {FirstSentence(e.Message)}", e);
        }

        if (doc is null)
        {
            throw new PolicyException($"Policy '{source}' is empty.");
        }

        Validate(doc, source);
        return doc;
    }

    private static void Validate(PolicyDocument doc, string source)
    {
        if (doc.Version != 1)
        {
            throw new PolicyException($"Policy '{source}': $.version must be 1, found {doc.Version}.");
        }

        foreach (var (action, p) in doc.Actions)
        {
            var at = $"$.actions.{action}";
            if (!Actions.ActionCatalogue.BuiltIn.IsKnown(action))
            {
                throw new PolicyException($"Policy '{source}': {at} is not a Dex action (known: {string.Join(", ", Actions.ActionCatalogue.BuiltIn.Names)}).");
            }

            if (ConfirmationRule.Validate(p.Confirm, $"{at}.confirm") is { } confirmProblem)
            {
                throw new PolicyException($"Policy '{source}': {confirmProblem}");
            }

            if (p.Approval.When.Count == 0)
            {
                throw new PolicyException($"Policy '{source}': {at}.approval.when must list at least one condition (use \"never\").");
            }

            foreach (var w in p.Approval.When)
            {
                if (!ApprovalConditions.All.Contains(w))
                {
                    throw new PolicyException($"Policy '{source}': {at}.approval.when has unknown condition '{w}' (known: {string.Join(", ", ApprovalConditions.All)}).");
                }
            }

            var needsApproval = !p.Approval.When.SequenceEqual([ApprovalConditions.Never]);
            if (needsApproval && p.Approval.Stages.Count == 0)
            {
                throw new PolicyException($"Policy '{source}': {at}.approval.stages is empty, but approval.when can require approval: name who approves.");
            }

            for (var i = 0; i < p.Approval.Stages.Count; i++)
            {
                var s = p.Approval.Stages[i];
                var sat = $"{at}.approval.stages[{i}]";
                if (s.Quorum < 1)
                {
                    throw new PolicyException($"Policy '{source}': {sat}.quorum must be at least 1.");
                }

                var a = s.Approvers;
                if (a.Roles.Count + a.Groups.Count + a.Users.Count == 0 && !a.Manager && !a.GroupOwners && !a.Discovered)
                {
                    throw new PolicyException($"Policy '{source}': {sat}.approvers names nobody.");
                }

                foreach (var w in s.When ?? [])
                {
                    if (!ApprovalConditions.All.Contains(w))
                    {
                        throw new PolicyException($"Policy '{source}': {sat}.when has unknown condition '{w}'.");
                    }
                }
            }

            if (p.TimeBound is { } timeBound)
            {
                Grants.GrantTerms.Validate(timeBound, $"Policy '{source}': {at}.timeBound");
            }

            foreach (var (name, value) in new[] { ("expiry", p.Approval.Expiry), ("reminderEvery", p.Approval.ReminderEvery), ("escalateAfter", p.Approval.EscalateAfter) })
            {
                if (value is { } t && t <= TimeSpan.Zero)
                {
                    throw new PolicyException($"Policy '{source}': {at}.approval.{name} must be positive.");
                }
            }
        }

        if (doc.Licenses.MaxSeatsPerRequest is < 1)
        {
            throw new PolicyException($"Policy '{source}': $.licenses.maxSeatsPerRequest must be at least 1.");
        }

        if (doc.Licenses.DefaultUsageLocation is { } loc && !Licensing.UsageLocations.IsValid(loc))
        {
            throw new PolicyException($"Policy '{source}': $.licenses.defaultUsageLocation must be a two-letter country code such as US, found '{loc}'.");
        }

        if (ConfirmationRule.Validate(doc.Defaults.Confirm, "$.defaults.confirm") is { } defaultConfirm)
        {
            throw new PolicyException($"Policy '{source}': {defaultConfirm}");
        }

        if (doc.Defaults.ConfirmExpiry is { } ce && (ce <= TimeSpan.Zero || ce > ConfirmConditions.MaxExpiry))
        {
            throw new PolicyException($"Policy '{source}': $.defaults.confirmExpiry must be positive and at most 1.00:00:00.");
        }

        if (doc.Defaults.Expiry is { } e && e <= TimeSpan.Zero)
        {
            throw new PolicyException($"Policy '{source}': $.defaults.expiry must be positive.");
        }
    }

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(". ", StringComparison.Ordinal);
        return i > 0 ? message[..(i + 1)] : message;
    }
}
