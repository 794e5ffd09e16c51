using System.Buffers;
using System.Text.RegularExpressions;
using Dex.Core.Requests;

namespace Dex.Core.Understanding;

/// <summary>
/// Rule-based understanding (the default; needs no key). Cuts a message into clauses and maps each to
/// catalogue steps with targets, groups and fields taken verbatim from the text. It can only ever build
/// catalogue steps: anything else (directory roles, deletions, licences, "ignore previous
/// instructions") yields no step and a <see cref="UnderstandingResult.Note"/>.
/// </summary>
public sealed partial class RuleBasedUnderstanding : IRequestUnderstanding
{
    public const string NothingUnderstoodNote =
        "I couldn't match that to anything Dex can do. I can reset passwords or MFA, unlock accounts, unblock risky sign-ins, " +
        "update profiles and photos, add or remove group members, list group members or locked accounts, search users, " +
        "create users and run discovery.";

    public const string RoleNote = "Dex never assigns directory roles or admin rights (a role is not a group); ask a Privileged Role Administrator.";
    public const string InjectionNote = "Instructions embedded in a request are ignored; only catalogue actions are understood.";

    public Task<UnderstandingResult> UnderstandAsync(string requester, string text, bool hasAttachment, CancellationToken cancellationToken = default)
        => Task.FromResult(Analyze(text, hasAttachment));

    /// <summary>The steps asked for, in order (empty when nothing in the catalogue matched).</summary>
    public static IReadOnlyList<IntendedStep> Parse(string text, bool hasAttachment = false) => Analyze(text, hasAttachment).Steps;

    /// <summary>The steps plus a note explaining anything refused or not understood.</summary>
    public static UnderstandingResult Analyze(string text, bool hasAttachment = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var state = new ParseState(hasAttachment);
        if (text.Length > 4000)
        {
            text = text[..4000];
        }

        foreach (var clause in RequestText.SplitClauses(RequestText.FixTypos(RequestText.Normalize(text))))
        {
            var c = Lead().Replace(clause, string.Empty).Trim();
            if (c.Length > 0)
            {
                ParseClause(c, state);
            }
        }

        var steps = Dedupe(state.Steps);
        if (steps.Count == 0 && state.Notes.Count == 0)
        {
            state.Notes.Add(NothingUnderstoodNote);
        }

        return new UnderstandingResult(steps, "rules", state.Notes.Count == 0 ? null : string.Join(" ", state.Notes.Distinct(StringComparer.Ordinal)));
    }

    private static void ParseClause(string c, ParseState s)
    {
        if (Has(c, InjectionGate) && Injection().IsMatch(c))
        {
            s.Note(InjectionNote);
            c = Injection().Replace(c, " ").Trim();
            if (c.Length == 0)
            {
                return;
            }
        }

        if (Has(c, RoleGate) && (RoleEscalation().IsMatch(c) || (GrantVerb().IsMatch(c) && CatalogueRules.LooksLikeDirectoryRole(c))))
        {
            s.Note(RoleNote);
            return;
        }

        // "..., please unblock" after a request that already named the action and person adds nothing.
        if (s.Steps.Count > 0 && BareVerb().IsMatch(c))
        {
            return;
        }

        if (OutOfCatalogue(c) is { } refusal)
        {
            s.Note(refusal);
            return;
        }

        _ = TryCreateUser(c, s) || TryListLocked(c, s) || TryUnblockSignIn(c, s) || TryAccountEnabled(c, s) || TryUnlock(c, s)
            || TryResets(c, s) || TryPhoto(c, s) || TryGroups(c, s) || TryFieldUpdate(c, s) || TryViewProfile(c, s)
            || TryDiscover(c, s) || TrySearch(c, s) || TryContinuation(c, s);
    }

    private static string? OutOfCatalogue(string c)
    {
        if (!Has(c, OutOfCatalogueGate))
        {
            return null;
        }

        if (DeleteUser().IsMatch(c) && !FromOrOutOf().IsMatch(c) && !MfaWords().IsMatch(c) && !PhotoWords().IsMatch(c))
        {
            return "Deleting or offboarding users isn't something Dex does.";
        }

        if (LicenceChange().IsMatch(c))
        {
            return "Assigning or removing licences isn't in Dex's action catalogue.";
        }

        if (CreateGroup().IsMatch(c))
        {
            return "Creating or deleting groups isn't in Dex's action catalogue.";
        }

        return GroupOwner().IsMatch(c) ? "Changing group owners isn't in Dex's action catalogue." : null;
    }

    // ---- create_user ----------------------------------------------------------------------------

    private static bool TryCreateUser(string c, ParseState s)
    {
        if (!Has(c, CreateGate))
        {
            return false;
        }

        if (!CreateUser().IsMatch(c) || MfaWords().IsMatch(c))
        {
            return false;
        }

        var work = c;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Take(ref work, Manager()) is { } manager && Person(manager) is { } m)
        {
            parameters["manager"] = m;
        }

        if (Take(ref work, SendTo()) is { } send && Person(send) is { } to)
        {
            parameters["sendCredentialsTo"] = to;
        }

        foreach (var (field, value) in TakeFields(ref work))
        {
            fields.TryAdd(field, value);
        }

        foreach (Match phone in CreatePhone().Matches(work))
        {
            var prop = FieldProperty(phone.Groups["f"].Value) ?? "mobilePhone";
            fields.TryAdd(prop, phone.Groups["v"].Value.Trim());
        }

