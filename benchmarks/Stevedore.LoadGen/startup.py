#!/usr/bin/env python3
"""Start `stevedore serve --ephemeral --port P` and time until the first 200 to a SigV4-signed GetCallerIdentity.
Polls every 2 ms with a fresh connection; prints each run and the median in ms (wall clock), and the CPU time the
server process had used by then (user+system, all threads, from /proc: less sensitive to a loaded machine).
Usage: startup.py BIN[,BIN2,...] [runs=5] [port=24513]
Several binaries (comma-separated) are measured interleaved, run by run, for an A/B comparison in the same session."""
import datetime, hashlib, hmac, http.client, os, statistics, subprocess, sys, time

BINS, RUNS, PORT = sys.argv[1].split(","), int(sys.argv[2]) if len(sys.argv) > 2 else 5, int(sys.argv[3]) if len(sys.argv) > 3 else 24513
BODY = b"Action=GetCallerIdentity&Version=2011-06-15"
CT = "application/x-www-form-urlencoded; charset=utf-8"
TICK = os.sysconf("SC_CLK_TCK")

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

def cpu_ms(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / TICK  # utime + stime
    except OSError:
        return float("nan")

def run_once(binary):
    hdrs = signed_headers()
    t0 = time.perf_counter()
    p = subprocess.Popen([binary, "serve", "--ephemeral", "--port", str(PORT)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ms = cpu = None
    try:
        while time.perf_counter() - t0 < 10:
            try:
                c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
                c.request("POST", "/", BODY, hdrs)
                if c.getresponse().status == 200:
                    ms = (time.perf_counter() - t0) * 1000
                    cpu = cpu_ms(p.pid)
                    break
            except OSError:
                time.sleep(0.002)
    finally:
        p.kill(); p.wait(5)  # SIGKILL: serve may take seconds to stop on SIGTERM
    return ms, cpu

times = {b: [] for b in BINS}
cpus = {b: [] for b in BINS}
for i in range(RUNS):
    for b in BINS:
        ms, cpu = run_once(b)
        print(f"run {i+1} {b}: {ms:.0f} ms, cpu {cpu:.0f} ms" if ms else f"run {i+1} {b}: no answer in 10 s", flush=True)
        if ms:
            times[b].append(ms); cpus[b].append(cpu)
        time.sleep(0.3)
for b in BINS:
    t, c = times[b], cpus[b]
    if not t:
        print(f"STARTUP {b} no successful run"); continue
    prefix = "STARTUP" if len(BINS) == 1 else f"STARTUP {b}"
    print(f"{prefix} median_ms={statistics.median(t):.0f} min_ms={min(t):.0f} max_ms={max(t):.0f} cpu_median_ms={statistics.median(c):.0f}")
