using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.S3;

/// <summary>Buckets through boto3: create (LocationConstraint, naming rules, ownership errors), head, location, list, delete.</summary>
public sealed class S3BucketTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void Buckets_are_created_listed_located_and_deleted() => S3Scripts.Run(stevedore, """
        name = unique("bkt")
        assert s3.create_bucket(Bucket=name)["Location"] == "/" + name
        assert s3.head_bucket(Bucket=name)["ResponseMetadata"]["HTTPHeaders"]["x-amz-bucket-region"] == "us-east-1"
        assert s3.get_bucket_location(Bucket=name)["LocationConstraint"] is None
        assert name in [b["Name"] for b in s3.list_buckets()["Buckets"]]
        assert name not in [b["Name"] for b in other.list_buckets()["Buckets"]]
        # us-east-1: re-creating your own bucket succeeds (legacy behaviour).
        s3.create_bucket(Bucket=name)
        s3.delete_bucket(Bucket=name)
        assert error(s3.head_bucket, Bucket=name)[2] == 404

        eu = boto3.client("s3", config=cfg, region_name="eu-west-1")
        euname = unique("bkt-eu")
        eu.create_bucket(Bucket=euname, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        assert eu.get_bucket_location(Bucket=euname)["LocationConstraint"] == "eu-west-1"
        code, message, status, _ = error(eu.create_bucket, Bucket=euname, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        assert (code, status) == ("BucketAlreadyOwnedByYou", 409), code
        assert message == "Your previous request to create the named bucket succeeded and you already own it."
        code, message, status, _ = error(eu.create_bucket, Bucket=unique("bkt"))
        assert code == "IllegalLocationConstraintException", code
        assert message == "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to."
        """);

    [Fact]
    public void Naming_and_ownership_errors_are_AWS_s() => S3Scripts.Run(stevedore, """
        for bad in ["ab", "UPPER-case", "has_underscore", "192.168.1.1", "a..b", "-start", "xn--punycode", "x" * 64]:
            code, message, status, err = error(s3.create_bucket, Bucket=bad)
            assert (code, message, status) == ("InvalidBucketName", "The specified bucket is not valid.", 400), (bad, code, message)
            assert err["BucketName"] == bad
        name = unique("bkt")
        s3.create_bucket(Bucket=name)
        code, message, status, _ = error(other.create_bucket, Bucket=name)
        assert (code, status) == ("BucketAlreadyExists", 409), code
        assert message.startswith("The requested bucket name is not available.")
        s3.put_object(Bucket=name, Key="k", Body=b"x")
        code, message, status, err = error(s3.delete_bucket, Bucket=name)
        assert (code, message, status) == ("BucketNotEmpty", "The bucket you tried to delete is not empty", 409)
        code, message, status, err = error(s3.get_bucket_location, Bucket=unique("ghost"))
        assert (code, message, status) == ("NoSuchBucket", "The specified bucket does not exist", 404)
        assert err["BucketName"].startswith("ghost-")
        code, _, _, _ = error(s3.create_bucket, Bucket=unique("bkt"), CreateBucketConfiguration={"LocationConstraint": "us-east-1"})
        assert code == "InvalidLocationConstraint", code
        """);

    [Fact]
    public void Bucket_policies_and_tags_round_trip_with_AWS_s_errors() => S3Scripts.Run(stevedore, """
        name = unique("pol")
        s3.create_bucket(Bucket=name)
        code, message, status, err = error(s3.get_bucket_policy, Bucket=name)
        assert (code, message, status) == ("NoSuchBucketPolicy", "The bucket policy does not exist", 404)
        policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
                             "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/*"}]})
        s3.put_bucket_policy(Bucket=name, Policy=policy)
        assert s3.get_bucket_policy(Bucket=name)["Policy"] == policy
        bad = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::elsewhere/*"}]})
        assert error(s3.put_bucket_policy, Bucket=name, Policy=bad)[:3] == ("MalformedPolicy", "Policy has invalid resource", 400)
        assert error(s3.put_bucket_policy, Bucket=name, Policy="{not json")[:2] == ("MalformedPolicy", "This policy contains invalid Json")
        s3.delete_bucket_policy(Bucket=name)
        assert error(s3.get_bucket_policy, Bucket=name)[0] == "NoSuchBucketPolicy"

        code, message, status, _ = error(s3.get_bucket_tagging, Bucket=name)
        assert (code, message, status) == ("NoSuchTagSet", "The TagSet does not exist", 404)
        s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": [{"Key": "team", "Value": "core"}, {"Key": "env", "Value": "dev"}]})
        assert s3.get_bucket_tagging(Bucket=name)["TagSet"] == [{"Key": "team", "Value": "core"}, {"Key": "env", "Value": "dev"}]
        assert error(s3.put_bucket_tagging, Bucket=name, Tagging={"TagSet": [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}]})[0] == "InvalidTag"
        s3.delete_bucket_tagging(Bucket=name)
        assert error(s3.get_bucket_tagging, Bucket=name)[0] == "NoSuchTagSet"
        """);
}
