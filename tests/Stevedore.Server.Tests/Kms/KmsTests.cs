using System.Text.Json.Nodes;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Kms;

/// <summary>KMS through boto3 and the AWS CLI: keys, aliases, policies, states, encryption and its errors.</summary>
public sealed class KmsTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    private const string Helpers = """
        import boto3, json
        from botocore.exceptions import ClientError
        kms = boto3.client("kms")
        def err(f, *a, **k):
            try:
                f(*a, **k)
                return "OK"
            except ClientError as e:
                return e.response["Error"]["Code"] + ": " + e.response["Error"].get("Message", "")
        out = {}

        """;

    private JsonObject Run(string body, Credentials? credentials = null) =>
        JsonNode.Parse(stevedore.Python(Helpers + body + "\nprint(json.dumps(out, default=str))", credentials).Succeeded().Stdout)!.AsObject();

    private static string S(JsonObject o, string key) => o[key]!.GetValue<string>();

    [Fact]
    public void Keys_are_created_described_listed_and_get_the_default_key_policy()
    {
        var o = Run("""
            m = kms.create_key(Description="d", Tags=[{"TagKey": "team", "TagValue": "a"}])["KeyMetadata"]
            out["meta"] = m
            out["describe_by_arn"] = kms.describe_key(KeyId=m["Arn"])["KeyMetadata"]["KeyId"]
            out["listed"] = any(k["KeyId"] == m["KeyId"] for k in kms.list_keys()["Keys"])
            out["policy"] = json.loads(kms.get_key_policy(KeyId=m["KeyId"], PolicyName="default")["Policy"])
            out["policies"] = kms.list_key_policies(KeyId=m["KeyId"])["PolicyNames"]
            out["tags"] = kms.list_resource_tags(KeyId=m["KeyId"])["Tags"]
            out["missing"] = err(kms.describe_key, KeyId="11111111-2222-3333-4444-555555555555")
            """);
        var meta = o["meta"]!.AsObject();
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", S(meta, "KeyId"));
        Assert.Equal($"arn:aws:kms:us-east-1:000000000000:key/{S(meta, "KeyId")}", S(meta, "Arn"));
        Assert.Equal("Enabled", S(meta, "KeyState"));
        Assert.Equal("CUSTOMER", S(meta, "KeyManager"));
        Assert.Equal(S(meta, "KeyId"), S(o, "describe_by_arn"));
        Assert.True(o["listed"]!.GetValue<bool>());
        var statement = o["policy"]!["Statement"]![0]!;
        Assert.Equal("arn:aws:iam::000000000000:root", statement["Principal"]!["AWS"]!.GetValue<string>());
        Assert.Equal("kms:*", statement["Action"]!.GetValue<string>());
        Assert.Equal("default", o["policies"]![0]!.GetValue<string>());
        Assert.Equal("team", o["tags"]![0]!["TagKey"]!.GetValue<string>());
        Assert.Equal("NotFoundException: Key 'arn:aws:kms:us-east-1:000000000000:key/11111111-2222-3333-4444-555555555555' does not exist", S(o, "missing"));
    }

    [Fact]
    public void Aliases_name_keys_and_keys_are_found_by_id_arn_alias_and_alias_arn()
    {
        var o = Run("""
            k1 = kms.create_key()["KeyMetadata"]["KeyId"]
            k2 = kms.create_key()["KeyMetadata"]["KeyId"]
            kms.create_alias(AliasName="alias/app", TargetKeyId=k1)
            out["dup"] = err(kms.create_alias, AliasName="alias/app", TargetKeyId=k2)
            out["prefix"] = err(kms.create_alias, AliasName="app2", TargetKeyId=k2)
            out["by_alias"] = kms.describe_key(KeyId="alias/app")["KeyMetadata"]["KeyId"] == k1
            out["by_alias_arn"] = kms.describe_key(KeyId="arn:aws:kms:us-east-1:000000000000:alias/app")["KeyMetadata"]["KeyId"] == k1
            kms.update_alias(AliasName="alias/app", TargetKeyId=k2)
            out["updated"] = kms.describe_key(KeyId="alias/app")["KeyMetadata"]["KeyId"] == k2
            out["filtered"] = [a["AliasName"] for a in kms.list_aliases(KeyId=k2)["Aliases"]]
            kms.delete_alias(AliasName="alias/app")
            out["gone"] = err(kms.describe_key, KeyId="alias/app")
            """);
        Assert.StartsWith("AlreadyExistsException: An alias with the name arn:aws:kms:us-east-1:000000000000:alias/app already exists", S(o, "dup"));
        Assert.StartsWith("ValidationException: Alias must start with the prefix \"alias/\"", S(o, "prefix"));
        Assert.True(o["by_alias"]!.GetValue<bool>());
        Assert.True(o["by_alias_arn"]!.GetValue<bool>());
        Assert.True(o["updated"]!.GetValue<bool>());
        Assert.Equal("alias/app", o["filtered"]![0]!.GetValue<string>());
        Assert.Equal("NotFoundException: Alias arn:aws:kms:us-east-1:000000000000:alias/app is not found.", S(o, "gone"));
    }

    [Fact]
    public void A_ciphertext_decrypts_only_with_its_key_and_its_encryption_context()
    {
        var o = Run("""
            k1 = kms.create_key()["KeyMetadata"]["KeyId"]
            k2 = kms.create_key()["KeyMetadata"]["KeyId"]
            c = kms.encrypt(KeyId=k1, Plaintext=b"hello", EncryptionContext={"a": "1", "b": "2"})["CiphertextBlob"]
            out["plain"] = kms.decrypt(CiphertextBlob=c, EncryptionContext={"b": "2", "a": "1"})["Plaintext"].decode()
            out["key"] = kms.decrypt(CiphertextBlob=c, EncryptionContext={"a": "1", "b": "2"})["KeyId"]
            out["k1"] = kms.describe_key(KeyId=k1)["KeyMetadata"]["Arn"]
            out["no_context"] = err(kms.decrypt, CiphertextBlob=c)
            out["wrong_context"] = err(kms.decrypt, CiphertextBlob=c, EncryptionContext={"a": "1", "b": "3"})
            out["other_key"] = err(kms.decrypt, CiphertextBlob=c, KeyId=k2, EncryptionContext={"a": "1", "b": "2"})
            tampered = bytearray(c); tampered[-1] ^= 1
            out["tampered"] = err(kms.decrypt, CiphertextBlob=bytes(tampered), EncryptionContext={"a": "1", "b": "2"})
            out["garbage"] = err(kms.decrypt, CiphertextBlob=b"not a ciphertext")
            d = kms.generate_data_key(KeyId=k1, KeySpec="AES_256")
            out["dk_len"] = len(d["Plaintext"])
            out["dk_round"] = kms.decrypt(CiphertextBlob=d["CiphertextBlob"])["Plaintext"] == d["Plaintext"]
            w = kms.generate_data_key_without_plaintext(KeyId=k1, NumberOfBytes=16)
            out["w_has_plain"] = "Plaintext" in w
            out["w_len"] = len(kms.decrypt(CiphertextBlob=w["CiphertextBlob"])["Plaintext"])
            out["neither"] = err(kms.generate_data_key, KeyId=k1)
            """);
        Assert.Equal("hello", S(o, "plain"));
        Assert.Equal(S(o, "k1"), S(o, "key"));
        Assert.Equal("InvalidCiphertextException: ", S(o, "no_context"));
        Assert.Equal("InvalidCiphertextException: ", S(o, "wrong_context"));
        Assert.StartsWith("IncorrectKeyException", S(o, "other_key"));
        Assert.Equal("InvalidCiphertextException: ", S(o, "tampered"));
        Assert.Equal("InvalidCiphertextException: ", S(o, "garbage"));
        Assert.Equal(32, o["dk_len"]!.GetValue<int>());
        Assert.True(o["dk_round"]!.GetValue<bool>());
        Assert.False(o["w_has_plain"]!.GetValue<bool>());
        Assert.Equal(16, o["w_len"]!.GetValue<int>());
        Assert.StartsWith("ValidationException", S(o, "neither"));
    }

    [Fact]
    public void Disabled_and_pending_deletion_keys_refuse_cryptography_with_kms_texts()
    {
        var o = Run("""
            m = kms.create_key()["KeyMetadata"]; k = m["KeyId"]; arn = m["Arn"]
            out["arn"] = arn
            kms.disable_key(KeyId=k)
            out["disabled"] = err(kms.encrypt, KeyId=k, Plaintext=b"x")
            kms.enable_key(KeyId=k)
            c = kms.encrypt(KeyId=k, Plaintext=b"x")["CiphertextBlob"]
            out["window"] = err(kms.schedule_key_deletion, KeyId=k, PendingWindowInDays=5)
            s = kms.schedule_key_deletion(KeyId=k, PendingWindowInDays=7)
            out["state"] = s["KeyState"]; out["days"] = s["PendingWindowInDays"]
            out["pending_decrypt"] = err(kms.decrypt, CiphertextBlob=c)
            out["pending_enable"] = err(kms.enable_key, KeyId=k)
            out["described"] = kms.describe_key(KeyId=k)["KeyMetadata"]["KeyState"]
            kms.cancel_key_deletion(KeyId=k)
            out["after_cancel"] = kms.describe_key(KeyId=k)["KeyMetadata"]["KeyState"]
            out["not_pending"] = err(kms.cancel_key_deletion, KeyId=k)
            """);
        var arn = S(o, "arn");
        Assert.Equal($"DisabledException: {arn} is disabled.", S(o, "disabled"));
        Assert.StartsWith("ValidationException", S(o, "window"));
        Assert.Equal("PendingDeletion", S(o, "state"));
        Assert.Equal(7, o["days"]!.GetValue<int>());
        Assert.Equal($"KMSInvalidStateException: {arn} is pending deletion.", S(o, "pending_decrypt"));
        Assert.Equal($"KMSInvalidStateException: {arn} is pending deletion.", S(o, "pending_enable"));
        Assert.Equal("PendingDeletion", S(o, "described"));
        Assert.Equal("Disabled", S(o, "after_cancel"));
        Assert.StartsWith("KMSInvalidStateException", S(o, "not_pending"));
    }

    [Fact]
    public void A_dry_run_answers_DryRunOperationException_only_when_the_call_would_succeed()
    {
        var o = Run("""
            iam = boto3.client("iam")
            iam.create_user(UserName="dry-plain")
            iam.put_user_policy(UserName="dry-plain", PolicyName="p", PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}))
            ak = iam.create_access_key(UserName="dry-plain")["AccessKey"]
            plain = boto3.client("kms", aws_access_key_id=ak["AccessKeyId"], aws_secret_access_key=ak["SecretAccessKey"])
            def full(f, **k):
                try:
                    f(**k)
                    return "OK"
                except ClientError as e:
                    return [e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Code"], e.response["Error"].get("Message", "")]
            k = kms.create_key()["KeyMetadata"]["KeyId"]
            c = kms.encrypt(KeyId=k, Plaintext=b"x", EncryptionContext={"a": "1"})["CiphertextBlob"]
            out["encrypt"] = full(kms.encrypt, KeyId=k, Plaintext=b"x", DryRun=True)
            out["decrypt"] = full(kms.decrypt, CiphertextBlob=c, EncryptionContext={"a": "1"}, DryRun=True)
            out["decrypt_wrong_context"] = err(kms.decrypt, CiphertextBlob=c, EncryptionContext={"a": "2"}, DryRun=True)
            out["data_key"] = err(kms.generate_data_key, KeyId=k, KeySpec="AES_256", DryRun=True)
            out["data_key_no_plaintext"] = err(kms.generate_data_key_without_plaintext, KeyId=k, NumberOfBytes=32, DryRun=True)
            out["data_key_bad_args"] = err(kms.generate_data_key, KeyId=k, DryRun=True)
            out["denied"] = err(plain.encrypt, KeyId=k, Plaintext=b"x", DryRun=True)
            out["not_dry"] = err(kms.encrypt, KeyId=k, Plaintext=b"x", DryRun=False)
            kms.disable_key(KeyId=k)
            out["disabled"] = err(kms.encrypt, KeyId=k, Plaintext=b"x", DryRun=True)
            """);
        const string dry = "DryRunOperationException: The request would have succeeded, but the DryRun option is set.";
        Assert.Equal(400, o["encrypt"]![0]!.GetValue<int>());
        Assert.Equal("DryRunOperationException", o["encrypt"]![1]!.GetValue<string>());
        Assert.Equal("The request would have succeeded, but the DryRun option is set.", o["encrypt"]![2]!.GetValue<string>());
        Assert.Equal("DryRunOperationException", o["decrypt"]![1]!.GetValue<string>());
        Assert.StartsWith("InvalidCiphertextException", S(o, "decrypt_wrong_context"));
        Assert.Equal(dry, S(o, "data_key"));
        Assert.Equal(dry, S(o, "data_key_no_plaintext"));
        Assert.Equal("ValidationException: Please specify either number of bytes or key spec.", S(o, "data_key_bad_args"));
        Assert.Matches("^AccessDeniedException: User: arn:aws:iam::000000000000:user/dry-plain is not authorized to perform: kms:Encrypt", S(o, "denied"));
        Assert.Equal("OK", S(o, "not_dry"));
        Assert.StartsWith("DisabledException", S(o, "disabled"));
    }

    [Fact]
    public void The_key_policy_decides_first_and_the_root_grant_delegates_to_iam()
    {
        // A key whose policy names only the root can be used by a user with an IAM grant; a key whose policy names
        // no one but one user cannot be used by another user even with kms:* in IAM.
        var o = Run("""
            iam = boto3.client("iam")
            def user(name, doc):
                iam.create_user(UserName=name)
                iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(doc))
                k = iam.create_access_key(UserName=name)["AccessKey"]
                return boto3.client("kms", aws_access_key_id=k["AccessKeyId"], aws_secret_access_key=k["SecretAccessKey"])
            allow_all = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}
            nothing = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
            admin = user("kp-admin", allow_all); plain = user("kp-plain", nothing); named = user("kp-named", nothing)
            delegated = kms.create_key()["KeyMetadata"]["KeyId"]
            out["iam_allows"] = err(admin.encrypt, KeyId=delegated, Plaintext=b"x")
            out["iam_silent"] = err(plain.encrypt, KeyId=delegated, Plaintext=b"x")
            policy = {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:user/kp-named"}, "Action": "kms:*", "Resource": "*"}]}
            out["lockout"] = err(kms.create_key, Policy=json.dumps(policy))
            own = kms.create_key(Policy=json.dumps(policy), BypassPolicyLockoutSafetyCheck=True)["KeyMetadata"]["KeyId"]
            out["named_user"] = err(named.encrypt, KeyId=own, Plaintext=b"x")
            out["iam_only"] = err(admin.encrypt, KeyId=own, Plaintext=b"x")
            out["root"] = err(kms.encrypt, KeyId=own, Plaintext=b"x")
            """);
        Assert.Equal("OK", S(o, "iam_allows"));
        Assert.Matches("^AccessDeniedException: User: arn:aws:iam::000000000000:user/kp-plain is not authorized to perform: kms:Encrypt on resource: arn:aws:kms:us-east-1:000000000000:key/.* because no identity-based policy allows the kms:Encrypt action$", S(o, "iam_silent"));
        Assert.Equal("MalformedPolicyDocumentException: The new key policy will not allow you to update the key policy in the future.", S(o, "lockout"));
        Assert.Equal("OK", S(o, "named_user"));
        Assert.Matches("because no resource-based policy allows the kms:Encrypt action$", S(o, "iam_only"));
        Assert.StartsWith("AccessDeniedException", S(o, "root"));
    }

    [Fact]
    public void Cross_account_use_needs_the_key_policy_and_the_callers_identity_policy()
    {
        var o = Run("""
            m = kms.create_key()["KeyMetadata"]
            other = boto3.client("kms", aws_access_key_id="test2", aws_secret_access_key="test2")
            out["no_key_policy"] = err(other.encrypt, KeyId=m["Arn"], Plaintext=b"x")
            policy = json.loads(kms.get_key_policy(KeyId=m["KeyId"], PolicyName="default")["Policy"])
            policy["Statement"].append({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*"})
            kms.put_key_policy(KeyId=m["KeyId"], PolicyName="default", Policy=json.dumps(policy))
            out["with_key_policy"] = err(other.encrypt, KeyId=m["Arn"], Plaintext=b"x")
            iam2 = boto3.client("iam", aws_access_key_id="test2", aws_secret_access_key="test2")
            iam2.create_user(UserName="x-user")
            k = iam2.create_access_key(UserName="x-user")["AccessKey"]
            xuser = boto3.client("kms", aws_access_key_id=k["AccessKeyId"], aws_secret_access_key=k["SecretAccessKey"])
            out["user_without_iam"] = err(xuser.encrypt, KeyId=m["Arn"], Plaintext=b"x")
            iam2.put_user_policy(UserName="x-user", PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Encrypt", "Resource": m["Arn"]}]}))
            out["user_with_iam"] = err(xuser.encrypt, KeyId=m["Arn"], Plaintext=b"x")
            """);
        Assert.Matches("because no resource-based policy allows", S(o, "no_key_policy"));
        Assert.Equal("OK", S(o, "with_key_policy"));
        Assert.Matches("because no identity-based policy allows", S(o, "user_without_iam"));
        Assert.Equal("OK", S(o, "user_with_iam"));
    }

    [Fact]
    public void Aws_managed_keys_are_created_on_first_use_and_serve_only_through_their_service()
    {
        var o = Run("""
            m = kms.describe_key(KeyId="alias/aws/ssm")["KeyMetadata"]
            out["manager"] = m["KeyManager"]
            out["again"] = kms.describe_key(KeyId="alias/aws/ssm")["KeyMetadata"]["KeyId"] == m["KeyId"]
            out["direct_encrypt"] = err(kms.encrypt, KeyId="alias/aws/ssm", Plaintext=b"x")
            out["disable"] = err(kms.disable_key, KeyId=m["KeyId"])
            out["reserved"] = err(kms.create_alias, AliasName="alias/aws/mine", TargetKeyId=kms.create_key()["KeyMetadata"]["KeyId"])
            """);
        Assert.Equal("AWS", S(o, "manager"));
        Assert.True(o["again"]!.GetValue<bool>());
        Assert.Matches("^AccessDeniedException: .*because no resource-based policy allows the kms:Encrypt action$", S(o, "direct_encrypt"));
        Assert.StartsWith("AccessDeniedException", S(o, "disable"));
        Assert.StartsWith("NotAuthorizedException", S(o, "reserved"));
    }

    [Fact]
    public void The_cli_creates_a_key_and_an_alias_and_tags_it()
    {
        var key = stevedore.Aws("kms", "create-key", "--description", "cli").Succeeded().Json["KeyMetadata"]!["KeyId"]!.GetValue<string>();
        stevedore.Aws("kms", "create-alias", "--alias-name", "alias/cli", "--target-key-id", key).Succeeded();
        stevedore.Aws("kms", "tag-resource", "--key-id", "alias/cli", "--tags", "TagKey=env,TagValue=dev").Succeeded();
        stevedore.Aws("kms", "untag-resource", "--key-id", key, "--tag-keys", "env").Succeeded();
        Assert.Empty(stevedore.Aws("kms", "list-resource-tags", "--key-id", key).Succeeded().Json["Tags"]!.AsArray());
        stevedore.Aws("kms", "describe-key", "--key-id", "alias/nope").FailedWith("NotFoundException");
    }
}
