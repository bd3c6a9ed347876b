using System.Security.Cryptography;

namespace Stevedore.Aws.SigV4;

/// <summary>
/// The flexible checksums of S3 (<c>x-amz-checksum-crc32</c>, <c>-crc32c</c>, <c>-crc64nvme</c>, <c>-sha1</c>,
/// <c>-sha256</c>): base64 of the big-endian digest.
/// </summary>
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
public static class PayloadChecksum
{
    private static readonly uint[] Crc32Table = Table32(0xEDB88320u);
    private static readonly uint[] Crc32CTable = Table32(0x82F63B78u);
    private static readonly ulong[] Crc64NvmeTable = Table64(0x9A6C9329AC4BC9B5ul);

    /// <summary>The algorithms, by the suffix of their header (<c>crc32</c> in <c>x-amz-checksum-crc32</c>).</summary>
    public static IReadOnlyList<string> Algorithms { get; } = ["crc32", "crc32c", "crc64nvme", "sha1", "sha256"];

    /// <summary>Whether the algorithm (header suffix, any case) is supported.</summary>
    public static bool IsSupported(string algorithm) => Algorithms.Contains(algorithm.ToLowerInvariant());

    /// <summary>The base64 checksum of <paramref name="data"/>.</summary>
    public static string Compute(string algorithm, ReadOnlySpan<byte> data)
    {
        byte[] digest;
        switch (algorithm.ToLowerInvariant())
        {
            case "crc32":
                digest = BigEndian(Crc32(Crc32Table, data));
                break;
            case "crc32c":
                digest = BigEndian(Crc32(Crc32CTable, data));
                break;
            case "crc64nvme":
                {
                    var crc = ulong.MaxValue;
                    foreach (var b in data)
                    {
                        crc = Crc64NvmeTable[(byte)(crc ^ b)] ^ (crc >> 8);
                    }

                    crc = ~crc;
                    digest = new byte[8];
                    for (var i = 0; i < 8; i++)
                    {
                        digest[i] = (byte)(crc >> (56 - (8 * i)));
                    }

                    break;
                }

            case "sha1":
                digest = SHA1.HashData(data);
                break;
            case "sha256":
                digest = SHA256.HashData(data);
                break;
            default:
                throw new ArgumentException($"unsupported checksum algorithm {algorithm}", nameof(algorithm));
        }

        return Convert.ToBase64String(digest);
    }

    /// <summary>How S3 names the algorithm in <c>BadDigest</c> messages (<c>The CRC32 you specified …</c>, <c>The sha256 you specified …</c>).</summary>
    public static string MessageName(string algorithm) => algorithm.ToLowerInvariant() switch
    {
        "sha1" or "sha256" => algorithm.ToLowerInvariant(),
        var other => other.ToUpperInvariant(),
    };

    private static uint Crc32(uint[] table, ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc = table[(byte)(crc ^ b)] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static byte[] BigEndian(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private static uint[] Table32(uint polynomial)
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? polynomial ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }

    private static ulong[] Table64(ulong polynomial)
    {
        var table = new ulong[256];
        for (ulong i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? polynomial ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
