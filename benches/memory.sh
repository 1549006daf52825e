#!/usr/bin/env bash
# Every command on one programme file (such as the filled 100k one that `WPMATRIX_BENCH_WRITE=DIR
# WPMATRIX_BENCH_FILLED=1 cargo bench --bench load` writes): wall time, CPU time and peak memory
# from `/usr/bin/time`, each peak against the budget of max(300 MB, 3 × the file's size).
# Usage: benches/memory.sh FILE.ron [path/to/wpmatrix] (default: target/release/wpmatrix).
set -euo pipefail
file=$1
bin=$(realpath "${2:-target/release/wpmatrix}")
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
cp "$file" "$work/2022.ron"
size=$(wc -c <"$file")
budget_kb=$(( (3 * size > 300 * 1024 * 1024 ? 3 * size : 300 * 1024 * 1024) / 1024 ))
echo "$(basename "$file"): $((size / 1024 / 1024)) MB; budget $((budget_kb / 1024)) MB"

# A copy with every 20th status changed, for diff and report.
mkdir -p "$work/changed"
awk '/^ +status: / && ++n % 20 == 0 { sub(/status: [a-z]+/, "status: cancelled") } { print }' \
    "$work/2022.ron" >"$work/changed/2022.ron"
# A sheet with every activity's status changed (the activities' own `status:` lines, not their
# sessions'), imported into a copy: an import that keeps an old value of every activity.
awk '/^                    status: / {
        if ($0 ~ /status: cancelled/) sub(/status: cancelled/, "status: done")
        else sub(/status: [a-z]+/, "status: cancelled")
    } { print }' "$work/2022.ron" >"$work/changed/all.ron"
cp "$work/2022.ron" "$work/changed/into.ron"
"$bin" export "$work/changed/all.ron" -o "$work/all.csv"
"$bin" export "$work/2022.ron" -o "$work/rows.csv"
"$bin" export "$work/2022.ron" --to xlsx -o "$work/rows.xlsx"

over=0
measure() { # label, command...
    local label=$1; shift
    local code=0
    /usr/bin/time -o "$work/time" -f '%e %U %S %M' "$@" >/dev/null 2>"$work/err" || code=$?
    read -r seconds user system kb < <(tail -1 "$work/time")
    local mark=ok
    if ((kb > budget_kb)); then mark=OVER; over=1; fi
    printf '%-16s %6s s wall %6s s CPU %5s MB  %-4s (exit %s)\n' "$label" "$seconds" \
        "$(echo "$user + $system" | bc)" "$((kb / 1024))" "$mark" "$code"
}
measure check "$bin" check "$work/2022.ron"
measure "fmt --check" "$bin" fmt --check "$work/2022.ron"
measure export "$bin" export "$work/2022.ron" -o "$work/out.csv"
measure "export xlsx" "$bin" export "$work/2022.ron" --to xlsx -o "$work/out.xlsx"
measure "export html" "$bin" export "$work/2022.ron" --to html -o "$work/out.html"
measure "export md" "$bin" export "$work/2022.ron" --to md -o "$work/out.md"
measure "export json" "$bin" export "$work/2022.ron" --to json -o "$work/out.json"
measure "export ics" "$bin" export "$work/2022.ron" --to ics -o "$work/out.ics"
measure "export filter" "$bin" export "$work/2022.ron" --filter "lead:FR" -o "$work/fr.csv"
measure "import csv" "$bin" import "$work/rows.csv" -o "$work/imported.ron" --add-fields
measure "import --into" "$bin" import "$work/rows.csv" --into "$work/2022.ron"
measure "import xlsx" "$bin" import "$work/rows.xlsx" --into "$work/2022.ron"
measure "import all" "$bin" import "$work/all.csv" --into "$work/changed/into.ron"
measure show "$bin" show "$work/2022.ron" --width 200
measure diff "$bin" diff "$work/2022.ron" "$work/changed/2022.ron"
measure report "$bin" report "$work/2022.ron" --against "$work/changed/2022.ron" --today 2022-07-01
measure stats "$bin" stats "$work/2022.ron"
measure new "$bin" new 2023 --from "$work/2022.ron" -o "$work/2023.ron"
measure fmt "$bin" fmt "$work/2022.ron"

# In git: the file as one commit tagged wp-2022-adopted, then the copy with every 20th status
# changed as a second; `log`, textconv and the revision forms read versions from there. The merge
# driver gets the file as base, that copy as ours, and one with every 17th activity's status set to
# done as theirs (activities both changed differently conflict). Only activities' own `status:`
# lines: a session has no status `done`, and a theirs that is no programme would measure git's
# text merge instead.
if command -v git >/dev/null; then
    repo="$work/repo" && mkdir -p "$repo/programmes"
    git -C "$repo" init -q && git -C "$repo" config user.email bench@example.invalid
    git -C "$repo" config user.name bench
    cp "$work/2022.ron" "$repo/programmes/2022.ron"
    git -C "$repo" add programmes/2022.ron && git -C "$repo" commit -qm adopted
    git -C "$repo" tag wp-2022-adopted
    cp "$work/changed/2022.ron" "$repo/programmes/2022.ron"
    git -C "$repo" commit -qam changed
    awk '/^                    status: / && ++n % 17 == 0 { sub(/status: [a-z]+/, "status: done") } { print }' \
        "$work/2022.ron" >"$work/theirs.ron"
    (
        cd "$repo"
        measure "report tag" "$bin" report programmes/2022.ron --today 2022-07-01
        measure "diff tag" "$bin" diff wp-2022-adopted:programmes/2022.ron programmes/2022.ron
        measure git-textconv "$bin" git-textconv programmes/2022.ron
        measure log "$bin" log programmes/2022.ron
    )
    cp "$work/changed/2022.ron" "$work/ours.ron"
    measure git-merge-driver "$bin" git-merge-driver "$work/2022.ron" "$work/ours.ron" \
        "$work/theirs.ron" 7 programmes/2022.ron
fi
exit $over
