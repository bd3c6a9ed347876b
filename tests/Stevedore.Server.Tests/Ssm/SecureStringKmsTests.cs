using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ssm;

/// <summary>SecureStrings are encrypted with KMS on the caller's behalf: a customer key needs the caller's kms:Encrypt
/// (kms:GenerateDataKey for advanced parameters) and kms:Decrypt; the AWS managed aws/ssm key needs no grant.</summary>
public sealed class SecureStringKmsTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    private const string Kms = """
        kms = boto3.client("kms", config=cfg)
        key = kms.create_key(Description="ssm test key")["KeyMetadata"]
        key_arn = key["Arn"]

        """;

    [Fact]
    public void A_customer_key_secure_string_is_denied_without_kms_decrypt_and_allowed_with_it()
    {
        SsmScript.Run(stevedore, Kms + """
            ssm.put_parameter(Name="/cmk/pw", Value="s3cret", Type="SecureString", KeyId=key["KeyId"])
            reader = user("cmk-reader", allow(["ssm:GetParameter", "ssm:GetParameters"]))
            code, message = fail(reader.get_parameter, Name="/cmk/pw", WithDecryption=True)
            assert code == "AccessDeniedException", code
            expected = f"User: arn:aws:iam::{ACCOUNT}:user/cmk-reader is not authorized to perform: kms:Decrypt on resource: {key_arn} because no identity-based policy allows the kms:Decrypt action (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: "
            assert message.startswith(expected), message
            assert fail(reader.get_parameters, Names=["/cmk/pw"], WithDecryption=True)[0] == "AccessDeniedException"
            hidden = reader.get_parameter(Name="/cmk/pw")["Parameter"]["Value"]
            assert hidden != "s3cret", hidden
            decrypter = user("cmk-decrypter", {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "ssm:GetParameter", "Resource": "*"},
                {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": key_arn, "Condition": {
                    "StringEquals": {"kms:ViaService": "ssm.us-east-1.amazonaws.com",
                                     "kms:EncryptionContext:PARAMETER_ARN": f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/cmk/pw"}}}]})
            assert decrypter.get_parameter(Name="/cmk/pw", WithDecryption=True)["Parameter"]["Value"] == "s3cret"
            """);
    }

    [Fact]
    public void Putting_under_a_customer_key_needs_kms_encrypt_and_advanced_needs_generate_data_key()
    {
        SsmScript.Run(stevedore, Kms + """
            writer = user("cmk-writer", allow(["ssm:PutParameter", "kms:Encrypt"]))
            code, message = fail(writer.put_parameter, Name="/cmkw/adv", Value="v", Type="SecureString", KeyId=key_arn, Tier="Advanced")
            assert code == "AccessDeniedException" and "kms:GenerateDataKey" in message, message
            writer.put_parameter(Name="/cmkw/std", Value="v", Type="SecureString", KeyId=key_arn)
            nobody = user("cmk-nowriter", allow("ssm:PutParameter"))
            code, message = fail(nobody.put_parameter, Name="/cmkw/std2", Value="v", Type="SecureString", KeyId=key_arn)
            assert code == "AccessDeniedException" and "kms:Encrypt" in message, message
            ssm.put_parameter(Name="/cmkw/adv", Value="big" * 2000, Type="SecureString", KeyId=key_arn, Tier="Advanced")
            assert ssm.get_parameter(Name="/cmkw/adv", WithDecryption=True)["Parameter"]["Value"] == "big" * 2000
            assert ssm.get_parameter(Name="/cmkw/std", WithDecryption=True)["Parameter"]["Value"] == "v"
            code, message = fail(ssm.put_parameter, Name="/cmkw/bad", Value="v", Type="SecureString", KeyId="alias/does-not-exist")
            assert code == "InvalidKeyId", (code, message)
            """);
    }

    [Fact]
    public void The_aws_managed_ssm_key_needs_no_kms_grant()
    {
        SsmScript.Run(stevedore, """
            only_ssm = user("ssm-only", allow("ssm:*"))
            only_ssm.put_parameter(Name="/managed/pw", Value="m", Type="SecureString")
            assert only_ssm.get_parameter(Name="/managed/pw", WithDecryption=True)["Parameter"]["Value"] == "m"
            kms = boto3.client("kms", config=cfg)
            alias = [a for a in kms.list_aliases()["Aliases"] if a["AliasName"] == "alias/aws/ssm"]
            assert len(alias) == 1 and "TargetKeyId" in alias[0], alias
            """);
    }
}
