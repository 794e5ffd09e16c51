namespace Dex.GraphEmulator.Model;

/// <summary>
/// Deterministic bulk people and groups ("users=50000,groups=5000,seed=42"), added on top of a tenant file so
/// the named people of the file still exist. Same spec, same output, on every machine.
/// </summary>
internal static class TenantGenerator
{
    private static readonly string[] First = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
        "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos", "Karen", "Noa", "Yuki", "Amir", "Fatima",
        "Wei", "Olga", "Raj", "Ines", "Lars", "Chloe", "Mateo", "Aisha", "Hiro", "Zoe", "Ivan", "Lea", "Omar", "Mia", "Tariq", "Emma"];

    private static readonly string[] Last = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Levi", "Tanaka", "Khan",
        "Chen", "Ivanova", "Patel", "Silva", "Larsen", "Dubois", "Rossi", "Nakamura", "Novak", "Cohen", "Müller", "Kowalski", "Haddad"];

    private static readonly string[] Departments = ["Sales", "Marketing", "Finance", "R&D", "IT", "HR", "Legal", "Operations", "Support", "Product"];
    private static readonly string[] Titles = ["Analyst", "Engineer", "Specialist", "Manager", "Coordinator", "Consultant", "Associate", "Lead"];
    private static readonly string[] Offices = ["NYC", "SF HQ - Floor 2", "TLV", "London", "Berlin", "Tokyo", "Remote"];
    private static readonly string[][] MethodSets =
    [
        ["password", "microsoftAuthenticator"],
        ["password", "phone"],
        ["password", "microsoftAuthenticator", "phone"],
        ["password"],
        ["password", "microsoftAuthenticator", "fido2"],
        ["password", "softwareOath", "email"],
    ];

    public static (int Users, int Groups, int Seed) ParseSpec(string spec)
    {
        int users = 0, groups = 0, seed = 42;
        foreach (var part in spec.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (kv.Length != 2)
            {
                throw new ArgumentException($"generate: '{part}' is not key=value (expected e.g. users=50000,groups=5000,seed=42)");
            }

            switch (kv[0].ToLowerInvariant())
            {
                case "users": users = TenantLoader.ParseInt(kv[1], kv[0]); break;
                case "groups": groups = TenantLoader.ParseInt(kv[1], kv[0]); break;
                case "seed": seed = TenantLoader.ParseInt(kv[1], kv[0]); break;
                default: throw new ArgumentException($"generate: unknown key '{kv[0]}' (expected users, groups, seed)");
            }
        }

        return (users, groups, seed);
    }

    public static TenantFile Apply(TenantFile baseFile, string spec)
    {
        var (userCount, groupCount, seed) = ParseSpec(spec);
        var rng = new Random(seed);
        var domain = baseFile.Domain ?? "acme.com";
        var users = new List<UserFile>((baseFile.Users?.Count ?? 0) + userCount);
        users.AddRange(baseFile.Users ?? []);
        var generatedUpns = new string[userCount];

        // One manager per ~10 people: the first tenth of the generated users manage the rest.
        var managers = Math.Max(1, userCount / 10);
        for (var i = 0; i < userCount; i++)
        {
            var first = First[rng.Next(First.Length)];
            var last = Last[rng.Next(Last.Length)];
            var dept = Departments[rng.Next(Departments.Length)];
            var upn = $"{Ascii(first)}.{Ascii(last)}.{i + 1}@{domain}".ToLowerInvariant();
            generatedUpns[i] = upn;
            var risky = rng.Next(200) == 0;
            users.Add(new UserFile
            {
                UserPrincipalName = upn,
                DisplayName = $"{first} {last}",
                GivenName = first,
                Surname = last,
                Department = dept,
                JobTitle = i < managers ? $"{dept} Manager" : $"{dept} {Titles[rng.Next(Titles.Length)]}",
                OfficeLocation = Offices[rng.Next(Offices.Length)],
                MobilePhone = rng.Next(3) == 0 ? null : $"+1 555 {rng.Next(1000):D3} {rng.Next(10000):D4}",
                UsageLocation = "US",
                AccountEnabled = rng.Next(25) != 0,
                Manager = i >= managers ? generatedUpns[rng.Next(managers)] : null,
                AuthenticationMethods = [.. MethodSets[rng.Next(MethodSets.Length)]],
                Risk = risky ? new RiskFile { RiskLevel = rng.Next(2) == 0 ? "medium" : "high", RiskState = "atRisk" } : null,
            });
        }

        var groups = new List<GroupFile>((baseFile.Groups?.Count ?? 0) + groupCount);
        groups.AddRange(baseFile.Groups ?? []);
        for (var i = 0; i < groupCount; i++)
        {
            var dept = Departments[rng.Next(Departments.Length)];
            var m365 = rng.Next(3) == 0;
            var size = userCount == 0 ? 0 : Math.Min(userCount, 1 + rng.Next(40));
            var members = new HashSet<string>(StringComparer.Ordinal);
            for (var k = 0; k < size; k++)
            {
                members.Add(generatedUpns[rng.Next(userCount)]);
            }

            groups.Add(new GroupFile
            {
                DisplayName = $"{dept}-{(m365 ? "Team" : "Access")}-{i + 1:D5}",
                Description = $"Generated {(m365 ? "Microsoft 365" : "security")} group for {dept}",
                Kind = m365 ? "m365" : "security",
                Members = [.. members],
                Owners = userCount == 0 ? [] : [generatedUpns[rng.Next(Math.Max(1, managers))]],
            });
        }

        return baseFile with { Users = users, Groups = groups };
    }

    private static string Ascii(string s) => new(s.Normalize(System.Text.NormalizationForm.FormD).Where(char.IsAsciiLetter).ToArray());
}
