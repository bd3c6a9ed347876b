#!/usr/bin/env python3
"""Start `stevedore serve --ephemeral --port P` and time until the first 200 to a SigV4-signed GetCallerIdentity.
Polls every 2 ms with a fresh connection; prints each run and the median in ms. Usage: startup.py BIN [runs=5]"""
import datetime, hashlib, hmac, http.client, statistics, subprocess, sys, time

BIN, RUNS, PORT = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5, int(sys.argv[3]) if len(sys.argv) > 3 else 47313
BODY = b"Action=GetCallerIdentity&Version=2011-06-15"
CT = "application/x-www-form-urlencoded; charset=utf-8"

def signed_headers():
    now = datetime.datetime.now(datetime.timezone.utc)
    stamp, date, host = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d"), f"127.0.0.1:{PORT}"
    scope = f"{date}/us-east-1/sts/aws4_request"
    canon = f"POST\n/\n\ncontent-type:{CT}\nhost:{host}\nx-amz-date:{stamp}\n\ncontent-type;host;x-amz-date\n{hashlib.sha256(BODY).hexdigest()}"
    sts = f"AWS4-HMAC-SHA256\n{stamp}\n{scope}\n{hashlib.sha256(canon.encode()).hexdigest()}"
    k = b"AWS4test"
    for part in (date, "us-east-1", "sts", "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    sig = hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()
    return {"Content-Type": CT, "Host": host, "X-Amz-Date": stamp,
            "Authorization": f"AWS4-HMAC-SHA256 Credential=test/{scope}, SignedHeaders=content-type;host;x-amz-date, Signature={sig}"}

times = []
for i in range(RUNS):
    hdrs = signed_headers()
    t0 = time.perf_counter()
    p = subprocess.Popen([BIN, "serve", "--ephemeral", "--port", str(PORT)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ms = None
    try:
        while time.perf_counter() - t0 < 10:
            try:
                c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
                c.request("POST", "/", BODY, hdrs)
                if c.getresponse().status == 200:
                    ms = (time.perf_counter() - t0) * 1000
                    break
            except OSError:
                time.sleep(0.002)
    finally:
        p.kill(); p.wait(5)  # SIGKILL: serve may take seconds to stop on SIGTERM
    print(f"run {i+1}: {ms:.0f} ms" if ms else f"run {i+1}: no answer in 10 s")
    if ms: times.append(ms)
    time.sleep(0.3)
print(f"STARTUP median_ms={statistics.median(times):.0f} min_ms={min(times):.0f} max_ms={max(times):.0f}")
