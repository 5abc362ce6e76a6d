#!/usr/bin/python3
"""validate-junit.py: checks a JUnit report of dockward against its JSON report.

    validate-junit.py JUNIT.xml REPORT.json

The XML must parse with expat (xml.etree; it refuses anything not well-formed: a stray '<', a
control character, invalid UTF-8) and have the shape src/report/render-junit.c documents:
<testsuites> of <testsuite> (one per section) of <testcase>, each with at most one <failure>,
<error> or <skipped>. Then the counts must agree with the JSON report's summary (fail = failures,
error = errors, not_applicable + waived + manual = skipped, every result a testcase), each
testsuite's and the testsuites' attributes must agree with the elements they hold, and every JSON
result must have its testcase, in order: classname = section, name = "ID: TITLE" (the strings as
the renderer makes them safe for XML), failure type = severity.

Exit 0 when all holds, 1 with one line per problem otherwise. Debian's python3 standard library
only.
"""
import json
import sys
import xml.etree.ElementTree as ET

SKIPPED = ("not_applicable", "waived", "manual")
COUNTER = {"failure": "failures", "error": "errors", "skipped": "skipped"}


def xml_safe(s):
    """What the renderer writes for s: characters XML 1.0 does not allow (and the discouraged
    C1 controls and DEL) as U+FFFD. Invalid UTF-8 is U+FFFD in the JSON report already."""
    out = []
    for ch in s:
        cp = ord(ch)
        ok = ch in "\t\n\r" or (0x20 <= cp < 0x7F) or (cp > 0x9F and cp not in (0xFFFE, 0xFFFF))
        out.append(ch if ok else "\ufffd")
    return "".join(out)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: validate-junit.py JUNIT.xml REPORT.json")
    problems = []
    try:
        root = ET.parse(sys.argv[1]).getroot()
    except ET.ParseError as e:
        print(f"{sys.argv[1]}: not well-formed XML: {e}")
        return 1
    with open(sys.argv[2], encoding="utf-8") as f:
        report = json.load(f)
    summary = report["summary"]

    if root.tag != "testsuites":
        problems.append(f"root element is <{root.tag}>, not <testsuites>")
    total = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    cases = []
    for suite in root:
        if suite.tag != "testsuite":
            problems.append(f"<{suite.tag}> inside <testsuites>")
            continue
        count = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for case in suite:
            if case.tag != "testcase":
                problems.append(f"<{case.tag}> inside <testsuite name={suite.get('name')!r}>")
                continue
            count["tests"] += 1
            outcomes = [c for c in case if c.tag in ("failure", "error", "skipped")]
            others = [c.tag for c in case if c.tag not in ("failure", "error", "skipped")]
            if len(outcomes) > 1 or others:
                problems.append(f"testcase {case.get('name')!r}: children {[c.tag for c in case]}")
            outcome = outcomes[0] if outcomes else None
            if outcome is not None:
                count[COUNTER[outcome.tag]] += 1
                if outcome.get("message") is None:
                    problems.append(f"testcase {case.get('name')!r}: <{outcome.tag}> "
                                    "without message")
            if case.get("classname") != suite.get("name"):
                problems.append(f"testcase {case.get('name')!r}: classname "
                                f"{case.get('classname')!r} in suite {suite.get('name')!r}")
            cases.append((case, outcome))
        for key, n in count.items():
            total[key] += n
            if suite.get(key) != str(n):
                problems.append(f"testsuite {suite.get('name')!r}: {key}={suite.get(key)!r}, "
                                f"holds {n}")
    for key, n in total.items():
        if root.get(key) != str(n):
            problems.append(f"testsuites: {key}={root.get(key)!r}, holds {n}")

    expected = {
        "tests": sum(summary.values()),
        "failures": summary["fail"],
        "errors": summary["error"],
        "skipped": sum(summary[s] for s in SKIPPED),
    }
    for key, n in expected.items():
        if total[key] != n:
            problems.append(f"{key}: {total[key]} in the XML, {n} in the JSON report's summary")
    if len(report["results"]) != total["tests"]:
        problems.append(f"{total['tests']} testcases, {len(report['results'])} JSON results")

    # Testcases come grouped by section (in the order of first use): match them to the JSON
    # results grouped the same way.
    sections = []
    for res in report["results"]:
        sec = res.get("section") or "other"
        if sec not in sections:
            sections.append(sec)
    ordered = [res for sec in sections for res in report["results"]
               if (res.get("section") or "other") == sec]
    want_tag = {"fail": "failure", "error": "error", "pass": None}
    for res, (case, outcome) in zip(ordered, cases):
        name = xml_safe(f"{res['id']}: {res['title'] or ''}")
        if case.get("name") != name:
            problems.append(f"testcase {case.get('name')!r}, expected {name!r}")
            continue
        if case.get("classname") != xml_safe(res.get("section") or "other"):
            problems.append(f"testcase {name!r}: classname {case.get('classname')!r}")
        tag = want_tag.get(res["status"], "skipped")
        got = outcome.tag if outcome is not None else None
        if got != tag:
            problems.append(f"testcase {name!r}: <{got}> for status {res['status']}")
        if tag == "failure" and outcome is not None and outcome.get("type") != res["severity"]:
            problems.append(f"testcase {name!r}: type {outcome.get('type')!r}, "
                            f"severity {res['severity']}")

    for p in problems:
        print(f"{sys.argv[1]}: {p}")
    if not problems:
        print(f"{sys.argv[1]}: valid; {total['tests']} testcases, {total['failures']} failures, "
              f"{total['errors']} errors, {total['skipped']} skipped, as in the JSON report")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