        work = CreatePhone().Replace(work, " ");
        if (Take(ref work, UsageLocation()) is { } usage)
        {
            fields.TryAdd("usageLocation", Clean(usage));
        }

        if (Take(ref work, AsTitleInDepartment()) is { } titleDept)
        {
            var parts = titleDept.Split('\u0001');
            fields.TryAdd("jobTitle", Clean(parts[0]));
            fields.TryAdd("department", Clean(parts[1]));
        }

        if (Take(ref work, InDepartment()) is { } dept)
        {
            fields.TryAdd("department", Clean(dept));
        }

        if (Take(ref work, AsTitle()) is { } title)
        {
            fields.TryAdd("jobTitle", Clean(title));
        }

        if (Take(ref work, OfficeIn()) is { } office)
        {
            fields.TryAdd("officeLocation", Clean(office));
        }

        if (Take(ref work, NameBeforeEmail()) is { } nameBefore)
        {
            fields.TryAdd("displayName", Clean(nameBefore));
        }

        if (Take(ref work, NamedOrCalled()) is { } named)
        {
            fields.TryAdd("displayName", Clean(named));
        }

        if (!fields.ContainsKey("department"))
        {
            foreach (Match segment in BareSegment().Matches(work))
            {
                var v = segment.Groups["v"].Value;
                if (!Email().IsMatch(v) && !CreateUser().IsMatch(v) && v is not ("Please" or "Thanks" or "Thank you" or "ASAP"))
                {
                    fields["department"] = v;
                    break;
                }
            }
        }

        var upn = Email().Match(work);
        if (upn.Success)
        {
            fields["userPrincipalName"] = upn.Value.ToLowerInvariant();
        }

        var target = fields.GetValueOrDefault("userPrincipalName") ?? fields.GetValueOrDefault("displayName");
        if (target is null)
        {
            s.Note("Tell me the new user's name or user principal name (e.g. noa.levi@acme.com).");
            return true;
        }

