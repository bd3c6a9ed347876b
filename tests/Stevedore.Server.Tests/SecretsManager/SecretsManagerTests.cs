using System.Text.Json.Nodes;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.SecretsManager;

/// <summary>Secrets Manager through boto3 and the AWS CLI, including reads under customer keys and across accounts.</summary>
public sealed class SecretsManagerTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    private const string Helpers = """
        import boto3, json
        from botocore.exceptions import ClientError
        sm = boto3.client("secretsmanager"); kms = boto3.client("kms"); iam = boto3.client("iam")
        def err(f, *a, **k):
            try:
                f(*a, **k)
                return "OK"
            except ClientError as e:
                return e.response["Error"]["Code"] + ": " + e.response["Error"].get("Message", "")
        def user(name, statements, service="secretsmanager", iam_client=iam):
            iam_client.create_user(UserName=name)
            iam_client.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}))
            k = iam_client.create_access_key(UserName=name)["AccessKey"]
            return boto3.client(service, aws_access_key_id=k["AccessKeyId"], aws_secret_access_key=k["SecretAccessKey"])
        out = {}

        """;

    private JsonObject Run(string body) =>
        JsonNode.Parse(stevedore.Python(Helpers + body + "\nprint(json.dumps(out, default=str))").Succeeded().Stdout)!.AsObject();

    private static string S(JsonObject o, string key) => o[key]!.GetValue<string>();

    [Fact]
    public void Secrets_are_read_by_arn_partial_arn_and_name_with_versions_and_stages()
    {
        var o = Run("""
            r = sm.create_secret(Name="app/db", SecretString="one", Description="d", Tags=[{"Key": "team", "Value": "a"}])
            out["arn"] = r["ARN"]
            out["by_name"] = sm.get_secret_value(SecretId="app/db")["SecretString"]
            out["by_arn"] = sm.get_secret_value(SecretId=r["ARN"])["SecretString"]
            out["by_partial"] = sm.get_secret_value(SecretId=r["ARN"][:-7])["SecretString"]
            p = sm.put_secret_value(SecretId="app/db", SecretString="two")
            out["put_stages"] = p["VersionStages"]
            out["current"] = sm.get_secret_value(SecretId="app/db")["SecretString"]
            out["previous"] = sm.get_secret_value(SecretId="app/db", VersionStage="AWSPREVIOUS")["SecretString"]
            out["by_version"] = sm.get_secret_value(SecretId="app/db", VersionId=r["VersionId"])["SecretString"]
            out["no_stage"] = err(sm.get_secret_value, SecretId="app/db", VersionStage="AWSPENDING")
            out["versions"] = len(sm.list_secret_version_ids(SecretId="app/db")["Versions"])
            out["dup"] = err(sm.create_secret, Name="app/db", SecretString="x")
            out["both"] = err(sm.create_secret, Name="app/both", SecretString="x", SecretBinary=b"y")
            sm.create_secret(Name="app/bin", SecretBinary=b"\x00\x01")
            out["binary"] = list(sm.get_secret_value(SecretId="app/bin")["SecretBinary"])
            sm.update_secret(SecretId="app/db", Description="new", SecretString="three")
            d = sm.describe_secret(SecretId="app/db")
            out["description"] = d["Description"]; out["tags"] = d["Tags"]; out["stages"] = sorted(sum(d["VersionIdsToStages"].values(), []))
            out["listed"] = [s["Name"] for s in sm.list_secrets(Filters=[{"Key": "name", "Values": ["app/d"]}])["SecretList"]]
            out["missing"] = err(sm.get_secret_value, SecretId="nope")
            sm.tag_resource(SecretId="app/db", Tags=[{"Key": "env", "Value": "dev"}])
            sm.untag_resource(SecretId="app/db", TagKeys=["team"])
            out["retagged"] = sm.describe_secret(SecretId="app/db")["Tags"]
            """);
        Assert.Matches(@"^arn:aws:secretsmanager:us-east-1:000000000000:secret:app/db-[A-Za-z0-9]{6}$", S(o, "arn"));
        Assert.Equal("one", S(o, "by_name"));
        Assert.Equal("one", S(o, "by_arn"));
        Assert.Equal("one", S(o, "by_partial"));
        Assert.Equal("AWSCURRENT", o["put_stages"]![0]!.GetValue<string>());
        Assert.Equal("two", S(o, "current"));
        Assert.Equal("one", S(o, "previous"));
        Assert.Equal("one", S(o, "by_version"));
        Assert.Equal("ResourceNotFoundException: Secrets Manager can't find the specified secret value for staging label: AWSPENDING", S(o, "no_stage"));
        Assert.Equal(2, o["versions"]!.GetValue<int>());
        Assert.Equal("ResourceExistsException: The operation failed because the secret app/db already exists.", S(o, "dup"));
        Assert.StartsWith("InvalidParameterException", S(o, "both"));
        Assert.Equal([0, 1], o["binary"]!.AsArray().Select(b => b!.GetValue<int>()));
        Assert.Equal("new", S(o, "description"));
        Assert.Equal(["AWSCURRENT", "AWSPREVIOUS"], o["stages"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(["app/db"], o["listed"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("ResourceNotFoundException: Secrets Manager can't find the specified secret.", S(o, "missing"));
        Assert.Equal("env", o["retagged"]![0]!["Key"]!.GetValue<string>());
    }

    [Fact]
    public void Deletion_is_scheduled_refused_while_scheduled_restored_or_forced()
    {
        var o = Run("""
            sm.create_secret(Name="del/one", SecretString="v")
            out["window"] = err(sm.delete_secret, SecretId="del/one", RecoveryWindowInDays=3)
            out["both"] = err(sm.delete_secret, SecretId="del/one", RecoveryWindowInDays=7, ForceDeleteWithoutRecovery=True)
            sm.delete_secret(SecretId="del/one", RecoveryWindowInDays=7)
            out["get"] = err(sm.get_secret_value, SecretId="del/one")
            out["put"] = err(sm.put_secret_value, SecretId="del/one", SecretString="x")
            out["create"] = err(sm.create_secret, Name="del/one", SecretString="x")
            out["described"] = "DeletedDate" in sm.describe_secret(SecretId="del/one")
            out["listed"] = any(s["Name"] == "del/one" for s in sm.list_secrets()["SecretList"])
            sm.restore_secret(SecretId="del/one")
            out["restored"] = sm.get_secret_value(SecretId="del/one")["SecretString"]
            sm.delete_secret(SecretId="del/one", ForceDeleteWithoutRecovery=True)
            out["forced"] = err(sm.describe_secret, SecretId="del/one")
            """);
        Assert.Equal("InvalidParameterException: The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).", S(o, "window"));
        Assert.StartsWith("InvalidParameterException", S(o, "both"));
        const string marked = "InvalidRequestException: You can't perform this operation on the secret because it was marked for deletion.";
        Assert.Equal(marked, S(o, "get"));
        Assert.Equal(marked, S(o, "put"));
        Assert.Equal("InvalidRequestException: You can't create this secret because a secret with this name is already scheduled for deletion.", S(o, "create"));
        Assert.True(o["described"]!.GetValue<bool>());
        Assert.False(o["listed"]!.GetValue<bool>());
        Assert.Equal("v", S(o, "restored"));
        Assert.StartsWith("ResourceNotFoundException", S(o, "forced"));
    }

    [Fact]
    public void A_secret_under_a_customer_key_needs_kms_decrypt_and_the_default_key_needs_no_grant()
    {
        var o = Run("""
            key = kms.create_key()["KeyMetadata"]["Arn"]
            sm.create_secret(Name="cmk/secret", SecretString="cmk-value", KmsKeyId=key)
            sm.create_secret(Name="default/secret", SecretString="default-value")
            get_only = [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]
            reader = user("sm-reader", get_only)
            out["default"] = reader.get_secret_value(SecretId="default/secret")["SecretString"]
            out["cmk_denied"] = err(reader.get_secret_value, SecretId="cmk/secret")
            wrong_service = user("sm-wrong-via", get_only + [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": key,
                "Condition": {"StringEquals": {"kms:ViaService": "ssm.us-east-1.amazonaws.com"}}}])
            out["cmk_wrong_via"] = err(wrong_service.get_secret_value, SecretId="cmk/secret")
            decrypter = user("sm-decrypter", get_only + [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": key,
                "Condition": {"StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}, "StringLike": {"kms:EncryptionContext:SecretARN": "arn:aws:secretsmanager:us-east-1:000000000000:secret:cmk/*"}}}])
            out["cmk_allowed"] = decrypter.get_secret_value(SecretId="cmk/secret")["SecretString"]
            writer = user("sm-writer", [{"Effect": "Allow", "Action": "secretsmanager:PutSecretValue", "Resource": "*"}])
            out["put_denied"] = err(writer.put_secret_value, SecretId="cmk/secret", SecretString="x")
            out["direct_decrypt"] = err(boto3.client("kms", aws_access_key_id=decrypter._request_signer._credentials.access_key,
                aws_secret_access_key=decrypter._request_signer._credentials.secret_key).decrypt, CiphertextBlob=kms.encrypt(KeyId=key, Plaintext=b"x")["CiphertextBlob"])
            out["managed"] = sm.describe_secret(SecretId="default/secret").get("KmsKeyId")
            out["alias"] = kms.describe_key(KeyId="alias/aws/secretsmanager")["KeyMetadata"]["KeyManager"]
            """);
        Assert.Equal("default-value", S(o, "default"));
        Assert.Equal("AccessDeniedException: Access to KMS is not allowed", S(o, "cmk_denied"));
        Assert.Equal("AccessDeniedException: Access to KMS is not allowed", S(o, "cmk_wrong_via"));
        Assert.Equal("cmk-value", S(o, "cmk_allowed"));
        Assert.Equal("AccessDeniedException: Access to KMS is not allowed", S(o, "put_denied"));
        Assert.StartsWith("AccessDeniedException: User: arn:aws:iam::000000000000:user/sm-decrypter is not authorized to perform: kms:Decrypt", S(o, "direct_decrypt"));
        Assert.Null(o["managed"]);
        Assert.Equal("AWS", S(o, "alias"));
    }

    [Fact]
    public void Cross_account_reads_need_the_resource_policy_the_identity_policy_and_the_key_policy()
    {
        var o = Run("""
            iam2 = boto3.client("iam", aws_access_key_id="test2", aws_secret_access_key="test2")
            m = kms.create_key()["KeyMetadata"]
            arn = sm.create_secret(Name="shared/secret", SecretString="shared", KmsKeyId=m["Arn"], Tags=[{"Key": "share", "Value": "yes"}])["ARN"]
            default_arn = sm.create_secret(Name="shared/default", SecretString="x")["ARN"]
            reader = user("x-reader", [{"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue", "kms:Decrypt"], "Resource": "*"}], iam_client=iam2)
            out["no_resource_policy"] = err(reader.get_secret_value, SecretId=arn)
            policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
                "Action": "secretsmanager:GetSecretValue", "Resource": "*", "Condition": {"StringEquals": {"secretsmanager:ResourceTag/share": "yes"}}}]}
            sm.put_resource_policy(SecretId=arn, ResourcePolicy=json.dumps(policy))
            sm.put_resource_policy(SecretId=default_arn, ResourcePolicy=json.dumps(policy | {"Statement": [policy["Statement"][0] | {"Condition": {}}]}))
            out["got_policy"] = "ResourcePolicy" in sm.get_resource_policy(SecretId=arn)
            out["no_key_policy"] = err(reader.get_secret_value, SecretId=arn)
            kp = json.loads(kms.get_key_policy(KeyId=m["KeyId"], PolicyName="default")["Policy"])
            kp["Statement"].append({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "kms:Decrypt", "Resource": "*"})
            kms.put_key_policy(KeyId=m["KeyId"], PolicyName="default", Policy=json.dumps(kp))
            out["all_three"] = reader.get_secret_value(SecretId=arn)["SecretString"]
            no_identity = user("x-none", [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}], iam_client=iam2)
            out["no_identity"] = err(no_identity.get_secret_value, SecretId=arn)
            out["default_key"] = err(reader.get_secret_value, SecretId=default_arn)
            sm.delete_resource_policy(SecretId=arn)
            out["policy_deleted"] = err(reader.get_secret_value, SecretId=arn)
            """);
        Assert.Matches("^AccessDeniedException: .*because no resource-based policy allows the secretsmanager:GetSecretValue action$", S(o, "no_resource_policy"));
        Assert.True(o["got_policy"]!.GetValue<bool>());
        Assert.Equal("AccessDeniedException: Access to KMS is not allowed", S(o, "no_key_policy"));
        Assert.Equal("shared", S(o, "all_three"));
        Assert.Matches("because no identity-based policy allows the secretsmanager:GetSecretValue action$", S(o, "no_identity"));
        Assert.Equal("InvalidRequestException: You can't access a secret from a different AWS account if you encrypt the secret with the default KMS service key.", S(o, "default_key"));
        Assert.StartsWith("AccessDeniedException", S(o, "policy_deleted"));
    }

    [Fact]
    public void The_cli_creates_reads_and_batch_reads_secrets()
    {
        stevedore.Aws("secretsmanager", "create-secret", "--name", "cli/one", "--secret-string", "1").Succeeded();
        Assert.Equal("1", stevedore.Aws("secretsmanager", "get-secret-value", "--secret-id", "cli/one").Succeeded().Json["SecretString"]!.GetValue<string>());
        var batch = stevedore.Aws("secretsmanager", "batch-get-secret-value", "--secret-id-list", "cli/one", "cli/none").Succeeded().Json;
        Assert.Single(batch["SecretValues"]!.AsArray());
        Assert.Equal("ResourceNotFoundException", batch["Errors"]![0]!["ErrorCode"]!.GetValue<string>());
        stevedore.Aws("secretsmanager", "describe-secret", "--secret-id", "cli/none").FailedWith("ResourceNotFoundException");
    }
}
