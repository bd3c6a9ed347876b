#!/usr/bin/env python3
"""Signs varied requests with botocore's own SigV4 signers and writes vectors.json.

The C# tests read vectors.json: every vector must verify, and mutated copies must fail.
Rerun with: python3 make_vectors.py  (needs botocore; output is deterministic).
"""
import base64
import datetime
import json
import os
from unittest import mock

import botocore
import botocore.auth as auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

NOW = datetime.datetime(2024, 5, 17, 9, 41, 7)
KEY = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
TEMP = Credentials(
    "ASIAJEXAMPLEXEG2JICEA",
    "9drTJvcXLB89EXAMPLELB8923FB892xMFI",
    "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJGMEQCIBdhfTd+token/with+slashes==",
)
IAM_HOST = "iam.amazonaws.com"
STS_HOST = "sts.amazonaws.com"
FORM = "application/x-www-form-urlencoded; charset=utf-8"


def vector(name, method, host, path, query="", headers=(), body=b"", service="iam",
           region="us-east-1", creds=KEY, presign=None, unsigned_payload=False, signer=None):
    url = f"https://{host}{path}" + (f"?{query}" if query else "")
    req = AWSRequest(method=method, url=url, data=body)
    req.headers["Host"] = host
    for k, v in headers:
        req.headers[k] = v  # HTTPHeaders appends: repeated names stay repeated
    if unsigned_payload:
        req.context["payload_signing_enabled"] = False
    if signer is None:
        signer = auth.SigV4QueryAuth if presign else auth.SigV4Auth
    s = signer(creds, service, region, expires=presign) if presign else signer(creds, service, region)
    with mock.patch.object(auth, "get_current_datetime", return_value=NOW):
        s.add_auth(req)
    split = botocore.compat.urlsplit(req.url)
    wire_headers = [[k, v] for k, v in req.headers.items()]
    return {
        "name": name,
        "method": method,
        "host": host,
        "rawPath": split.path,
        "rawQuery": split.query,
        "headers": wire_headers,
        "bodyBase64": base64.b64encode(body).decode(),
        "service": service,
        "region": region,
        "presigned": bool(presign),
        "accessKeyId": creds.access_key,
        "secretAccessKey": creds.secret_key,
        "sessionToken": creds.token,
        "time": NOW.strftime("%Y%m%dT%H%M%SZ"),
        "client": f"botocore {botocore.__version__} {signer.__name__}",
    }


def form(**params):
    from urllib.parse import urlencode
    return urlencode(params).encode()


V = []
add = V.append
# IAM and STS Query POST bodies.
add(vector("iam-list-roles", "POST", IAM_HOST, "/", headers=[("Content-Type", FORM)],
           body=form(Action="ListRoles", Version="2010-05-08")))
add(vector("iam-create-role-policy-doc", "POST", IAM_HOST, "/", headers=[("Content-Type", FORM)],
           body=form(Action="CreateRole", Version="2010-05-08", RoleName="app-role", Path="/svc/",
                     AssumeRolePolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
                     '"Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}')))
add(vector("iam-unicode-description", "POST", IAM_HOST, "/", headers=[("Content-Type", FORM)],
           body=form(Action="UpdateRoleDescription", Version="2010-05-08", RoleName="r",
                     Description="Rôle für Tâches — ✓")))
add(vector("sts-get-caller-identity", "POST", STS_HOST, "/", service="sts",
           headers=[("Content-Type", FORM)], body=form(Action="GetCallerIdentity", Version="2011-06-15")))
add(vector("sts-assume-role-regional", "POST", "sts.eu-west-1.amazonaws.com", "/", service="sts",
           region="eu-west-1", headers=[("Content-Type", FORM)],
           body=form(Action="AssumeRole", Version="2011-06-15", RoleArn="arn:aws:iam::123456789012:role/x",
                     RoleSessionName="s1", DurationSeconds="3600")))
add(vector("sts-session-token", "POST", STS_HOST, "/", service="sts", creds=TEMP,
           headers=[("Content-Type", FORM)], body=form(Action="GetCallerIdentity", Version="2011-06-15")))
add(vector("iam-session-token", "POST", IAM_HOST, "/", creds=TEMP,
           headers=[("Content-Type", FORM)], body=form(Action="GetUser", Version="2010-05-08")))
add(vector("iam-empty-body", "POST", IAM_HOST, "/", headers=[("Content-Type", FORM)]))
add(vector("localhost-port", "POST", "localhost:4566", "/", headers=[("Content-Type", FORM)],
           body=form(Action="ListRoles", Version="2010-05-08")))
