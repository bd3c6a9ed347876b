using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.S3;

/// <summary>S3 authorization beyond the enforcement matrix: bucket policies as resource policies, S3's denial messages.</summary>
public sealed class S3AuthorizationTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void A_bucket_policy_grants_another_account_and_S3_words_denials_as_AWS_does() => S3Scripts.Run(stevedore, """
        name = unique("xacct")
        s3.create_bucket(Bucket=name)
        s3.put_object(Bucket=name, Key="shared/config.env", Body=b"A=1")
        code, message, status, _ = error(other.get_object, Bucket=name, Key="shared/config.env")
        # Another account is told only "Access Denied".
        assert (code, message, status) == ("AccessDenied", "Access Denied", 403), message
        s3.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{name}/shared/*"}]}))
        assert other.get_object(Bucket=name, Key="shared/config.env")["Body"].read() == b"A=1"
        assert error(other.put_object, Bucket=name, Key="shared/x", Body=b"x")[0] == "AccessDenied"
        assert error(other.list_objects_v2, Bucket=name)[0] == "AccessDenied"

        # Same account: the detailed message, the resource quoted.
        reader = keys_for(unique("s3-nobody"))
        code, message, status, _ = error(reader.get_object, Bucket=name, Key="shared/config.env")
        assert code == "AccessDenied" and status == 403
        assert message.startswith("User: arn:aws:iam::000000000000:user/s3-nobody-"), message
        assert message.endswith(f' is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::{name}/shared/config.env" because no identity-based policy allows the s3:GetObject action'), message

        # A missing key is NoSuchKey only to callers who may list the bucket.
        getter = keys_for(unique("s3-getter"), {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
        assert error(getter.get_object, Bucket=name, Key="missing")[0] == "AccessDenied"
        lister = keys_for(unique("s3-lister"), {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}]})
        assert error(lister.get_object, Bucket=name, Key="missing")[0] == "NoSuchKey"

        # s3:prefix reaches the policy.
        scoped = keys_for(unique("s3-prefix"), {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket",
            "Resource": f"arn:aws:s3:::{name}", "Condition": {"StringLike": {"s3:prefix": "shared/*"}}}]})
        assert [o["Key"] for o in scoped.list_objects_v2(Bucket=name, Prefix="shared/")["Contents"]] == ["shared/config.env"]
        assert error(scoped.list_objects_v2, Bucket=name)[0] == "AccessDenied"

        # CopyObject needs s3:GetObject on the source as well as s3:PutObject on the target.
        writer = keys_for(unique("s3-writer"), {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]})
        assert error(writer.copy_object, Bucket=name, Key="copy", CopySource=f"{name}/shared/config.env")[0] == "AccessDenied"

        # DeleteObjects reports per-key denials.
        result = reader.delete_objects(Bucket=name, Delete={"Objects": [{"Key": "shared/config.env"}]})
        assert result["Errors"][0]["Code"] == "AccessDenied" and "Deleted" not in result
        """);

    [Fact]
    public void A_bucket_policy_with_aws_SourceVpce_allows_through_the_endpoint_and_denies_from_outside() => S3Scripts.Run(stevedore, """
        ec2 = boto3.client("ec2")

        def s3_from(vpc):
            client = boto3.client("s3", config=cfg)
            if vpc:
                def add_header(request, **kwargs):
                    request.headers["X-Stevedore-Source-Vpc"] = vpc
                client.meta.events.register("before-send.s3.*", add_header)
            return client

        def outcome(call, **kwargs):
            try:
                call(**kwargs)
                return "OK"
            except ClientError as e:
                return e.response["Error"]["Code"]

        vid = ec2.create_vpc(CidrBlock="10.120.0.0/16")["Vpc"]["VpcId"]
        ec2.modify_vpc_attribute(VpcId=vid, EnableDnsSupport={"Value": True})
        ec2.modify_vpc_attribute(VpcId=vid, EnableDnsHostnames={"Value": True})
        bare = ec2.create_vpc(CidrBlock="10.121.0.0/16")["Vpc"]["VpcId"]
        eid = ec2.create_vpc_endpoint(VpcId=vid, VpcEndpointType="Gateway", ServiceName="com.amazonaws.us-east-1.s3")["VpcEndpoint"]["VpcEndpointId"]

        name = unique("vpce")
        s3.create_bucket(Bucket=name)
        s3.put_object(Bucket=name, Key="config.env", Body=b"A=1")
        s3.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/*",
            "Condition": {"StringNotEquals": {"aws:SourceVpce": eid}}}]}))
        inside, outside, elsewhere = s3_from(vid), s3_from(None), s3_from(bare)
        assert inside.get_object(Bucket=name, Key="config.env")["Body"].read() == b"A=1"
        # Without the header, and from a VPC without an S3 endpoint, the request carries no aws:SourceVpce.
        assert outcome(outside.get_object, Bucket=name, Key="config.env") == "AccessDenied"
        assert outcome(elsewhere.get_object, Bucket=name, Key="config.env") == "AccessDenied"

        # The endpoint policy is a further gate, for requests through the endpoint only.
        blocked = unique("vpce-blocked")
        s3.create_bucket(Bucket=blocked)
        s3.put_object(Bucket=blocked, Key="k", Body=b"x")
        ec2.modify_vpc_endpoint(VpcEndpointId=eid, PolicyDocument=json.dumps({"Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [f"arn:aws:s3:::{blocked}", f"arn:aws:s3:::{blocked}/*"]}]}))
        assert outcome(inside.get_object, Bucket=blocked, Key="k") == "AccessDenied"
        assert outcome(inside.list_objects_v2, Bucket=blocked) == "AccessDenied"
        assert outcome(outside.get_object, Bucket=blocked, Key="k") == "OK"
        assert outcome(inside.get_object, Bucket=name, Key="config.env") == "OK"

        # Deleting the endpoint takes it out of the path: the bucket policy now denies from the VPC too.
        ec2.delete_vpc_endpoints(VpcEndpointIds=[eid])
        assert outcome(inside.get_object, Bucket=name, Key="config.env") == "AccessDenied"
        assert outcome(inside.get_object, Bucket=blocked, Key="k") == "OK"
        """);
}
