# Calls every implemented S3 operation twice: as a user with no permissions and as a user allowed s3:*.
# Prints {"Operation": ["code-as-nobody", "code-as-allowed"]}; a code is "OK" or the AWS error code.
nobody = keys_for(unique("s3-enforce-nobody"))
allowed = keys_for(unique("s3-enforce-allowed"), {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})
bucket = unique("enforce")
s3.create_bucket(Bucket=bucket)
s3.put_object(Bucket=bucket, Key="k", Body=b"x")
s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/never"}]}))
s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "a", "Value": "b"}]})

calls = {
    "CreateBucket": lambda c, who: c.create_bucket(Bucket=f"{bucket}-{who}"),
    "HeadBucket": lambda c, who: c.head_bucket(Bucket=bucket),
    "GetBucketLocation": lambda c, who: c.get_bucket_location(Bucket=bucket),
    "DeleteBucket": lambda c, who: c.delete_bucket(Bucket=bucket),
    "ListBuckets": lambda c, who: c.list_buckets(),
    "PutObject": lambda c, who: c.put_object(Bucket=bucket, Key=f"put-{who}", Body=b"x"),
    "GetObject": lambda c, who: c.get_object(Bucket=bucket, Key="k"),
    "HeadObject": lambda c, who: c.head_object(Bucket=bucket, Key="k"),
    "DeleteObject": lambda c, who: c.delete_object(Bucket=bucket, Key="gone"),
    "DeleteObjects": lambda c, who: c.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "gone"}]}),
    "ListObjectsV2": lambda c, who: c.list_objects_v2(Bucket=bucket),
    "ListObjects": lambda c, who: c.list_objects(Bucket=bucket),
    "CopyObject": lambda c, who: c.copy_object(Bucket=bucket, Key=f"copy-{who}", CopySource=f"{bucket}/k"),
    "PutBucketPolicy": lambda c, who: c.put_bucket_policy(Bucket=bucket, Policy=s3.get_bucket_policy(Bucket=bucket)["Policy"]),
    "GetBucketPolicy": lambda c, who: c.get_bucket_policy(Bucket=bucket),
    "DeleteBucketPolicy": lambda c, who: c.delete_bucket_policy(Bucket=f"{bucket}-{who}") if who == "allowed" else c.delete_bucket_policy(Bucket=bucket),
    "PutBucketTagging": lambda c, who: c.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "a", "Value": "b"}]}),
    "GetBucketTagging": lambda c, who: c.get_bucket_tagging(Bucket=bucket),
    "DeleteBucketTagging": lambda c, who: c.delete_bucket_tagging(Bucket=f"{bucket}-{who}") if who == "allowed" else c.delete_bucket_tagging(Bucket=bucket),
}


def outcome(client, operation, who):
    try:
        result = calls[operation](client, who)
        # DeleteObjects answers 200 and reports each denied key.
        if operation == "DeleteObjects" and result.get("Errors"):
            return result["Errors"][0]["Code"]
        return "OK"
    except ClientError as e:
        code = e.response["Error"].get("Code")
        # A HEAD error has no body: the client sees only the status ("403" is S3's AccessDenied).
        return "AccessDenied" if code == "403" else code


matrix = {}
for operation in calls:
    if operation == "DeleteBucket":
        continue
    matrix[operation] = [outcome(nobody, operation, "nobody"), outcome(allowed, operation, "allowed")]
matrix["DeleteBucket"] = [outcome(nobody, "DeleteBucket", "nobody"), outcome(allowed, "DeleteBucket", "allowed")]
print(json.dumps(matrix))