# GET with tricky query strings (on the wire as botocore would send them).
add(vector("get-query-simple", "GET", IAM_HOST, "/", query="Action=ListRoles&Version=2010-05-08"))
add(vector("get-query-unsorted", "GET", IAM_HOST, "/", query="Version=2010-05-08&Action=ListUsers&MaxItems=5"))
add(vector("get-query-space", "GET", IAM_HOST, "/", query="Action=ListRoles&PathPrefix=%2Fa%20b%2F&Version=2010-05-08"))
add(vector("get-query-plus", "GET", IAM_HOST, "/", query="Action=X&Value=a%2Bb&Version=2010-05-08"))
add(vector("get-query-tilde-unreserved", "GET", IAM_HOST, "/", query="a~b=c~d&-_.=x&Action=X"))
add(vector("get-query-unicode", "GET", IAM_HOST, "/", query="Name=%E2%9C%93%20caf%C3%A9&Action=X"))
add(vector("get-query-repeated-keys", "GET", IAM_HOST, "/", query="k=3&k=1&k=2&Action=X"))
add(vector("get-query-empty-values", "GET", IAM_HOST, "/", query="empty=&Action=X&other="))
add(vector("get-query-reserved", "GET", IAM_HOST, "/", query="q=%21%27%28%29%2A%40%3A%2C%3B%3D%26&Action=X"))
add(vector("get-query-case-sort", "GET", IAM_HOST, "/", query="b=1&B=2&a=3&A=4"))
# Paths with spaces, unicode and odd characters (non-S3: double-encoded by the signer).
add(vector("path-space", "GET", "example.amazonaws.com", "/documents%20and%20settings/", service="execute-api"))
add(vector("path-unicode", "GET", "example.amazonaws.com", "/caf%C3%A9/%E2%9C%93", service="execute-api"))
add(vector("path-dots-and-slashes", "GET", "example.amazonaws.com", "/a/./b//c/../d/", service="execute-api"))
add(vector("path-reserved", "GET", "example.amazonaws.com", "/a:b@c/d!e$f", service="execute-api"))
# Extra headers: multiple spaces, repeated headers, odd case.
add(vector("header-spaces", "POST", IAM_HOST, "/", headers=[("Content-Type", FORM),
           ("X-Amz-Meta-Note", "  several   spaces\there  ")], body=form(Action="ListRoles", Version="2010-05-08")))
add(vector("header-repeated", "GET", IAM_HOST, "/", query="Action=X",
           headers=[("My-Header", "value2"), ("My-Header", "value1"), ("my-header", " value3 ")]))
add(vector("header-mixed-case", "GET", IAM_HOST, "/", query="Action=X",
           headers=[("X-CUSTOM-Header", "MiXeD Value"), ("user-agent", "aws-cli/2.15 Python/3.11")]))
add(vector("unsigned-payload", "POST", IAM_HOST, "/", headers=[("Content-Type", FORM)],
           body=form(Action="ListRoles", Version="2010-05-08"), unsigned_payload=True))
# Presigned GET (query-string auth).
add(vector("presign-sts-get-caller-identity", "GET", STS_HOST, "/", service="sts",
           query="Action=GetCallerIdentity&Version=2011-06-15", presign=900))
add(vector("presign-sts-session-token", "GET", STS_HOST, "/", service="sts", creds=TEMP,
           query="Action=GetCallerIdentity&Version=2011-06-15", presign=60))
add(vector("presign-iam-week", "GET", IAM_HOST, "/", query="Action=ListRoles&Version=2010-05-08&PathPrefix=%2Fx%20y%2F",
           presign=604800))
add(vector("presign-eks-token-header", "GET", STS_HOST, "/", service="sts",
           query="Action=GetCallerIdentity&Version=2011-06-15", headers=[("x-k8s-aws-id", "my-cluster")], presign=60))
# S3 (single-encoded path, payload hash header).
add(vector("s3-put-object", "PUT", "bucket.s3.us-east-1.amazonaws.com", "/my%20key/caf%C3%A9%2Bplus.txt",
           service="s3", body=b"hello world\n", signer=auth.S3SigV4Auth))
add(vector("s3-presign-get", "GET", "bucket.s3.us-east-1.amazonaws.com", "/photos/2024/a%20b.jpg", service="s3",
           presign=3600, signer=auth.S3SigV4QueryAuth))

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vectors.json")
with open(out, "w", encoding="utf-8") as f:
    json.dump({"source": "botocore " + botocore.__version__ + " (tests/Stevedore.Aws.Tests/SigV4/make_vectors.py)",
               "vectors": V}, f, indent=1, ensure_ascii=False)
    f.write("\n")
print(f"wrote {len(V)} vectors to {out}")
