#!/usr/bin/env bash
# Every benchmark of benchmarks/ in sequence, each with its default (goal) sizes, then
# their RESULT lines together and the total wall time.  The list is benchmarks/*.py but
# _common.py (the shared helpers), in name order; a new benchmark is picked up as it is
# added.  Exits non-zero when a benchmark fails (the others still run, and the failures
# are named at the end).  Each benchmark's own output goes to the terminal as it runs and
# to $L10N_VN_BENCH_LOGS (default: a new temporary folder), one log per benchmark.
#   benchmarks/run_all.sh     # the whole set: takes a long while, run it on a quiet machine
# Odoo and the venv are found as scripts/common.sh finds them.
set -uo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/common.sh
source "${REPO_ROOT}/scripts/common.sh"
set +e  # a failing benchmark must not stop the others
LOGS=${L10N_VN_BENCH_LOGS:-$(mktemp -d -t vn-bench-XXXXXX)}
mkdir -p "$LOGS"
cd "$REPO_ROOT" || exit 2

started=$(date +%s)
failed=()
results=()
for script in benchmarks/*.py; do
    name=$(basename "$script" .py)
    [ "$name" = "_common" ] && continue
    log "${name} (log: ${LOGS}/${name}.log)"
    begun=$(date +%s)
    "$VENV_PY" "$script" 2>&1 | tee "${LOGS}/${name}.log"
    status=${PIPESTATUS[0]}
    seconds=$(( $(date +%s) - begun ))
    if [ "$status" -ne 0 ]; then
        failed+=("${name} (exit ${status} after ${seconds} s)")
        results+=("FAILED ${name}: exit ${status} after ${seconds} s")
    else
        lines=$(grep '^RESULT ' "${LOGS}/${name}.log")
        if [ -z "$lines" ]; then
            failed+=("${name} (no RESULT line)")
            results+=("FAILED ${name}: no RESULT line")
        else
            while IFS= read -r line; do results+=("$line"); done <<< "$lines"
        fi
        log "${name}: ${seconds} s"
    fi
done
total=$(( $(date +%s) - started ))

echo
echo "==== RESULT lines (logs in ${LOGS})"
printf '%s\n' "${results[@]}"
printf 'total wall time: %d s (%dm%02ds)\n' "$total" $(( total / 60 )) $(( total % 60 ))
if [ "${#failed[@]}" -ne 0 ]; then
    printf 'failed: %s\n' "${failed[@]}" >&2
    exit 1
fi
