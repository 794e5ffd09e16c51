using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Dex.Core.Secrets;

/// <summary>
/// Data protection from one configured key (Key Vault in Azure: <c>Dex:Secrets:EncryptionKey</c>), so every
/// instance of a scaled-out Functions app can open what another sealed, with no key ring to share.
/// AES-256-GCM; the key for each purpose is derived with HKDF, so purposes cannot open each other's data.
/// </summary>
public sealed class KeyedDataProtectionProvider : IDataProtectionProvider
{
    private readonly byte[] _master;

    public KeyedDataProtectionProvider(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (key.Length < 32)
        {
            throw new ArgumentException("Dex:Secrets:EncryptionKey must be at least 32 characters.", nameof(key));
        }

        _master = SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    public IDataProtector CreateProtector(string purpose)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        var derived = HKDF.DeriveKey(HashAlgorithmName.SHA256, _master, 32, salt: null, info: Encoding.UTF8.GetBytes("Dex.DataProtection\n" + purpose));
        return new Protector(derived, this, purpose);
    }

    private sealed class Protector(byte[] key, KeyedDataProtectionProvider owner, string purpose) : IDataProtector
    {
        private const int NonceSize = 12;
        private const int TagSize = 16;

        public IDataProtector CreateProtector(string subPurpose) => owner.CreateProtector(purpose + "\n" + subPurpose);

        public byte[] Protect(byte[] plaintext)
        {
            ArgumentNullException.ThrowIfNull(plaintext);
            var output = new byte[NonceSize + TagSize + plaintext.Length];
            var nonce = output.AsSpan(0, NonceSize);
            RandomNumberGenerator.Fill(nonce);
            using var aes = new AesGcm(key, TagSize);
            aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize));
            return output;
        }

        public byte[] Unprotect(byte[] protectedData)
        {
            ArgumentNullException.ThrowIfNull(protectedData);
            if (protectedData.Length < NonceSize + TagSize)
            {
                throw new CryptographicException("The protected payload is too short.");
            }

            var plaintext = new byte[protectedData.Length - NonceSize - TagSize];
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(protectedData.AsSpan(0, NonceSize), protectedData.AsSpan(NonceSize + TagSize), protectedData.AsSpan(NonceSize, TagSize), plaintext);
            return plaintext;
        }
    }
}
