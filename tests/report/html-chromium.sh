#!/usr/bin/env bash
# html-chromium.sh: the HTML report in a real browser (Debian's chromium, headless).
#
#   html-chromium.sh DOCKWARD [OUT_DIR]
#
# Audits the hostile fixture (tests/report/hostile/: tests/fixtures/0100-engine-recorded with a
# daemon.json value '<script>alert(1)</script>', a docker group member
# '<img src=x onerror=alert(1)>', a container named '"><svg onload=alert(3)>' by the recorded
# engine, and a waiver reason with markup) with --format html, then:
#   1. the page as written (check-html.py): only the template's elements, one <script>, no
#      on* attribute, nothing referenced outside the page, the CSP meta, one article per rule,
#      each hostile string inside a text node;
#   2. chromium loads it (--dump-dom) with no console message at all: a script error, and a
#      fetch that the page's CSP (default-src 'none') blocks, both show as console messages;
#      the DOM after the page's script ran passes the same checks as 1 (no injected element);
#      a copy whose extra script unticks "pass" and "low" hides exactly those rules and
#      counts them (the filters work, offline);
#   3. a screenshot, 1024x768;
#   4. printed to PDF: A4 pages holding every rule id, every rule's details expanded (one
#      "Expected" per rule, though the script collapses passing rules on screen), and the
#      hostile strings as text; and the same for the page with its script removed (scripts
#      off: the page must read fully without them); both PDFs hold the same words (the
#      script hides nothing from print).
# Every chromium run is in a new network namespace (unshare -n, or -rn without root) when the
# system allows one: the page then could not reach a network even if it tried.
# A negative control first: a page with an injected <img onerror> and a blocked fetch must fail
# checks 1 and 2, so that the checks are known to be able to fail.
# Results (report.html, dom.html, screenshot.png, report.pdf ...) stay in OUT_DIR when given.
# Exit 77 (ctest: skipped) when chromium, pdftotext, pdfinfo or jq is missing.
set -euo pipefail
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
case_dir=$here/hostile

