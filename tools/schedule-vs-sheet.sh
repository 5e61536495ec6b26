#!/usr/bin/env bash
# The link schedule designers keep, planned and budgeted by mpo-budget, against the
# spreadsheet that budgets the same rows today; timed side by side in one run.
#
#   tools/schedule-vs-sheet.sh BINARY N [ROUNDS]
#
# Uses ../shared/tools/sheet-baseline (beside this repository) to make links_N.xlsx (the
# workbook: VLOOKUP budget formulas, recalculated by headless LibreOffice on load) and its
# rows as CSV. Each row becomes a schedule row between two of 50 racks: the near rack by row
# number, the far one by the row's length in 10 m steps (so the links between two racks are of
# about one length, as in a real hall, and the trunk planned for the longest fits the rest);
# the row's grade is kept; a row the sheet gives no mated pair, or of at most 6 m, gets the
# `direct` template. Then it alternates, ROUNDS times (default 5):
#   A = LibreOffice load + full recalculation + CSV export of the workbook,
#   B = `BINARY calc links_N.racks.csv --format csv` (read, plan trunks, budget, write),
# and prints both medians and the ratio A/B. Work files in ${SHEET_WORK:-$HOME/.cache/sheet}.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
base=$(cd "$here/../../shared/tools/sheet-baseline" && pwd)
bin=$(readlink -f "${1:?usage: schedule-vs-sheet.sh BINARY N [ROUNDS]}"); n=${2:?N}; rounds=${3:-5}
work=${SHEET_WORK:-$HOME/.cache/sheet}; mkdir -p "$work"
export SHEET_PY=$work/venv/bin/python SHEET_PROFILE=$work/lo-profile SHEET_WORK=$work/out
command -v soffice >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui >/dev/null; }
[ -x "$SHEET_PY" ] || { python3 -m venv "$work/venv" && "$work/venv/bin/pip" -q install openpyxl; }
[ -f "$work/links_$n.xlsx" ] || "$SHEET_PY" "$base/make_sheet.py" --links "$n" --out "$work/links_$n.xlsx" >/dev/null
[ -f "$work/links_$n.schedule.csv" ] || "$SHEET_PY" "$base/to_design.py" --links "$n" --outdir "$work" >/dev/null
"$SHEET_PY" - "$work/links_$n.schedule.csv" "$work/links_$n.racks.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "transceiver", "fiber", "near_rack", "far_rack", "length_m", "grade", "template"])
    for i, r in enumerate(rows):
        a = i % 50
        b = (a + 1 + min(int(float(r["length_m"])) // 10, 48)) % 50
        direct = int(r["mated_pairs"]) == 0 or float(r["length_m"]) <= 6
        w.writerow([r["id"], r["transceiver"], r["fiber"], f"R{a:02d}", f"R{b:02d}", r["length_m"],
                    r["grade"], "direct" if direct else ""])
PY
# One checked run of the sheet (creates the profile that forces recalculation on load).
bash "$base/time_sheet.sh" -r 1 "$work/links_$n.xlsx" >/dev/null
"$bin" calc "$work/links_$n.racks.csv" --format csv > "$work/tool_$n.csv" || [ $? -eq 1 ]
echo "rows: $(($(wc -l < "$work/links_$n.racks.csv") - 1)) in the schedule, $(($(wc -l < "$work/tool_$n.csv") - 1)) links budgeted"
out=$(mktemp -d); a=(); b=()
for i in $(seq "$rounds"); do
  t0=$(date +%s.%N); soffice "-env:UserInstallation=file://$SHEET_PROFILE" --headless --norestore \
    --convert-to csv --outdir "$out" "$work/links_$n.xlsx" >/dev/null 2>&1; t1=$(date +%s.%N)
  "$bin" calc "$work/links_$n.racks.csv" --format csv > "$out/tool.csv" || true; t2=$(date +%s.%N)
  a+=("$(echo "$t1 - $t0" | bc)"); b+=("$(echo "$t2 - $t1" | bc)")
done
med() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
ma=$(med "${a[@]}"); mb=$(med "${b[@]}")
printf 'rows %s  rounds %s  spreadsheet median %.3f s  mpo-budget (schedule: plan + budget + CSV) median %.3f s  ratio %.1fx\n' \
  "$n" "$rounds" "$ma" "$mb" "$(echo "$ma / $mb" | bc -l)"
rm -rf "$out"
