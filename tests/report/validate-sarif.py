#!/usr/bin/python3
"""validate-sarif.py: checks a SARIF report of dockward against the schema and its JSON report.

    validate-sarif.py SCHEMA.json SARIF.json REPORT.json

SCHEMA is the SARIF 2.1.0 JSON schema (tests/report/sarif-2.1.0-rtm.5.json, see README.md): the
document must validate with Debian's python3-jsonschema, with the validator of the draft the
schema declares (draft-04 for that file; Draft 7 for a schema that declares none), formats
checked where the installed checkers can. Then, against the JSON report of the same audit (see
src/report/render-sarif.c for the mapping):
  - one run; the driver's rules have unique ids and include every rule of the JSON report;
  - results: for each failing or waived rule, one per object that failed, or one when none did
    (counted per rule, and as many rules as the summary's fail + waived); each result's
    ruleIndex names its ruleId and its level follows the severity (critical/high error, medium
    warning, low note); waived rules' results, and only those, carry an accepted external
    suppression;
  - one error notification per rule in error, naming it, as many as the summary counts;
    executionSuccessful false when any;
  - every region has a startLine (the final OASIS schema wants one of startLine, charOffset or
    byteOffset; the rtm.5 schema does not check it);
  - every artifactLocation.uri is a relative reference inside the root: no scheme, no leading
    '/', no "." or ".." segment, only characters a URI allows (others percent-encoded);
  - the run's summary property equals the JSON report's summary.

Exit 0 when all holds, 1 with one line per problem otherwise.
"""
import collections
import json
import re
import sys

import jsonschema

LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})+$")


def artifact_locations(node):
    """Every artifactLocation object anywhere in node."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "artifactLocation":
                yield value
            yield from artifact_locations(value)
    elif isinstance(node, list):
        for value in node:
            yield from artifact_locations(value)


def regions(node):
    """Every region object anywhere in node."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "region":
                yield value
            yield from regions(value)
    elif isinstance(node, list):
        for value in node:
            yield from regions(value)


def check_uri(uri):
    """A problem with a host-relative URI, or None."""
    if not URI_CHARS.match(uri):
        return "characters a URI does not allow"
    first = uri.split("/", 1)[0]
    if uri.startswith("/") or ":" in first:
        return "not a relative reference"
    if any(seg in (".", "..") for seg in uri.split("/")):
        return "a '.' or '..' segment"
    return None


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: validate-sarif.py SCHEMA.json SARIF.json REPORT.json")
    name = sys.argv[2]
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    try:
        with open(name, encoding="utf-8") as f:
            doc = json.load(f)
    except (ValueError, UnicodeDecodeError) as e:
        print(f"{name}: not JSON: {e}")
        return 1
    with open(sys.argv[3], encoding="utf-8") as f:
        report = json.load(f)

    problems = []
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=jsonschema.FormatChecker())
    for err in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
        path = "/".join(str(p) for p in err.absolute_path)
        problems.append(f"schema: at /{path}: {err.message[:300]}")

    runs = doc.get("runs") or []
    if len(runs) != 1:
        problems.append(f"{len(runs)} runs, expected 1")
    if problems:
        for p in problems:
            print(f"{name}: {p}")
        return 1
    run = runs[0]

    rules = run["tool"]["driver"].get("rules", [])
    ids = [r["id"] for r in rules]
    if len(set(ids)) != len(ids):
        problems.append("driver rules with the same id")
    by_id = {r["id"]: r for r in report["results"]}
    for rid in by_id:
        if rid not in ids:
            problems.append(f"rule {rid!r} of the JSON report not among the driver's rules")

    # Results, counted per rule.
    want = collections.Counter()
    for res in report["results"]:
        if res["status"] in ("fail", "waived"):
            failed = sum(1 for o in res["objects"] if o["status"] == "fail")
            want[res["id"]] = failed or 1
    got = collections.Counter()
    for i, x in enumerate(run.get("results", [])):
        rid = x.get("ruleId")
        got[rid] += 1
        res = by_id.get(rid)
        if res is None:
            problems.append(f"result {i}: rule {rid!r} not in the JSON report")
            continue
        idx = x.get("ruleIndex")
        if idx is None or not 0 <= idx < len(rules) or rules[idx]["id"] != rid:
            problems.append(f"result {i}: ruleIndex {idx} does not name {rid!r}")
        if x.get("level") != LEVEL[res["severity"]]:
            problems.append(f"result {i} ({rid}): level {x.get('level')!r} for severity "
                            f"{res['severity']}")
        sup = x.get("suppressions")
        if res["status"] == "waived":
            if not sup or sup[0].get("kind") != "external" or sup[0].get("status") != "accepted":
                problems.append(f"result {i} ({rid}): waived without an accepted external "
                                "suppression")
        elif sup:
            problems.append(f"result {i} ({rid}): suppressed, but its status is {res['status']}")
    if got != want:
        for rid in sorted(set(got) | set(want)):
            if got[rid] != want[rid]:
                problems.append(f"rule {rid!r}: {got[rid]} results, {want[rid]} expected from "
                                "the JSON report")
    n_results = len(run.get("results", []))
    if len(got) != report["summary"]["fail"] + report["summary"]["waived"]:
        problems.append(f"results for {len(got)} rules, summary says "
                        f"{report['summary']['fail']} fail and {report['summary']['waived']} "
                        "waived")

    # Rules in error: notifications.
    inv = run["invocations"][0]
    notes = [n for n in inv.get("toolExecutionNotifications", []) if n.get("level") == "error"]
    errors = sorted(r["id"] for r in report["results"] if r["status"] == "error")
    named = sorted(n.get("associatedRule", {}).get("id") for n in notes)
    if named != errors:
        problems.append(f"error notifications for {named}, rules in error {errors}")
    if len(notes) != report["summary"]["error"]:
        problems.append(f"{len(notes)} error notifications, summary says "
                        f"{report['summary']['error']} rules in error")
    if inv["executionSuccessful"] != (not errors):
        problems.append(f"executionSuccessful {inv['executionSuccessful']} with "
                        f"{len(errors)} rules in error")

    for loc in artifact_locations(run):
        uri = loc.get("uri")
        why = check_uri(uri) if uri is not None else "no uri"
        if why:
            problems.append(f"artifactLocation uri {uri!r}: {why}")

    for region in regions(run):
        if not isinstance(region.get("startLine"), int) or region["startLine"] < 1:
            problems.append(f"region without a startLine: {region}")

    summary = run.get("properties", {}).get("summary")
    if summary != report["summary"]:
        problems.append(f"run summary {summary}, JSON report {report['summary']}")

    for p in problems:
        print(f"{name}: {p}")
    if not problems:
        print(f"{name}: valid SARIF 2.1.0; {len(rules)} rules, {n_results} results, "
              f"{len(notes)} error notifications, as in the JSON report")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
