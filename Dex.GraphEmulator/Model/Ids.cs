using System.Security.Cryptography;
using System.Text;

namespace Dex.GraphEmulator.Model;

/// <summary>Deterministic ids: the same tenant file always yields the same GUIDs.</summary>
internal static class Ids
{
    public const string PasswordMethodId = "28c10230-6103-485e-b985-444c60001490";
    public const string MobilePhoneMethodId = "3179e48a-750b-4051-897c-87b9720928f7";
    public const string AlternateMobilePhoneMethodId = "b6332ec1-7057-4abe-9331-3d72feddfe41";
    public const string OfficePhoneMethodId = "e37fc753-ff3b-4958-9484-eaa9425c82bc";
    public const string DefaultAppRoleId = "00000000-0000-0000-0000-000000000000";

    public static string For(string kind, string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(kind + ":" + key.ToLowerInvariant()), hash);
        // Stamp version 8 / RFC variant bits so the value looks like an ordinary GUID.
        hash[7] = (byte)((hash[7] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16]).ToString("D");
    }

    public static bool IsGuid(string value) => Guid.TryParse(value, out _);
}

/// <summary>Built-in Entra role names and their fixed template ids (the same in every tenant).</summary>
internal static class RoleTemplates
{
    public static readonly IReadOnlyDictionary<string, string> ByName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Global Administrator"] = "62e90394-69f5-4237-9190-012177145e10",
        ["Privileged Role Administrator"] = "e8611ab8-c189-46e8-94e1-60213ab1f814",
        ["Privileged Authentication Administrator"] = "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
        ["Authentication Administrator"] = "c4e39bd9-1100-46d3-8c65-fb160da0071f",
        ["User Administrator"] = "fe930be7-5e62-47db-91af-98c3a49a38b1",
        ["Helpdesk Administrator"] = "729827e3-9c14-49f7-bb1b-9608f156bbb8",
        ["Password Administrator"] = "966707d0-3269-4727-9be2-8c3a10f19b9d",
        ["Security Administrator"] = "194ae4cb-b126-40b2-bd5b-6091b380977d",
        ["Global Reader"] = "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
        ["Security Reader"] = "5d6b6bb7-de71-4623-b4af-96380a352509",
        ["Groups Administrator"] = "fdd7a751-b60b-444a-984c-02652fe8fa1c",
        ["Application Administrator"] = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
        ["Cloud Application Administrator"] = "158c047a-c907-4556-b7ef-446551a6b5f7",
        ["Exchange Administrator"] = "29232cdf-9323-42fd-ade2-1d097af3e4de",
        ["SharePoint Administrator"] = "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
        ["Conditional Access Administrator"] = "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
        ["License Administrator"] = "4d6ac14f-3453-41d0-bef9-a3e0c569773a",
        ["Billing Administrator"] = "b0f54661-2d74-4c50-afa3-1ec803f12efe",
        ["Directory Readers"] = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
        ["Directory Writers"] = "9360feb5-f418-4baa-8175-e2a00bac4301",
        ["Reports Reader"] = "4a5d8f65-41da-4de4-8968-e035b65339cf",
        ["Guest Inviter"] = "95e79109-95c0-4d8e-aee3-d01accf2d47b",
        ["Message Center Reader"] = "790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b",
    };
}
