#!/usr/bin/env bash
# merge-bench.sh: wall time and peak memory of `dockward report merge` over a fleet of reports.
#
#   bench/merge-bench.sh [DOCKWARD] [HOSTS] [RUNS]
#
# Generates HOSTS (default 1000) realistic dockward-report/1 files with a small generator
# (Debian's python3, standard library only, fixed seed): each starts from a real audit of the
# default baseline (tests/fixtures/0120-report-diff/old.json: 121 rules, containers) and gets
# its own hostname, root, start time, statuses (a per-host drift over the rules, some waivers
# and errors) and 0 to 24 containers (names, 64-hex ids, images, a verdict per container rule,
# with the rule's observed and evidence rewritten to match), so the files are as big as real
# ones (~50-350 KB). Then times the merge of all of them, RUNS times (default 5) after one
# warm-up, for the text, json and html outputs, and prints min, median and max wall seconds, the
# median CPU seconds (user + system: the work, whatever else runs on the machine) and the peak
# RSS (GNU time; packages time and bc). Files are parsed on one worker thread per CPU
# (src/report/report-reader.c), so on an idle machine wall time is below CPU time. Reports are read one at a time: the RSS stays that of one parsed
# report plus the fleet's matrix, whatever HOSTS is. Target (issue 6): well under a few seconds
# for 1,000 reports, dominated by JSON parsing.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build/dockward}")
hosts=${2:-1000}
runs=${3:-5}
template=tests/fixtures/0120-report-diff/old.json

tmp=$(mktemp -d /tmp/merge-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

/usr/bin/python3 - "$template" "$tmp" "$hosts" <<'PY'
import copy, json, random, sys

template_path, out, hosts = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(template_path) as f:
    template = json.load(f)
rng = random.Random(6)
statuses = ["pass", "fail", "error", "not_applicable", "waived", "manual"]
images = ["nginx:1.25", "redis:7.2", "postgres:16", "registry.local/app:4.1.0", "busybox:1.36"]
names = ["web", "api", "worker", "cache", "db", "proxy", "cron", "metrics"]

for h in range(hosts):
    r = copy.deepcopy(template)
    name = "%s-%04d" % (rng.choice(["web", "db", "build", "edge"]), h)
    r["host"]["hostname"] = name
    r["host"]["root"] = "/"
    r["started"] = "2026-11-%02dT%02d:%02d:00Z" % (rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59))
    drift = rng.random() * 0.4  # how far this host is from the template
    containers = []
    for c in range(rng.randint(0, 24)):
        containers.append({
            "id": "%064x" % rng.getrandbits(256),
            "name": "%s-%d" % (rng.choice(names), c),
            "image": rng.choice(images),
            "weak": rng.random() < 0.3,
        })
    summary = dict.fromkeys(statuses, 0)
    for res in r["results"]:
        if res["id"].startswith("containers."):
            objs, failing = [], []
            for c in containers:
                st = "fail" if (c["weak"] and rng.random() < 0.6) or rng.random() < 0.05 else "pass"
                objs.append({"kind": "container", "id": c["id"], "name": c["name"],
                             "image": c["image"], "status": st,
                             "observed": "%s: %s" % (c["name"], "not as expected" if st == "fail" else "as expected")})
                if st == "fail":
                    failing.append(c["name"])
            res["objects"] = objs
            res["status"] = "fail" if failing else ("pass" if containers else "not_applicable")
            res["observed"] = ("%d of %d containers fail: %s" % (len(failing), len(containers), ", ".join(failing))
                               if failing else "%d of %d containers pass" % (len(containers), len(containers)))
            res["evidence"] = [{"source": "unix:///var/run/docker.sock",
                                "detail": "/containers/json: %d containers selected, 0 skipped" % len(containers)}]
        elif rng.random() < drift:
            res["status"] = rng.choices(statuses, weights=[40, 35, 4, 10, 6, 5])[0]
            if res["status"] == "waived":
                res["waiver"] = {"reason": "accepted risk on %s" % name, "approver": "ops",
                                 "expires": "2027-06-30", "expired": False}
        summary[res["status"]] += 1
    r["summary"] = summary
    with open("%s/%s.json" % (out, name), "w") as f:
        json.dump(r, f, indent=2)
PY

count=$(find "$tmp" -name '*.json' | wc -l)
bytes=$(du -sb "$tmp" | cut -f1)
echo "reports: $count, $((bytes / 1024 / 1024)) MiB in all ($((bytes / count / 1024)) KiB each on average)"

measure() { # format
	local fmt=$1 times=() cpu=() rss=0
	"$bin" report merge "$tmp"/*.json --format "$fmt" > /dev/null # warm-up: the page cache
	for ((i = 0; i < runs; i++)); do
		local t0=$EPOCHREALTIME
		/usr/bin/time -f '%M %U %S' -o "$tmp/time" "$bin" report merge "$tmp"/*.json \
			--format "$fmt" > "$tmp/out"
		local t1=$EPOCHREALTIME
		times+=("$(echo "$t1 - $t0" | bc -l)")
		local r u s
		read -r r u s < <(tail -1 "$tmp/time")
		cpu+=("$(echo "$u + $s" | bc -l)")
		((r > rss)) && rss=$r
	done
	local sorted csorted
	sorted=$(printf '%s\n' "${times[@]}" | sort -g)
	csorted=$(printf '%s\n' "${cpu[@]}" | sort -g)
	local mid=$(((runs + 1) / 2))
	printf '%-5s %d reports: wall min %.2f s, median %.2f s, max %.2f s; CPU median %.2f s; ' \
		"$fmt" "$count" "$(echo "$sorted" | head -1)" "$(echo "$sorted" | sed -n "${mid}p")" \
		"$(echo "$sorted" | tail -1)" "$(echo "$csorted" | sed -n "${mid}p")"
	printf 'peak RSS %d MiB; output %d KiB\n' $((rss / 1024)) $(($(stat -c %s "$tmp/out") / 1024))
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
measure text
measure json
measure html
