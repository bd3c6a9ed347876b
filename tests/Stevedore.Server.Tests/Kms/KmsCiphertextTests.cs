using Stevedore.Cloud.Kms;

namespace Stevedore.Server.Tests.Kms;

public sealed class KmsCiphertextTests
{
    private static readonly KmsKey Key = new("000000000000", "us-east-1", "1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab", DateTimeOffset.UnixEpoch, "", KmsKey.Enabled,
        "CUSTOMER", "{}", Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()), []);

    private static readonly Dictionary<string, Dictionary<string, string>?> Contexts = new()
    {
        ["none"] = null,
        ["empty"] = [],
        ["one"] = new() { ["SecretARN"] = "arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbCdEf" },
        ["several"] = new() { ["zeta"] = "1", ["alpha"] = "a+b<c>&'\"", ["mid"] = "é☃\u0001" },
    };

    /// <summary>Blobs made by the first release of the format (its additional data written by a fresh JSON writer per call):
    /// stored ciphertexts must keep decrypting whatever the code that writes the additional data becomes.</summary>
    public static TheoryData<string, string> Stored => new()
    {
        { "none", "AQBLYXJuOmF3czprbXM6dXMtZWFzdC0xOjAwMDAwMDAwMDAwMDprZXkvMTIzNGFiY2QtMTJhYi0zNGNkLTU2ZWYtMTIzNDU2Nzg5MGFijTQOQeeFhQfibrQBOgSTqB6Gqiz7Hb9NCmLVLPlAuUtpaOw=" },
        { "empty", "AQBLYXJuOmF3czprbXM6dXMtZWFzdC0xOjAwMDAwMDAwMDAwMDprZXkvMTIzNGFiY2QtMTJhYi0zNGNkLTU2ZWYtMTIzNDU2Nzg5MGFiKNUE966DkedVPgEN7/Ox0j0b7yvd9fVZSZ+/Eko6u+/jpbs=" },
        { "one", "AQBLYXJuOmF3czprbXM6dXMtZWFzdC0xOjAwMDAwMDAwMDAwMDprZXkvMTIzNGFiY2QtMTJhYi0zNGNkLTU2ZWYtMTIzNDU2Nzg5MGFiafQkiEg7jO6vmZyXfgUghoCxyjjYQbqVYSghpWcWlHf1V3c=" },
        { "several", "AQBLYXJuOmF3czprbXM6dXMtZWFzdC0xOjAwMDAwMDAwMDAwMDprZXkvMTIzNGFiY2QtMTJhYi0zNGNkLTU2ZWYtMTIzNDU2Nzg5MGFinTrCbshLq5OmrPvMik884yTgxGo8O8T6uSIaIyt9eDh//xw=" },
    };

    [Theory]
    [MemberData(nameof(Stored))]
    public void A_stored_ciphertext_decrypts_with_its_key_and_context(string context, string blob)
    {
        var plaintext = KmsCiphertext.Decrypt(Key, Convert.FromBase64String(blob), Contexts[context]);

        Assert.Equal("hunter2"u8.ToArray(), plaintext);
    }

    [Theory]
    [MemberData(nameof(Stored))]
    public void A_stored_ciphertext_does_not_decrypt_with_another_context(string context, string blob)
    {
        var other = new Dictionary<string, string>(Contexts[context] ?? []) { ["extra"] = "x" };

        Assert.Null(KmsCiphertext.Decrypt(Key, Convert.FromBase64String(blob), other));
    }

    [Fact]
    public void The_order_of_the_context_does_not_matter_and_each_call_stands_alone()
    {
        var forward = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["c"] = "3" };
        var backward = new Dictionary<string, string> { ["c"] = "3", ["b"] = "2", ["a"] = "1" };

        var blob = KmsCiphertext.Encrypt(Key, "one"u8, forward);
        var other = KmsCiphertext.Encrypt(Key, "two"u8, Contexts["one"]);

        Assert.Equal("one"u8.ToArray(), KmsCiphertext.Decrypt(Key, blob, backward));
        Assert.Equal("two"u8.ToArray(), KmsCiphertext.Decrypt(Key, other, Contexts["one"]));
        Assert.Null(KmsCiphertext.Decrypt(Key, blob, Contexts["one"]));
        Assert.Null(KmsCiphertext.Decrypt(Key, other, forward));
    }

    [Fact]
    public void A_context_like_the_last_one_used_must_match_it_exactly()
    {
        var context = new Dictionary<string, string> { ["SecretARN"] = "arn:x", ["SecretVersionId"] = "v1" };
        var blob = KmsCiphertext.Encrypt(Key, "one"u8, context);
        Assert.Equal("one"u8.ToArray(), KmsCiphertext.Decrypt(Key, blob, context));

        // Each of these follows a successful call with the same header and as many pairs: none may reuse its bytes.
        var ignoringCase = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["secretarn"] = "arn:x", ["SecretVersionId"] = "v1" };
        Assert.Null(KmsCiphertext.Decrypt(Key, blob, ignoringCase));
        Assert.Equal("one"u8.ToArray(), KmsCiphertext.Decrypt(Key, blob, new Dictionary<string, string>(context)));
        Assert.Null(KmsCiphertext.Decrypt(Key, blob, new Dictionary<string, string> { ["SecretARN"] = "arn:x", ["SecretVersionId"] = "v2" }));
        Assert.Equal("one"u8.ToArray(), KmsCiphertext.Decrypt(Key, blob, context));
        Assert.Null(KmsCiphertext.Decrypt(Key, blob, new Dictionary<string, string> { ["SecretARN"] = "arn:x", ["SecretVersionIdX"] = "v1" }));
    }
}
