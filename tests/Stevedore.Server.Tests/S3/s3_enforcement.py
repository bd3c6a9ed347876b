# The S3 enforcement matrix: every implemented operation as a principal with no permissions and as one allowed s3:*
# (see Enforcement/enforcement_common.py for the principals, the run and the output). DeleteBucket runs last.
import json
from enforcement_common import Matrix, first_error, root, unique

matrix = Matrix("s3", "s3:*")
s3 = root("s3")
bucket = unique("enforce")
s3.create_bucket(Bucket=bucket)
s3.put_object(Bucket=bucket, Key="k", Body=b"x")
s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/never"}]}))
s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "a", "Value": "b"}]})

matrix.run({
    "CreateBucket": lambda c, who: c.create_bucket(Bucket=f"{bucket}-{who}"),
    "HeadBucket": lambda c, who: c.head_bucket(Bucket=bucket),
    "GetBucketLocation": lambda c, who: c.get_bucket_location(Bucket=bucket),
    "ListBuckets": lambda c, who: c.list_buckets(),
    "PutObject": lambda c, who: c.put_object(Bucket=bucket, Key=f"put-{who}", Body=b"x"),
    "GetObject": lambda c, who: c.get_object(Bucket=bucket, Key="k"),
    "HeadObject": lambda c, who: c.head_object(Bucket=bucket, Key="k"),
    "DeleteObject": lambda c, who: c.delete_object(Bucket=bucket, Key="gone"),
    # DeleteObjects answers 200 and reports each denied key.
    "DeleteObjects": lambda c, who: first_error(c.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "gone"}]}), code="Code"),
    "ListObjectsV2": lambda c, who: c.list_objects_v2(Bucket=bucket),
    "ListObjects": lambda c, who: c.list_objects(Bucket=bucket),
    "CopyObject": lambda c, who: c.copy_object(Bucket=bucket, Key=f"copy-{who}", CopySource=f"{bucket}/k"),
    "PutBucketPolicy": lambda c, who: c.put_bucket_policy(Bucket=bucket, Policy=s3.get_bucket_policy(Bucket=bucket)["Policy"]),
    "GetBucketPolicy": lambda c, who: c.get_bucket_policy(Bucket=bucket),
    # The allowed principal deletes its own bucket's (absent) policy and tags, leaving the shared bucket's for later cases.
    "DeleteBucketPolicy": lambda c, who: c.delete_bucket_policy(Bucket=f"{bucket}-{who}" if who == "allowed" else bucket),
    "PutBucketTagging": lambda c, who: c.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "a", "Value": "b"}]}),
    "GetBucketTagging": lambda c, who: c.get_bucket_tagging(Bucket=bucket),
    "DeleteBucketTagging": lambda c, who: c.delete_bucket_tagging(Bucket=f"{bucket}-{who}" if who == "allowed" else bucket),
    "DeleteBucket": lambda c, who: c.delete_bucket(Bucket=bucket),
})