        s.Add(new IntendedStep { Action = DexActions.CreateUser, Target = target, Parameters = parameters, Fields = fields }, [target]);
        s.LastCreate = s.Steps[^1];
        return true;
    }

    // ---- locked accounts ------------------------------------------------------------------------

    private static bool TryListLocked(string c, ParseState s)
    {
        if (!Has(c, LockedGate))
        {
            return false;
        }

        if (!LockedList().IsMatch(c) || UnlockVerb().IsMatch(c) || Email().IsMatch(c))
        {
            return false;
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Department(c) is { } dept)
        {
            parameters["department"] = dept;
        }

        s.Add(new IntendedStep { Action = DexActions.ListLockedUsers, Parameters = parameters }, null);
        return true;
    }

    private static bool TryUnblockSignIn(string c, ParseState s)
    {
        if (!Has(c, SignInGate))
        {
            return false;
        }

        if (!UnblockSignIn().IsMatch(c))
        {
            return false;
        }

        foreach (var t in FindTargets(c, s))
        {
            s.Add(new IntendedStep { Action = DexActions.UnblockSignIn, Target = t }, [t]);
        }

        return true;
    }

    private static bool TryAccountEnabled(string c, ParseState s)
    {
        if (!Has(c, EnabledGate))
        {
            return false;
        }

        bool enabled;
        if (SetAccountEnabled().Match(c) is { Success: true } set)
        {
            enabled = !set.Groups["off"].Success;
        }
        else if (DisableAccount().IsMatch(c) && !MfaWords().IsMatch(c))
        {
            enabled = false;
        }
        else
        {
            return false;
        }

        foreach (var t in FindTargets(c, s))
        {
            s.Add(new IntendedStep
            {
                Action = DexActions.UpdateUser,
                Target = t,
                Fields = new Dictionary<string, string>(StringComparer.Ordinal) { ["accountEnabled"] = enabled ? "true" : "false" },
            }, [t]);
        }

        return true;
    }

    private static bool TryUnlock(string c, ParseState s)
    {
        if (!Has(c, UnlockGate))
        {
            return false;
        }

        if (!UnlockVerb().IsMatch(c) && !LockedOut().IsMatch(c))
        {
            return false;
        }

        if (UnlockVerb().Match(c) is { Success: true, Value: var verb } && verb.Contains("enable", StringComparison.OrdinalIgnoreCase) && MfaWords().IsMatch(c))
        {
            return false;
        }

        List<string> targets;
        var colon = ListAfterColon().Match(c);
        if (colon.Success)
        {
            targets = ListItems(colon.Groups["list"].Value);
        }
        else if (BulkWords().IsMatch(c))
        {
            var tail = BulkWords().Match(c);
            targets = ListItems(c[(tail.Index + tail.Length)..]);
            if (targets.Count == 0)
            {
                s.Note("Paste the accounts to unlock (UPNs or names, one per line or comma-separated).");
                return true;
            }
        }
        else
        {
            targets = FindTargets(c, s);
        }

        if (targets.Count > 1)
        {
            s.Add(new IntendedStep { Action = DexActions.UnlockUser, Targets = targets }, targets);
        }
        else if (targets.Count == 1)
        {
            s.Add(new IntendedStep { Action = DexActions.UnlockUser, Target = targets[0] }, targets);
        }

        return true;
    }

    // ---- password / MFA / photo ----------------------------------------------------------------

    private static bool TryResets(string c, ParseState s)
    {
        if (!Has(c, ResetGate))
        {
            return false;
        }

        var password = PasswordWords().Match(c);
        var mfa = MfaWords().Match(c);
        if (password.Success && PasswordPolicy().IsMatch(c))
        {
            password = Match.Empty;
        }

        if (!password.Success && !mfa.Success)
        {
            return false;
        }

        if (mfa.Success && !password.Success && !MfaReset().IsMatch(c))
        {
            return false;
        }

        var work = c;
        var sendTo = Take(ref work, SendTo()) is { } send ? Person(send) : null;
        var targets = FindTargets(work, s);
        var actions = new List<(int Index, string Action)>();
        if (password.Success)
        {
            actions.Add((password.Index, DexActions.PasswordReset));
        }

        if (mfa.Success)
        {
            actions.Add((mfa.Index, DexActions.MfaReset));
        }

        foreach (var (_, action) in actions.OrderBy(a => a.Index))
        {
            foreach (var t in targets)
            {
                var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
                if (action == DexActions.PasswordReset && sendTo is not null)
                {
                    parameters["sendTo"] = sendTo;
                }

                s.Add(new IntendedStep { Action = action, Target = t, Parameters = parameters }, [t]);
            }
        }

        return true;
    }

    private static bool TryPhoto(string c, ParseState s)
    {
        if (!Has(c, PhotoGate))
        {
            return false;
        }

        if (!PhotoWords().IsMatch(c))
        {
            return false;
        }

        foreach (var t in FindTargets(c, s))
        {
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            if (s.HasAttachment)
            {
                parameters["attachment"] = "true";
            }

            s.Add(new IntendedStep { Action = DexActions.UpdatePhoto, Target = t, Parameters = parameters }, [t]);
        }

        return true;
    }

    // ---- groups ---------------------------------------------------------------------------------

    private static bool TryGroups(string c, ParseState s)
    {
        if (Has(c, UserGroupsGate) && UserGroups().IsMatch(c))
        {
            var who = UserGroupsWho().Match(c) is { Success: true } w ? People(w.Groups["who"].Value, s) : [];
            foreach (var t in who.Count > 0 ? who : FindTargets(c, s))
            {
                s.Add(new IntendedStep { Action = DexActions.ListUserGroups, Target = t }, [t]);
            }

            return true;
        }

        var startsWithWho = StartsWithWho().IsMatch(c);
        if (!startsWithWho && Has(c, CheckGate) && CheckMembership().Match(c) is { Success: true } check)
        {
            var who = People(check.Groups["who"].Value, s);
            var groups = Groups(check.Groups["rest"].Value, s, out _);
            if (who.Count > 0 && groups.Count > 0)
            {
                foreach (var t in who)
                {
                    foreach (var (g, _) in groups)
                    {
                        s.Add(new IntendedStep { Action = DexActions.CheckMembership, Target = t, Parameters = Group(g) }, [t], g);
                    }
                }

                return true;
            }
        }

        foreach (var (regex, revoke, gate) in GroupChanges)
        {
            if (!Has(c, gate))
            {
                continue;
            }

            var m = regex.Match(c);
            if (!m.Success)
            {
                continue;
            }

            var rest = m.Groups["rest"].Value;
            var forWhom = ForWhom().Match(rest);
            string whoText;
            if (forWhom.Success)
            {
                whoText = forWhom.Groups["who"].Value;
                rest = rest[..forWhom.Index];
            }
            else
            {
                whoText = m.Groups["who"].Success ? m.Groups["who"].Value : "me";
            }

            var groups = Groups(rest, s, out var refused);
            if (groups.Count == 0)
            {
                if (refused)
                {
                    return true;
                }

                continue;
            }

            var who = People(whoText, s);
            if (who.Count == 0)
            {
                who = DefaultTargets(c, s);
            }

            foreach (var t in who)
            {
                foreach (var (g, isApp) in groups)
                {
                    var action = revoke ? DexActions.RevokeAccess : DexActions.GrantAccess;
                    var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { [isApp && !revoke ? "app" : "group"] = g };
                    s.Add(new IntendedStep { Action = action, Target = t, Parameters = parameters }, [t], g);
                }
            }

            return true;
        }

        if (Has(c, MembersGate) && Members().Match(c) is { Success: true } members)
        {
            var rest = members.Groups["g"].Success ? members.Groups["g"].Value : c[(members.Index + members.Length)..];
            if (DepartmentWord().IsMatch(rest) && Department(c) is { } dept)
            {
                s.Add(new IntendedStep { Action = DexActions.SearchUsers, Fields = new Dictionary<string, string>(StringComparer.Ordinal) { ["department"] = dept } }, null);
                return true;
            }

            var groups = Groups(rest, s, out _);
            if (groups.Count == 0 && members.Groups["g"].Success)
            {
                groups = Groups(c[(members.Index + members.Length)..], s, out _);
            }

            foreach (var (g, _) in groups)
            {
                s.Add(new IntendedStep { Action = DexActions.ListGroupMembers, Parameters = Group(g) }, null, g);
            }

            if (groups.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static readonly (Regex Regex, bool Revoke, SearchValues<string> Gate)[] GroupChanges =
    [
        (RevokeAccess(), true, Gate("remove", "kick", "take", "drop", "revoke", "delete", "pull", "boot", "throw", "eject", "unenroll", "unsubscribe", "exclude", "cancel", "end ")),
        (Leave(), true, Gate("leave", "quit", "exit", "get out", "removed")),
        (AddTo(), false, Gate("add", "put", "place", "include", "enrol", "insert", "invite", "subscribe", "move", "ad ")),
        (GiveAccess(), false, Gate("make", "grant", "give", "provide", "allow")),
        (RequestAccess(), false, Gate("access", "membership")),
        (Join(), false, Gate("join", "be added", "be in", "be put", "be part", "member of", "get into", "get added", "sign me", "sign up", "let me", "myself")),
    ];

    /// <summary>Group (or app) names in the text after a preposition: quoted names win; otherwise a list split on "and"/commas.</summary>
    private static List<(string Name, bool IsApp)> Groups(string rest, ParseState s, out bool refused)
    {
        refused = false;
        var cut = GroupTail().Match(rest);
        if (cut.Success)
        {
            rest = rest[..cut.Index];
        }

        var appWords = AppWords().IsMatch(rest);
        var names = new List<string>();
        var quoted = Quoted().Matches(rest);
        if (quoted.Count > 0)
        {
            names.AddRange(quoted.Select(q => q.Groups[1].Value.Trim()));
        }
        else
        {
            foreach (var part in ListSplit().Split(rest))
            {
                var name = GroupSuffix().Replace(GroupPrefix().Replace(part.Trim(' ', ',', '.', ':', '?', '!'), string.Empty), string.Empty).Trim(' ', ',', '.', ':', '?', '!');
                if (name.Length > 0 && !RuleLexicon.NotName.Contains(name) && !Pronoun().IsMatch(name))
                {
                    names.Add(name);
                }
            }
        }

        var result = new List<(string, bool)>();
        foreach (var name in names)
        {
            if (name.Length == 0)
            {
                continue;
            }

            if (CatalogueRules.LooksLikeDirectoryRole(name))
            {
                s.Note(RoleNote);
                refused = true;
                continue;
            }

            var isApp = appWords || RuleLexicon.KnownApps.Contains(name);
            result.Add((isApp ? AppSuffix().Replace(name, string.Empty).Trim() : name, isApp));
        }

        if (result.Count == 0 && !refused && ItOrThem().IsMatch(rest) && s.LastGroups.Count > 0)
        {
            result.AddRange(s.LastGroups.Select(g => (g, false)));
        }

        return result;
    }

    // Cheap keyword gates (multi-string search) so that a clause only meets the patterns it could match.
    private static bool Has(string c, SearchValues<string> gate) => c.AsSpan().ContainsAny(gate);

    private static SearchValues<string> Gate(params string[] words) => SearchValues.Create(words, StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> InjectionGate = Gate("ignore", "disregard", "forget", "override", "bypass", "you are now", "act as", "pretend", "developer mode", "jailbreak", "system prompt", "without");
    private static readonly SearchValues<string> RoleGate = Gate("admin", "role", "pim", "super", "root", "god mode");
    private static readonly SearchValues<string> OutOfCatalogueGate = Gate("delete", "deprovision", "terminate", "offboard", "destroy", "purge", "erase", "remove", "licen", "group", "team", "distribution", "owner");
    private static readonly SearchValues<string> CreateGate = Gate("creat", "provision", "set up", "setup", "onboard", "new ");
    private static readonly SearchValues<string> LockedGate = Gate("locked", "disabled", "blocked", "deactivated", "inactive", "suspended", "lock-out", "lockout");
    private static readonly SearchValues<string> SignInGate = Gate("sign", "log", "risk", "flagged", "identity protection", "dismiss", "safe");
    private static readonly SearchValues<string> EnabledGate = Gate("enabled", "disable", "deactivate", "suspend", "block");
    private static readonly SearchValues<string> UnlockGate = Gate("unlock", "enable", "activate", "suspend", "unblock", "locked", "lock-out", "turn", "restore");
    private static readonly SearchValues<string> ResetGate = Gate("pass", "sspr", "credential", "mfa", "2fa", "factor", "step", "authenticator", "auth", "security info", "otp", "verification");
    private static readonly SearchValues<string> PhotoGate = Gate("photo", "picture", "pic", "avatar", "headshot", "image", "pfp");
    private static readonly SearchValues<string> UserGroupsGate = Gate("group", "member of");
    private static readonly SearchValues<string> CheckGate = Gate("is ", "are ", "am ", "does ", "do ");
    private static readonly SearchValues<string> MembersGate = Gate("who", "member", "roster", "everyone", "everybody", "list", "show");
    private static readonly SearchValues<string> FieldGate = Gate("mobile", "cell", "phone", "office", "location", "title", "position", "department", "dept", "division", "name", "upn", "mail", "employee", "company", "city", "country", "state", "address", "postal", "zip", "language", "polic", "enabled", "fax", "landline", "desk", "mov", "relocat", "transfer", "promot", "surname");
    private static readonly SearchValues<string> FieldToGate = Gate(" to ", ":", "=", " as ", "->");
    private static readonly SearchValues<string> FieldIsGate = Gate(" is ", " be ", "changed to");
    private static readonly SearchValues<string> MovedGate = Gate("mov", "relocat", "transfer");
    private static readonly SearchValues<string> PromotedGate = Gate("promot");
    private static readonly SearchValues<string> ProfileGate = Gate("profile", "role", "detail", "info", "status", "about", "who", "what", "show", "view", "display", "pull up");
    private static readonly SearchValues<string> DiscoverGate = Gate("discover", "scan", "enumerate", "inventory", "approver", "directory role", "enterprise", "licen", "sku", "service principal", "roles", "admin", "groups");
    private static readonly SearchValues<string> SearchGate = Gate("find", "search", "look", "locate", "query", "who", "list", "show", "users", "people", "employees", "anyone", "everyone");
    private static readonly SearchValues<string> NamedGate = Gate("named", "called", "name is", "by the name");

    // FieldIs only after "my/his/her/their" or a possessive: the person stays in the text for FindTargets.
    private static readonly SearchValues<string> OwnerGate = Gate("my ", "his ", "her ", "their ", "'s ");

    private static Dictionary<string, string> Group(string g) => new(StringComparer.Ordinal) { ["group"] = g };

    // ---- profile fields ---------------------------------------------------------------------------

    private static bool TryFieldUpdate(string c, ParseState s)
    {
        if (!Has(c, FieldGate))
        {
            return false;
        }

        var work = c;
        var fields = TakeFields(ref work);
        string? explicitTarget = null;
        foreach (var (prop, value, who) in ReverseAndMoves(ref work))
        {
            fields.TryAdd(prop, value);
            explicitTarget ??= who;
        }

        if (fields.Count == 0)
        {
            return false;
        }

        // "..., set office to NYC" right after a create_user request belongs to that new user.
        if (s.LastCreate is { } created && explicitTarget is null && !Self().IsMatch(work) && Email().Count(work) == 0)
        {
            var merged = new Dictionary<string, string>(created.Fields, StringComparer.Ordinal);
            foreach (var (k, v) in fields)
            {
                merged.TryAdd(k, v);
            }

            s.Steps[s.Steps.IndexOf(created)] = s.LastCreate = created with { Fields = merged };
            return true;
        }

        var targets = explicitTarget is not null ? [explicitTarget] : FindTargets(work, s);
        var action = fields.Keys.All(CatalogueRules.ProfileFields.Contains) ? DexActions.UpdateUserProfile : DexActions.UpdateUser;
        foreach (var t in targets)
        {
            s.Add(new IntendedStep { Action = action, Target = t, Fields = fields }, [t]);
        }

        return true;
    }

    private static Dictionary<string, string> TakeFields(ref string work)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var matches = Has(work, FieldToGate) ? FieldTo().Matches(work) : null;
        if (matches is null || matches.Count == 0)
        {
            return fields;
        }

        foreach (Match m in matches)
        {
            var prop = FieldProperty(m.Groups["f"].Value);
            var value = Clean(m.Groups["v"].Value);
            if (prop is null || value.Length == 0 || !Plausible(prop, value))
            {
                continue;
            }

            fields.TryAdd(prop, prop == "accountEnabled" ? Bool(value) : value);
        }

        if (fields.Count > 0)
        {
            work = FieldTo().Replace(work, m => m.Groups["t"].Success ? " for " + m.Groups["t"].Value + " " : " ");
        }

        return fields;
    }

    private static List<(string Property, string Value, string? Who)> ReverseAndMoves(ref string work)
    {
        var found = new List<(string, string, string?)>();
        foreach (Match m in Has(work, FieldIsGate) && Has(work, OwnerGate) ? FieldIs().Matches(work) : Enumerable.Empty<Match>())
        {
            var prop = FieldProperty(m.Groups["f"].Value);
            var value = Clean(m.Groups["v"].Value);
            if (prop is not null && value.Length > 0 && Plausible(prop, value))
            {
                found.Add((prop, value, WhoOf(m.Groups["who"].Value)));
            }
        }

        foreach (Match m in Has(work, MovedGate) ? FieldMoved().Matches(work) : Enumerable.Empty<Match>())
        {
            if (FieldProperty(m.Groups["f"].Value) is { } prop)
            {
                found.Add((prop, Clean(m.Groups["v"].Value), WhoOf(m.Groups["who"].Value)));
            }
        }

        if (found.Count > 0)
        {
            work = FieldMoved().Replace(work, " ");
        }

        foreach (Match m in Has(work, MovedGate) ? MovedTo().Matches(work) : Enumerable.Empty<Match>())
        {
            var prop = m.Groups["kind"].Value.StartsWith("off", StringComparison.OrdinalIgnoreCase) ? "officeLocation" : "department";
            found.Add((prop, Clean(m.Groups["v"].Value), WhoOf(m.Groups["who"].Value)));
        }

        foreach (Match m in Has(work, PromotedGate) ? Promoted().Matches(work) : Enumerable.Empty<Match>())
        {
            found.Add(("jobTitle", Clean(m.Groups["v"].Value), WhoOf(m.Groups["who"].Value)));
        }

        if (found.Count > 0)
        {
            work = Promoted().Replace(MovedTo().Replace(FieldIs().Replace(work, " "), " "), " ");
        }

        return found;
    }

    // "my" → me, "tom's" / "tom" → tom, pronouns → null (the pronoun rules in FindTargets handle them).
    private static string? WhoOf(string raw)
    {
        var v = Clean(raw);
        if (v.Length == 0 || Pronoun().IsMatch(v))
        {
            return null;
        }

        if (Email().Match(v) is { Success: true } e)
        {
            return e.Value.ToLowerInvariant();
        }

        if (SelfOnly().IsMatch(v))
        {
            return "me";
        }

        return NameFromEnd(v.EndsWith("'s", StringComparison.OrdinalIgnoreCase) ? v[..^2] : v);
    }

    private static bool Plausible(string prop, string value) => prop switch
    {
        "mobilePhone" or "businessPhones" or "faxNumber" => value.Count(char.IsDigit) >= 5,
        "mail" or "userPrincipalName" => value.Contains('@', StringComparison.Ordinal),
        "accountEnabled" => BoolWord().IsMatch(value),
        "usageLocation" => value.Length is >= 2 and <= 40,
        _ => value.Length <= 128 && !value.Equals("it", StringComparison.OrdinalIgnoreCase),
    };

    private static string Bool(string value) =>
        value.Trim().ToLowerInvariant() is "true" or "yes" or "on" or "enabled" or "enable" or "1" ? "true" : "false";

    private static string? FieldProperty(string f)
    {
        var k = Spaces().Replace(f.Trim().ToLowerInvariant(), " ");
        return k switch
        {
            "mobile phone" or "mobile number" or "cellphone" or "cell phone" or "cell number" or "mobile" or "cell" or "phone number" or "phone" or "mobile phone number" => "mobilePhone",
            "business phone" or "business phones" or "work phone" or "office phone" or "desk phone" or "work number" or "office number" or "landline" or "business number" or "work phone number" or "office phone number" or "business phone number" => "businessPhones",
            "office location" or "office" or "desk location" or "location" or "desk" => "officeLocation",
            "usage location" => "usageLocation",
            "job title" or "title" or "position" or "jobtitle" => "jobTitle",
            "department" or "dept" or "division" => "department",
            "display name" or "full name" or "name" or "displayname" => "displayName",
            "first name" or "given name" or "givenname" => "givenName",
            "last name" or "surname" or "family name" => "surname",
            "upn" or "user principal name" or "userprincipalname" => "userPrincipalName",
            "email" or "e-mail" or "email address" or "e-mail address" or "mail" => "mail",
            "employee id" or "employeeid" => "employeeId",
            "employee type" => "employeeType",
            "company" or "company name" => "companyName",
            "city" => "city",
            "country" => "country",
            "state" => "state",
            "street address" or "address" => "streetAddress",
            "postal code" or "zip" or "zip code" => "postalCode",
            "preferred language" or "language" => "preferredLanguage",
            "password policy" or "password policies" or "passwordpolicies" => "passwordPolicies",
            "account enabled" or "accountenabled" => "accountEnabled",
            "fax" or "fax number" => "faxNumber",
            _ => null,
        };
    }

    // ---- reads ------------------------------------------------------------------------------------

    private static bool TryViewProfile(string c, ParseState s)
    {
        if (!Has(c, ProfileGate))
        {
            return false;
        }

        if (WhoIs().Match(c) is { Success: true } whoIs && People(whoIs.Groups["who"].Value, s) is { Count: > 0 } people)
        {
            foreach (var t in people)
            {
                s.Add(new IntendedStep { Action = DexActions.ViewProfile, Target = t }, [t]);
            }

            return true;
        }

        if (!ProfileView().IsMatch(c) || DiscoverStrong().IsMatch(c))
        {
            return false;
        }

        if (UpdateVerb().IsMatch(c))
        {
            s.Note("Tell me which profile field to change and its new value (phone, office, job title or department).");
            return true;
        }

        foreach (var t in FindTargets(c, s))
        {
            s.Add(new IntendedStep { Action = DexActions.ViewProfile, Target = t }, [t]);
        }

        return true;
    }

    private static bool TryDiscover(string c, ParseState s)
    {
        if (!Has(c, DiscoverGate))
        {
            return false;
        }

        if (!DiscoverStrong().IsMatch(c) && !DiscoverWeak().IsMatch(c))
        {
            return false;
        }

        s.Add(new IntendedStep { Action = DexActions.Discover }, null);
        return true;
    }

    private static bool TrySearch(string c, ParseState s)
    {
        if (!Has(c, SearchGate))
        {
            return false;
        }

        if (!SearchVerb().IsMatch(c))
        {
            return false;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var email = Email().Match(c);
        if (email.Success)
        {
            var key = UpnWord().IsMatch(c) ? "userPrincipalName" : MailWord().IsMatch(c) ? "mail" : "userPrincipalName";
            fields[key] = email.Value.ToLowerInvariant();
        }

        if (SearchTitle().Match(c) is { Success: true } title)
        {
            fields["jobTitle"] = Clean(title.Groups["v"].Value);
        }

        if (Department(c) is { } dept)
        {
            fields["department"] = dept;
        }

        if (!email.Success && SearchName().Match(c) is { Success: true } name && !RuleLexicon.NotName.Contains(Clean(name.Groups["v"].Value)))
        {
            fields["displayName"] = Clean(name.Groups["v"].Value);
        }

        if (EnabledWord().Match(c) is { Success: true } enabled)
        {
            fields["accountEnabled"] = enabled.Value.StartsWith("dis", StringComparison.OrdinalIgnoreCase) || enabled.Value.StartsWith("in", StringComparison.OrdinalIgnoreCase) ? "false" : "true";
        }

        if (fields.Count == 0)
        {
            s.Note("Tell me what to search by: name, UPN, e-mail, department, job title or account status.");
            return true;
        }

        s.Add(new IntendedStep { Action = DexActions.SearchUsers, Fields = fields }, null);
        return true;
    }

    // "If not, add him." / "Do the same for tom": reuse the previous group or action.
    private static bool TryContinuation(string c, ParseState s)
    {
        if (SameFor().Match(c) is { Success: true } same && s.Steps.Count > 0)
        {
            var previous = s.Steps[^1];
            if (previous.Target is null)
            {
                return false;
            }

            foreach (var t in People(same.Groups["who"].Value, s))
            {
                s.Add(previous with { Target = t, Targets = [] }, [t]);
            }

            return true;
        }

        if (AddPronoun().Match(c) is { Success: true } add && s.LastGroups.Count > 0)
        {
            foreach (var t in People(add.Groups["who"].Value, s))
            {
                foreach (var g in s.LastGroups.ToArray())
                {
                    s.Add(new IntendedStep { Action = add.Groups["rm"].Success ? DexActions.RevokeAccess : DexActions.GrantAccess, Target = t, Parameters = Group(g) }, [t], g);
                }
            }

            return true;
        }

        return false;
    }

    // ---- people -----------------------------------------------------------------------------------

    /// <summary>The person (or people) a clause is about: e-mails, "named X", X's, "for X", "unlock X", "X is locked out", then me/pronouns.</summary>
    private static List<string> FindTargets(string c, ParseState s)
    {
        var emails = Emails(c);
        if (emails.Count > 0)
        {
            return emails;
        }

        if (Has(c, NamedGate) && NamedOrCalled().Match(c) is { Success: true } named)
        {
            return [Clean(named.Groups["v"].Value)];
        }

        if (PossessiveName(c) is { } owner)
        {
            return [owner];
        }

        foreach (Match m in ForWhomAnywhere().Matches(c))
        {
            var names = NameList(c[(m.Index + m.Length)..], s);
            if (names.Count > 0)
            {
                return names;
            }
        }

        foreach (Match m in VerbObject().Matches(c))
        {
            var names = NameList(c[(m.Index + m.Length)..], s);
            if (names.Count > 0)
            {
                return names;
            }
        }

        if (Subject().Match(c) is { Success: true } subject && NameRun(subject.Groups["who"].Value, out _) is { } subjectName)
        {
            return [subjectName];
        }

        return DefaultTargets(c, s);
    }

    private static List<string> DefaultTargets(string c, ParseState s)
    {
        if (Self().IsMatch(c))
        {
            return ["me"];
        }

        if (Pronoun().IsMatch(c) && s.LastTargets.Count > 0)
        {
            return [.. s.LastTargets];
        }

        return ["me"];
    }

    /// <summary>People named in a short span ("tom and priya", "me", "sarah@acme.com", "him").</summary>
    private static List<string> People(string span, ParseState s)
    {
        var emails = Emails(span);
        if (emails.Count > 0)
        {
            return emails;
        }

        if (NamedOrCalled().Match(span) is { Success: true } named)
        {
            return [Clean(named.Groups["v"].Value)];
        }

        var quoted = Quoted().Matches(span);
        if (quoted.Count > 0)
        {
            return [.. quoted.Select(q => q.Groups[1].Value.Trim())];
        }

        var names = NameList(span, s);
        if (names.Count > 0)
        {
            return names;
        }

        if (Self().IsMatch(span))
        {
            return ["me"];
        }

        return Pronoun().IsMatch(span) && s.LastTargets.Count > 0 ? [.. s.LastTargets] : [];
    }

    private static List<string> NameList(string rest, ParseState s)
    {
        var result = new List<string>();
        foreach (var piece in ListSplit().Split(rest))
        {
            var p = piece.Trim();
            if (p.Length == 0)
            {
                continue;
            }

            if (SelfOnly().IsMatch(p))
            {
                result.Add("me");
                continue;
            }

            if (PronounOnly().IsMatch(p) && s.LastTargets.Count > 0)
            {
                result.AddRange(s.LastTargets);
                continue;
            }

            var name = NameRun(p, out var whole);
            if (name is null)
            {
                break;
            }

            result.Add(name);
            if (!whole)
            {
                break;
            }
        }

        return result;
    }

    private static List<string> ListItems(string list)
    {
        var result = new List<string>();
        foreach (var piece in ListSplit().Split(list))
        {
            var p = piece.Trim(' ', '-', '*', '.', '\u2022');
            var email = Email().Match(p);
            var item = email.Success ? email.Value.ToLowerInvariant() : NameRun(p, out _);
            if (item is not null && !result.Contains(item))
            {
                result.Add(item);
            }
        }

        return result;
    }

    /// <summary>Up to three name-like words at the start of a piece, after "the user" and similar; null when none.</summary>
    private static string? NameRun(string piece, out bool whole)
    {
        whole = false;
        var tokens = piece.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var i = 0;
        while (i < tokens.Length && LeadWords.Contains(tokens[i]))
        {
            i++;
        }

        var taken = new List<string>(3);
        var stopped = false;
        for (; i < tokens.Length && taken.Count < 3; i++)
        {
            var token = tokens[i].TrimEnd('?', '!', ',', '.', ':', ';', ')');
            var possessive = token.EndsWith("'s", StringComparison.OrdinalIgnoreCase) && token.Length > 2;
            if (possessive)
            {
                token = token[..^2];
            }

            if (!NameToken().IsMatch(token) || RuleLexicon.NotName.Contains(token))
            {
                stopped = true;
                break;
            }

            taken.Add(token);
            if (possessive || tokens[i].Length != token.Length)
            {
                stopped = i + 1 < tokens.Length || possessive;
                i++;
                break;
            }
        }

        if (taken.Count == 0)
        {
            return null;
        }

        whole = !stopped && i >= tokens.Length;
        return string.Join(' ', taken);
    }

    // "Kevin O'Brien's password" → "Kevin O'Brien": the name words right before the first usable 's.
    private static string? PossessiveName(string c)
    {
        for (var at = c.IndexOf("'s", StringComparison.OrdinalIgnoreCase); at > 0; at = c.IndexOf("'s", at + 2, StringComparison.OrdinalIgnoreCase))
        {
            if (at + 2 < c.Length && char.IsLetterOrDigit(c[at + 2]))
            {
                continue;
            }

            var from = Math.Max(0, at - 80);
            if (NameFromEnd(c[from..at]) is { } name)
            {
                return name;
            }
        }

        return null;
    }

    private static string? NameFromEnd(string text)
    {
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var taken = new List<string>(3);
        for (var i = tokens.Length - 1; i >= 0 && taken.Count < 3; i--)
        {
            var token = tokens[i].Trim('"');
            if (!NameToken().IsMatch(token) || RuleLexicon.NotName.Contains(token))
            {
                break;
            }

            taken.Insert(0, token);
        }

        return taken.Count == 0 ? null : string.Join(' ', taken);
    }

    private static readonly HashSet<string> LeadWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "user", "users", "account", "accounts", "employee", "colleague", "person", "mr", "mr.", "ms",
        "ms.", "mrs", "mrs.", "dr", "dr.", "our", "new", "named", "called", "member", "of", "for",
    };

    /// <summary>A person value (manager, send to): e-mail lower-cased, "me", or a name as written.</summary>
    private static string? Person(string raw)
    {
        var v = Clean(raw);
        if (v.Length == 0)
        {
            return null;
        }

        if (Email().Match(v) is { Success: true } e)
        {
            return e.Value.ToLowerInvariant();
        }

        if (SelfOnly().IsMatch(v))
        {
            return "me";
        }

        return RuleLexicon.NotName.Contains(v) ? null : v;
    }

    private static List<string> Emails(string text)
    {
        var list = new List<string>();
        foreach (Match m in Email().Matches(text))
        {
            var e = m.Value.TrimEnd('.').ToLowerInvariant();
            if (!list.Contains(e))
            {
                list.Add(e);
            }
        }

        return list;
    }

    private static string? Department(string c)
    {
        foreach (var regex in DepartmentPatterns)
        {
            var m = regex.Match(c);
            if (m.Success)
            {
                var d = Clean(m.Groups["d"].Value);
                if (d.Length > 0 && !NotDepartment.Contains(d))
                {
                    return d;
                }
            }
        }

        return null;
    }

    private static readonly Regex[] DepartmentPatterns = [DeptIn(), DeptNamed(), DeptInEnd()];

    private static readonly HashSet<string> NotDepartment = new(StringComparer.OrdinalIgnoreCase)
    {
        "entra", "entra id", "azure", "azure ad", "ad", "the", "my", "our", "this", "that", "total", "the tenant", "tenant",
        "directory", "the directory", "microsoft 365", "m365", "it all", "all", "a", "an", "this list", "the list", "it", "them",
    };

    /// <summary>Removes the first match of a pattern and returns its "v" group (or "t\u0001d" for title+department).</summary>
    private static string? Take(ref string work, Regex regex)
    {
        var m = regex.Match(work);
        if (!m.Success)
        {
            return null;
        }

        work = work[..m.Index] + " " + work[(m.Index + m.Length)..];
        return m.Groups["t"].Success && m.Groups["d"].Success ? m.Groups["t"].Value + "\u0001" + m.Groups["d"].Value : m.Groups["v"].Value;
    }

    private static string Clean(string v)
    {
        var t = v.Trim().Trim(',', ';', ':', '.', '!', '?').Trim();
        if (t.Length >= 2 && t[0] == '"' && t[^1] == '"')
        {
            t = t[1..^1].Trim();
        }

        t = t.Trim('"').Trim();
        return t.Contains('\n', StringComparison.Ordinal) ? Spaces().Replace(t, " ") : t;
    }

    private static List<IntendedStep> Dedupe(List<IntendedStep> steps)
    {
        var result = new List<IntendedStep>(steps.Count);
        foreach (var step in steps)
        {
            if (!result.Any(r => Same(r, step)))
            {
                result.Add(step);
            }
        }

        return result;
    }

    /// <summary>Value equality of two steps (records compare dictionaries by reference).</summary>
    public static bool Same(IntendedStep a, IntendedStep b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Action == b.Action
            && string.Equals(a.Target, b.Target, StringComparison.Ordinal)
            && a.Targets.SequenceEqual(b.Targets, StringComparer.Ordinal)
            && SameMap(a.Parameters, b.Parameters)
            && SameMap(a.Fields, b.Fields);

        static bool SameMap(IReadOnlyDictionary<string, string> x, IReadOnlyDictionary<string, string> y) =>
            x.Count == y.Count && x.All(kv => y.TryGetValue(kv.Key, out var v) && string.Equals(v, kv.Value, StringComparison.Ordinal));
    }

    private sealed class ParseState(bool hasAttachment)
    {
        public bool HasAttachment { get; } = hasAttachment;

        public List<IntendedStep> Steps { get; } = [];

        public List<string> Notes { get; } = [];

        public List<string> LastTargets { get; private set; } = [];

        public List<string> LastGroups { get; } = [];

        public IntendedStep? LastCreate { get; set; }

        public void Add(IntendedStep step, List<string>? targets, string? group = null)
        {
            Steps.Add(step);
            if (targets is { Count: > 0 } && !(targets.Count == 1 && targets[0] == "me"))
            {
                LastTargets = targets;
            }

            if (group is not null)
            {
                if (Steps.Count < 2 || Steps[^2].Parameters.GetValueOrDefault("group") is null || Steps[^2].Action != step.Action)
                {
                    LastGroups.Clear();
                }

                if (!LastGroups.Contains(group))
                {
                    LastGroups.Add(group);
                }
            }
        }

        public void Note(string note) => Notes.Add(note);
    }
}
