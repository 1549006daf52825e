#!/usr/bin/env bash
# Whole commands at 10k and 100k activities: wall time, CPU time (user + system; steadier on a
# busy machine) and peak memory, from `/usr/bin/time`.
# The programmes are made as a planner would: `wpmatrix import` of a generated CSV (varied text,
# every date precision, every status); `diff` compares against a copy with 5% of the statuses
# changed. Usage: benches/commands.sh [path/to/wpmatrix] (default: target/release/wpmatrix).
set -euo pipefail
bin=${1:-target/release/wpmatrix}
# KEEP=DIR keeps the generated files in DIR (for profiling), else a temporary folder is used.
if [[ -n ${KEEP:-} ]]; then
    work=$KEEP && mkdir -p "$work"
else
    work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
fi

python3 - "$work" <<'PY'
import csv, random, sys
work = sys.argv[1]
words = ["skills", "guidance", "employers", "youth", "digital", "green", "Ärzte", "møde",
         "say \"hi\"", "back\\slash", "two\nlines", "// not a comment", "🚀"]
statuses = ["planned", "tbc", "ongoing", "done", "postponed", "cancelled"]
for n in (10_000, 100_000):
    rng = random.Random(7)
    for name, changed in ((f"{n}.csv", 0.0), (f"{n}-changed.csv", 0.05)):
        rng.seed(7)
        with open(f"{work}/{name}", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow("year,cluster_id,cluster,position,activity_id,title,description,formats,"
                       "status,start,end,follow_up_of,notes".split(","))
            for i in range(n):
                c = i // 50
                month = rng.randint(1, 12)
                start = rng.choice(["", f"2022-{month:02}-{rng.randint(1, 28):02}",
                                    f"2022-{month:02}", f"2022-Q{(month - 1) // 3 + 1}"])
                end = rng.choice(["", "2022-Q4", "2022-12-31"])
                status = rng.choice(statuses)
                if rng.random() < changed:
                    status = "done" if status != "done" else "planned"
                w.writerow([2022, f"cluster-{c}", f"Cluster {c}", i % 50 + 1, f"activity-{i}",
                            " ".join(rng.choices(words, k=4)), " ".join(rng.choices(words, k=20)),
                            "Seminar; Webinar" if i % 3 else "Study", status, start, end,
                            f"2021/activity-{i}" if i % 5 == 0 else "", ""])
PY

measure() { # label, command...
    local label=$1; shift
    /usr/bin/time -o "$work/time" -f '%e %U %S %M' "$@" >/dev/null 2>&1 || true
    read -r seconds user system kb < <(tail -1 "$work/time")
    printf '%-12s %6s s wall %6s s CPU %5s MB\n' "$label" "$seconds" \
        "$(echo "$user + $system" | bc)" "$((kb / 1024))"
}
for n in 10000 100000; do
    echo "== $n activities"
    rm -f "$work/2022.ron" "$work/changed/2022.ron"
    "$bin" import "$work/$n.csv" -o "$work/2022.ron" >/dev/null
    mkdir -p "$work/changed"
    "$bin" import "$work/$n-changed.csv" -o "$work/changed/2022.ron" >/dev/null
    rm -f "$work/imported.ron"
    measure import "$bin" import "$work/$n.csv" -o "$work/imported.ron"
    measure check "$bin" check "$work/2022.ron"
    measure "fmt --check" "$bin" fmt --check "$work/2022.ron"
    measure export "$bin" export "$work/2022.ron"
    measure show "$bin" show "$work/2022.ron" --width 200
    measure diff "$bin" diff "$work/2022.ron" "$work/changed/2022.ron"
    measure report "$bin" report "$work/2022.ron" --against "$work/changed/2022.ron" --today 2022-07-01
    measure "report html" "$bin" report "$work/2022.ron" --against "$work/changed/2022.ron" --format html
    measure stats "$bin" stats "$work/2022.ron"
    measure "export ics" "$bin" export "$work/2022.ron" --to ics
    echo "($(wc -c <"$work/2022.ron") bytes of RON)"
done
