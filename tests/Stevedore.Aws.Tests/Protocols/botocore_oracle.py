#!/usr/bin/env python3
"""Test oracle: botocore's own serializers and parsers (Query, EC2, JSON, REST-XML).

Reads a JSON array of requests on stdin and writes a JSON array of results on stdout:
  {"cmd": "serialize", "service": "iam", "operation": "CreateRole", "params": {...}}
      -> {"body": "<the exact body botocore sends>", "headers": {...}, "method": "PUT", "path": "/b/k", "query": "list-type=2"}
         (path and query as on the wire, still percent-encoded; they matter for the rest protocols)
  {"cmd": "parse", "service": "iam", "operation": "GetRole", "status": 200, "body": "<xml>", "headers": {...}}
      -> {"parsed": {... botocore's parsed response, timestamps as ISO 8601 with Z ...}}
"""
import datetime
import json
import sys
from urllib.parse import urlsplit

import types

import botocore.handlers
import botocore.session
from botocore.awsrequest import HeadersDict, create_request_object, prepare_request_dict
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

_session = botocore.session.get_session()
_models = {}


def model(service):
    if service not in _models:
        _models[service] = _session.get_service_model(service)
    return _models[service]


def timestamp(value):
    utc = value.astimezone(datetime.timezone.utc)
    if utc.microsecond:
        return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
    return utc.strftime("%Y-%m-%dT%H:%M:%SZ")


def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, datetime.datetime):
        return timestamp(value)
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value


def serialize(req):
    service_model = model(req["service"])
    operation = service_model.operation_model(req["operation"])
    serializer = create_serializer(service_model.metadata["protocol"], include_validation=True)
    request = serializer.serialize_to_request(req.get("params", {}), operation)
    prepare_request_dict(request, endpoint_url="https://example.amazonaws.com")
    prepared = create_request_object(request).prepare()
    body = prepared.body
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    headers = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in prepared.headers.items()}
    url = urlsplit(prepared.url)
    return {"body": body, "headers": headers, "method": prepared.method, "path": url.path, "query": url.query}


def parse(req):
    service_model = model(req["service"])
    operation = service_model.operation_model(req["operation"])
    parser = create_parser(service_model.metadata["protocol"])
    response = {
        "body": req["body"].encode("utf-8"),
        "headers": HeadersDict(req.get("headers", {"content-type": "text/xml"})),
        "status_code": req.get("status", 200),
    }
    shape = operation.output_shape
    if response["status_code"] >= 300:
        shape = None
    parsed = parser.parse(response, shape)
    if req["service"] == "s3" and req["operation"] == "GetBucketLocation" and response["status_code"] < 300:
        # The client's after-call handler reads the root element's text (the generic parser cannot).
        botocore.handlers.parse_get_bucket_location(parsed, types.SimpleNamespace(raw=True, content=response["body"]))
    return {"parsed": plain(parsed)}


def main():
    results = []
    for req in json.load(sys.stdin):
        try:
            results.append({"serialize": serialize, "parse": parse}[req["cmd"]](req))
        except Exception as e:  # reported to the test, which fails with it
            results.append({"exception": f"{type(e).__name__}: {e}"})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
