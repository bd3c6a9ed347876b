using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Stevedore.Cloud.Kms;

/// <summary>
/// Stevedore's ciphertext blob: AES-256-GCM under the key's material, with the key ARN and the encryption context
/// bound as additional authenticated data, so a blob decrypts only with its key and exactly its context.
/// Layout: version (1) · ARN length (2, big-endian) · ARN (UTF-8) · nonce (12) · tag (16) · ciphertext.
/// </summary>
/// <remarks>AWS's blob format is proprietary; only its properties (self-describing key, authenticated context) are reproduced.</remarks>
// https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html
public static class KmsCiphertext
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] NewMaterial() => RandomNumberGenerator.GetBytes(32);

    public static byte[] Encrypt(KmsKey key, ReadOnlySpan<byte> plaintext, IReadOnlyDictionary<string, string>? context)
    {
        var arn = Encoding.UTF8.GetBytes(key.Arn);
        var header = 1 + 2 + arn.Length;
        var blob = new byte[header + NonceSize + TagSize + plaintext.Length];
        blob[0] = Version;
        BinaryPrimitives.WriteUInt16BigEndian(blob.AsSpan(1), (ushort)arn.Length);
        arn.CopyTo(blob, 3);
        var nonce = blob.AsSpan(header, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        Cipher(key).Encrypt(nonce, plaintext, blob.AsSpan(header + NonceSize + TagSize), blob.AsSpan(header + NonceSize, TagSize), Aad(blob.AsSpan(0, header), context));
        return blob;
    }

    /// <summary>The key ARN a blob names, or null when the bytes are not a Stevedore ciphertext.</summary>
    public static string? KeyArnOf(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 3 || blob[0] != Version)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(blob[1..]);
        if (blob.Length < 3 + length + NonceSize + TagSize)
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(blob.Slice(3, length));
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>The plaintext, or null when the blob was not made by this key with this context.</summary>
    public static byte[]? Decrypt(KmsKey key, ReadOnlySpan<byte> blob, IReadOnlyDictionary<string, string>? context)
    {
        if (KeyArnOf(blob) != key.Arn)
        {
            return null;
        }

        var header = 3 + BinaryPrimitives.ReadUInt16BigEndian(blob[1..]);
        var plaintext = new byte[blob.Length - header - NonceSize - TagSize];
        try
        {
            Cipher(key).Decrypt(blob.Slice(header, NonceSize), blob[(header + NonceSize + TagSize)..], blob.Slice(header + NonceSize, TagSize), plaintext, Aad(blob[..header], context));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    /// <summary>Header and context, the context canonical (pairs sorted by key) so that its order does not matter.</summary>
    /// <remarks>
    /// The bytes are part of every stored ciphertext: they must not change. Each thread keeps the last header and
    /// context it encoded with their bytes: a service reading one secret or parameter again and again asks for the
    /// same ones each time (in the Native AOT build the JSON writer was a twentieth of GetSecretValue's work).
    /// </remarks>
    private static ReadOnlySpan<byte> Aad(ReadOnlySpan<byte> header, IReadOnlyDictionary<string, string>? context)
    {
        if (lastAad is { } last && last.Header.AsSpan().SequenceEqual(header) && SameContext(last.Context, context))
        {
            return last.Bytes;
        }

        var buffer = aadBuffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        buffer.Write(header);
        var writer = aadWriter ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartArray();
        KeyValuePair<string, string>[] pairs = context is { Count: > 0 } ? [.. context.OrderBy(p => p.Key, StringComparer.Ordinal)] : [];
        foreach (var (key, value) in pairs)
        {
            writer.WriteStringValue(key);
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
        writer.Flush();
        var bytes = buffer.WrittenSpan.ToArray();
        lastAad = new EncodedAad(header.ToArray(), pairs, bytes);
        return bytes;
    }

    /// <summary>Whether <paramref name="context"/> holds exactly the (sorted) pairs of <paramref name="encoded"/>.</summary>
    private static bool SameContext(KeyValuePair<string, string>[] encoded, IReadOnlyDictionary<string, string>? context)
    {
        if ((context?.Count ?? 0) != encoded.Length)
        {
            return false;
        }

        // Compared by ordinal key, whatever the dictionary's comparer: the key's own characters are in the bytes.
        foreach (var (key, value) in context ?? EmptyContext)
        {
            if (!Holds(encoded, key, value))
            {
                return false;
            }
        }

        return true;

        static bool Holds(KeyValuePair<string, string>[] pairs, string key, string value)
        {
            foreach (var pair in pairs)
            {
                if (string.Equals(pair.Key, key, StringComparison.Ordinal))
                {
                    return string.Equals(pair.Value, value, StringComparison.Ordinal);
                }
            }

            return false;
        }
    }

    private static readonly Dictionary<string, string> EmptyContext = [];

    private sealed record EncodedAad(byte[] Header, KeyValuePair<string, string>[] Context, byte[] Bytes);

    /// <summary>The key's cipher, kept per thread for the last key material it served (an AesGcm is not shared between threads).</summary>
    private static AesGcm Cipher(KmsKey key)
    {
        if (cipher is { } last && ReferenceEquals(last.Material, key.Material))
        {
            return last.Aes;
        }

        cipher?.Aes.Dispose();
        cipher = null;
        var aes = new AesGcm(Convert.FromBase64String(key.Material), TagSize);
        cipher = (key.Material, aes);
        return aes;
    }

    [ThreadStatic]
    private static (string Material, AesGcm Aes)? cipher;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? aadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? aadWriter;

    [ThreadStatic]
    private static EncodedAad? lastAad;
}