for tool in chromium pdftotext pdfinfo jq python3; do
	if ! command -v "$tool" > /dev/null; then
		echo "html-chromium: $tool not installed (apt-get install chromium poppler-utils jq): skipped"
		exit 77
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dockward-html.XXXXXX")
engine_pid=
cleanup() {
	if [ -n "$engine_pid" ]; then
		kill "$engine_pid" 2> /dev/null || true
		wait "$engine_pid" 2> /dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
out=${2:-$tmp/out}
mkdir -p "$out"
out=$(realpath "$out")
fail=0
problem() {
	echo "html-chromium: $*"
	fail=1
}

# ---- the fixture: a copy of root/, its setup, a fake engine serving engine/ ----
mkdir "$tmp/root"
cp -a "$case_dir/root/." "$tmp/root/"
(cd "$tmp/root" && bash "$case_dir/setup")
/usr/bin/python3 "$here/../fixtures/fake-dockerd.py" "$tmp/engine.sock" "$case_dir/engine" &
engine_pid=$!
for _ in $(seq 1 100); do
	[ -S "$tmp/engine.sock" ] && break
	sleep 0.05
done
[ -S "$tmp/engine.sock" ] || { echo "html-chromium: fake-dockerd did not start"; exit 1; }

audit() {
	(cd "$case_dir" && env -i PATH=/usr/bin:/bin LC_ALL=C TZ=UTC HOME="$tmp" \
		SOURCE_DATE_EPOCH=1795426800 "$bin" audit --root "$tmp/root" \
		--docker-host "unix://$tmp/engine.sock" --waivers waivers.yaml "$@")
}
set +e
audit --format html -o "$out/report.html" 2> "$tmp/audit.err"
status=$?
audit --format json > "$tmp/report.json" 2>> "$tmp/audit.err"
set -e
if [ "$status" != 1 ] || [ -s "$tmp/audit.err" ]; then
	echo "html-chromium: audit --format html: exit $status (expected 1: rules fail)"
	cat "$tmp/audit.err"
	exit 1
fi
jq -r '.results[].id' "$tmp/report.json" > "$tmp/ids"
n_rules=$(wc -l < "$tmp/ids")
printf '%s\n' '<script>alert(1)</script>' '<img src=x onerror=alert(1)>' \
	'"><svg onload=alert(3)>' 'OPS-<b>77</b>' > "$tmp/hostile"

# ---- chromium ----
netns=()
if unshare -n true 2> /dev/null; then
	netns=(unshare -n)
elif unshare -rn true 2> /dev/null; then
	netns=(unshare -rn)
else
	echo "html-chromium: no network namespace here (unshare): chromium runs with the network"
fi
# chrome NAME ARGS...: one headless run with a fresh, empty profile; stderr in $tmp/NAME.err.
chrome() {
	local name=$1
	shift
	rm -rf "$tmp/profile-$name"
	mkdir "$tmp/profile-$name"
	"${netns[@]}" timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$tmp/profile-$name" --enable-logging=stderr --v=0 "$@" \
		2> "$tmp/$name.err"
}
# Console messages (errors, CSP violations, console.*) are logged as "...:CONSOLE...". Those of
# chromium's own pages (source: chrome://..., such as "Slow network is detected" without a
# network) are not the report's.
console_clean() {
	if grep -a ':CONSOLE' "$tmp/$1.err" | grep -av 'source: chrome://'; then
		return 1
	fi
	return 0
}

# negative control: the checks must catch an injected element and a blocked fetch (its handler
# must not block: an alert() would hang headless chromium)
cat > "$tmp/bad.html" << 'EOF'
<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
</head><body><main><article id="rule-x"><p><img src="http://192.0.2.1/x.png" onerror="this.alt='injected'"></p></article></main>
<script>1;</script></body></html>
EOF
echo x > "$tmp/bad-ids"
chrome bad --dump-dom "file://$tmp/bad.html" > "$tmp/bad-dom.html"
if console_clean bad > /dev/null; then
	problem "negative control: a fetch blocked by the CSP left no console message"
fi
if python3 "$here/check-html.py" "$tmp/bad-dom.html" "$tmp/bad-ids" "$tmp/hostile" > /dev/null; then
	problem "negative control: check-html.py passed a page with an injected <img onerror>"
fi

# 1. the page as written
python3 "$here/check-html.py" "$out/report.html" "$tmp/ids" "$tmp/hostile" || fail=1

# 2. loaded: no console message, the DOM after the script ran
chrome dom --dump-dom "file://$out/report.html" > "$out/dom.html" || problem "chromium --dump-dom failed"
console_clean dom || problem "console messages while loading the report (above)"
python3 "$here/check-html.py" "$out/dom.html" "$tmp/ids" "$tmp/hostile" || fail=1

# 2b. the filters: a copy of the page whose extra script unticks "pass" and "low"; then every
# rule that passes or is low is hidden and only those, and the counts say so
sed 's|</body>|<script>document.querySelector("#filters input[value=pass]").click();document.querySelector("#filters input[value=low]").click();</script></body>|' \
	"$out/report.html" > "$tmp/filter.html"
chrome filter --dump-dom "file://$tmp/filter.html" > "$out/dom-filtered.html" || problem "chromium --dump-dom failed (filters)"
console_clean filter || problem "console messages while filtering (above)"
python3 - "$out/dom-filtered.html" "$tmp/report.json" << 'EOF' || fail=1
import json, sys
from html.parser import HTMLParser
rules = json.load(open(sys.argv[2], encoding="utf-8"))["results"]
want = {"rule-" + r["id"]: r["status"] == "pass" or r["severity"] == "low" for r in rules}
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hidden, self.in_shown, self.shown, self.note = {}, False, "", None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self.hidden[a.get("id")] = "hidden" in a
        self.in_shown = a.get("id") == "shown"
        if a.get("id") == "print-filter":
            self.note = "hidden" not in a
    def handle_data(self, data):
        if self.in_shown:
            self.shown += data
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
bad = [k for k in want if p.hidden.get(k) != want[k]]
n = sum(1 for v in want.values() if not v)
if bad:
    print("filters: %d rules shown or hidden wrongly: %s" % (len(bad), bad[:5]))
if p.shown.strip() != "%d of %d rules shown" % (n, len(rules)):
    print("filters: the count says %r, expected %d of %d" % (p.shown, n, len(rules)))
    bad.append("count")
if not p.note:
    print("filters: the print note about hidden rules is not shown")
    bad.append("note")
sys.exit(1 if bad else 0)
EOF

# 3. screenshot
chrome shot --window-size=1024,768 --hide-scrollbars --screenshot="$out/screenshot.png" \
	"file://$out/report.html" > /dev/null || problem "chromium --screenshot failed"
console_clean shot || problem "console messages while taking the screenshot (above)"
size=$(python3 -c 'import struct,sys
d=open(sys.argv[1],"rb").read(24)
print("%dx%d" % struct.unpack(">II", d[16:24]) if d[:8]==b"\x89PNG\r\n\x1a\n" else "not-png")' \
	"$out/screenshot.png" 2> /dev/null || echo none)
[ "$size" = 1024x768 ] || problem "screenshot: $size, expected a 1024x768 PNG"

# 4. printed to PDF, with and without the page's script
python3 - "$out/report.html" "$out/report-noscript.html" << 'EOF'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
stripped, n = re.subn(r"<script>.*?</script>", "", page, flags=re.S)
assert n == 1, "expected one <script> block, found %d" % n
open(sys.argv[2], "w", encoding="utf-8").write(stripped)
EOF
check_pdf() {
	local name=$1 pdf=$2
	pdfinfo "$pdf" > "$tmp/$name.info" || { problem "$name: pdfinfo failed"; return; }
	grep -q '^Page size:.*(A4)' "$tmp/$name.info" || problem "$name: pages are not A4: $(grep '^Page size' "$tmp/$name.info")"
	pdftotext -enc UTF-8 "$pdf" "$tmp/$name.txt"
	local ok=1
	python3 - "$tmp/$name.txt" "$tmp/ids" "$tmp/hostile" "$n_rules" "$name" << 'EOF' || ok=0
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
# Ids and strings may wrap across lines in a narrow column, and pdftotext drops a hyphen that
# ends a line (it takes it for hyphenation): compare without whitespace and hyphens.
def flatten(s):
    return re.sub(r"[\s-]+", "", s)
flat = flatten(text)
ids = [l.strip() for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
hostile = [l.rstrip("\n") for l in open(sys.argv[3], encoding="utf-8") if l.strip()]
n, name, bad = int(sys.argv[4]), sys.argv[5], 0
missing = [i for i in ids if flatten(i) not in flat]
if missing:
    print("%s: %d rule ids missing from the PDF text: %s" % (name, len(missing), missing[:10]))
    bad = 1
expected = len(re.findall(r"\bExpected\b", text))
if expected != n:
    print("%s: %d 'Expected' rows in the PDF, %d rules: details not all expanded" % (name, expected, n))
    bad = 1
for h in hostile:
    if flatten(h) not in flat:
        print("%s: hostile string %r not in the PDF text" % (name, h))
        bad = 1
sys.exit(bad)
EOF
	if [ "$ok" = 1 ]; then
		echo "html-chromium: $name: $(grep '^Pages:' "$tmp/$name.info" | tr -s ' '), every rule in it"
	else
		fail=1
	fi
}
chrome pdf --no-pdf-header-footer --print-to-pdf="$out/report.pdf" "file://$out/report.html" \
	> /dev/null || problem "chromium --print-to-pdf failed"
console_clean pdf || problem "console messages while printing (above)"
check_pdf pdf "$out/report.pdf"
chrome pdf-noscript --no-pdf-header-footer --print-to-pdf="$out/report-noscript.pdf" \
	"file://$out/report-noscript.html" > /dev/null || problem "chromium --print-to-pdf failed (no script)"
console_clean pdf-noscript || problem "console messages while printing without script (above)"
check_pdf pdf-noscript "$out/report-noscript.pdf"
# The script must hide nothing from print: both PDFs hold the same words.
if ! cmp -s <(tr -s ' \n\f' '\n\n\n' < "$tmp/pdf.txt" | sort) \
	<(tr -s ' \n\f' '\n\n\n' < "$tmp/pdf-noscript.txt" | sort); then
	problem "the printed page differs with and without its script:"
	diff <(tr -s ' \n\f' '\n\n\n' < "$tmp/pdf.txt" | sort) \
		<(tr -s ' \n\f' '\n\n\n' < "$tmp/pdf-noscript.txt" | sort) | head -20
fi

if [ "$fail" = 0 ]; then
	echo "html-chromium: ok ($n_rules rules${netns:+, chromium in a network namespace}; output in $out)"
fi
exit $fail
