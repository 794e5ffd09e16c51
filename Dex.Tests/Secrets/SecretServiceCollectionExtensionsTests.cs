using Dex.Core.Secrets;
using Microsoft.Extensions.DependencyInjection;

namespace Dex.Tests.Secrets;

public sealed class SecretServiceCollectionExtensions_AddDexProtectedSecretVault
{
    [Fact]
    public async Task ResolvesWorkingVaultGivenStoreFactory()
    {
        await using var provider = new ServiceCollection().AddDexProtectedSecretVault(_ => new InMemorySecretStore()).BuildServiceProvider();

        var vault = provider.GetRequiredService<ISecretVault>();
        var token = await vault.StoreAsync("tom@acme.com", "pw", "s3cret!", TimeSpan.FromMinutes(5));

        Assert.IsType<ProtectedSecretVault>(vault);
        Assert.Equal("s3cret!", (await provider.GetRequiredService<ISecretVault>().RevealOnceAsync(token))?.Value);
    }
}
