#!/usr/bin/env python3
"""Check the policy-evaluation corpus: every *.json parses as an array of cases,
required fields are present, expectations are valid, and names are unique across files.
Prints the number of cases per file and the total. Exit code 1 on any problem."""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXPECT = {"Allowed", "ExplicitDeny", "ImplicitDeny"}
MODES = {"standard", "trust", "kms"}
POLICY_KEYS = {"identity", "resource", "resourceAccount", "boundary", "session",
               "scps", "rcps", "vpcEndpoint"}
NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def main() -> int:
    problems = []
    seen = {}
    total = 0
    for path in sorted(HERE.glob("*.json")):
        try:
            cases = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            problems.append(f"{path.name}: invalid JSON: {e}")
            continue
        if not isinstance(cases, list):
            problems.append(f"{path.name}: top level is not an array")
            continue
        for i, c in enumerate(cases):
            where = f"{path.name}[{i}]"
            if not isinstance(c, dict):
                problems.append(f"{where}: case is not an object")
                continue
            name = c.get("name")
            if not isinstance(name, str) or not NAME.match(name):
                problems.append(f"{where}: name missing or not kebab-case: {name!r}")
            elif name in seen:
                problems.append(f"{where}: duplicate name {name!r} (also in {seen[name]})")
            else:
                seen[name] = path.name
            src = c.get("source", "")
            if not isinstance(src, str) or not src.startswith("https://docs.aws.amazon.com/"):
                problems.append(f"{where}: source is not a docs.aws.amazon.com URL")
            if c.get("expect") not in EXPECT:
                problems.append(f"{where}: expect must be one of {sorted(EXPECT)}")
            if c.get("mode", "standard") not in MODES:
                problems.append(f"{where}: unknown mode {c.get('mode')!r}")
            pol = c.get("policies")
            if not isinstance(pol, dict):
                problems.append(f"{where}: policies missing")
            else:
                extra = set(pol) - POLICY_KEYS
                if extra:
                    problems.append(f"{where}: unknown policy keys {sorted(extra)}")
            req = c.get("request")
            if not isinstance(req, dict) or not all(k in req for k in ("principal", "action", "resource")):
                problems.append(f"{where}: request needs principal, action, resource")
            msg = c.get("expectMessage")
            if msg is not None and c.get("expect") == "Allowed":
                problems.append(f"{where}: expectMessage on an Allowed case")
        print(f"{path.name:32} {len(cases):4}")
        total += len(cases)
    print(f"{'total':32} {total:4}")
    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
