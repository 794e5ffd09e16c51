namespace Dex.GraphEmulator.Model;

/// <summary>
/// Real skuIds and service plans of common licences (Microsoft's product names and service plan identifiers table),
/// so discovery and licence code see familiar values. A tenant file may give any other SKU; it then gets one plan.
/// </summary>
internal static class KnownSkus
{
    public sealed record Sku(string SkuId, string[] Plans, string[]? MutuallyExclusiveWith = null, string[]? Requires = null);

    public static readonly IReadOnlyDictionary<string, string> PlanIds = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["EXCHANGE_S_ENTERPRISE"] = "efb87545-963c-4e0d-99df-69c6916d9eb0",
        ["EXCHANGE_S_STANDARD"] = "9aaf7827-d63c-4b61-89c3-182f06f82e5c",
        ["SHAREPOINTENTERPRISE"] = "5dbe027f-2339-4123-9542-606e4d348a72",
        ["TEAMS1"] = "57ff2da0-773e-42df-b2af-ffb7a2317929",
        ["OFFICESUBSCRIPTION"] = "43de0ff5-c92c-492b-9116-175376d08c38",
        ["MCOSTANDARD"] = "0feaeb32-d00e-4d66-bd5a-43b5b83db82c",
        ["MCOEV"] = "4828c8ec-dc2e-4779-b502-87ac9ce28ab7",
        ["AAD_PREMIUM"] = "41781fb2-bc02-4b7c-bd55-b576c07bb09d",
        ["AAD_PREMIUM_P2"] = "eec0eb4f-6444-4f95-aba0-50c24d67f998",
        ["INTUNE_A"] = "c1ec4a95-1f05-45b3-a911-aa3fa01094f5",
        ["BI_AZURE_P2"] = "70d33638-9c74-4d01-bfd3-562de28bd4ba",
        ["VISIO_CLIENT_SUBSCRIPTION"] = "663a804f-1c30-4ff0-9915-9db84f0d1cea",
    };

    private static readonly string[] E3Plans = ["EXCHANGE_S_ENTERPRISE", "SHAREPOINTENTERPRISE", "TEAMS1", "OFFICESUBSCRIPTION", "MCOSTANDARD"];
    private static readonly string[] Bases = ["SPE_E3", "SPE_E5", "ENTERPRISEPACK", "ENTERPRISEPREMIUM"];

    public static readonly IReadOnlyDictionary<string, Sku> ByPartNumber = new Dictionary<string, Sku>(StringComparer.OrdinalIgnoreCase)
    {
        ["SPE_E5"] = new("06ebc4ee-1bb5-47dd-8120-11324bc54e06", [.. E3Plans, "MCOEV", "AAD_PREMIUM", "AAD_PREMIUM_P2", "INTUNE_A", "BI_AZURE_P2"]),
        ["SPE_E3"] = new("05e9a617-0261-4cee-bb44-138d3ef5d965", [.. E3Plans, "AAD_PREMIUM", "INTUNE_A"]),
        ["ENTERPRISEPACK"] = new("6fd2c87f-b296-42f0-b197-1e91e994b900", E3Plans),
        ["ENTERPRISEPREMIUM"] = new("c7df2760-2c81-4ef7-b578-5b5392b571df", [.. E3Plans, "MCOEV", "BI_AZURE_P2"]),
        ["EMS"] = new("efccb6f7-5641-4e0e-bd10-b4976e1bf68e", ["AAD_PREMIUM", "INTUNE_A"]),
        ["EMSPREMIUM"] = new("b05e124f-c7cc-45a0-a6aa-8cf78c946968", ["AAD_PREMIUM", "AAD_PREMIUM_P2", "INTUNE_A"]),
        ["AAD_PREMIUM"] = new("078d2b04-f1bd-4111-bbd4-b4b1b354cef4", ["AAD_PREMIUM"]),
        ["AAD_PREMIUM_P2"] = new("84a661c4-e949-4bd2-a560-ed7766fcaf2b", ["AAD_PREMIUM", "AAD_PREMIUM_P2"]),
        ["VISIOCLIENT"] = new("c5928f49-12ba-48f7-ada3-0d743a3601d5", ["VISIO_CLIENT_SUBSCRIPTION"]),
        ["POWER_BI_PRO"] = new("f8a1db68-be16-40ed-86d5-cb42ce701560", ["BI_AZURE_P2"]),
        ["EXCHANGESTANDARD"] = new("4b9405b0-7788-4568-add1-99614e613b69", ["EXCHANGE_S_STANDARD"], MutuallyExclusiveWith: ["EXCHANGEENTERPRISE"]),
        ["EXCHANGEENTERPRISE"] = new("19ec0d23-8335-4cbd-94ac-6050e30712fa", ["EXCHANGE_S_ENTERPRISE"], MutuallyExclusiveWith: ["EXCHANGESTANDARD"]),
        ["MCOEV"] = new("e43b5b99-8dfb-405f-9987-dc307f34bcbd", ["MCOEV"], Requires: Bases),
        ["Microsoft_365_Copilot"] = new("639dec6b-bb19-468b-871c-c5c441c4b0cb", ["M365_COPILOT"], Requires: Bases),
    };

    public static string PlanId(string name) => PlanIds.GetValueOrDefault(name) ?? Ids.For("servicePlan", name);
}
