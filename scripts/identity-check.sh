#!/usr/bin/env bash
# Byte-identity check of the command line's outputs between two commits.
#
#   scripts/identity-check.sh <commit-a> <commit-b> [data-dir]
#
# Builds each commit in its own temporary git worktree (/tmp/clvlab-identity/<sha>: npm ci, npm run build;
# a worktree already built is reused), runs the same commands on the same CDNOW and Texas data with fixed
# seeds, and prints the sha256 of every output file (and of each command's standard output) side by side.
# data-dir defaults to ../shared/data beside the repository (its cdnow/README.md describes the files).
#
# Commands: clvlab demo (on each commit's shipped Texas data; its hash is listed as input/texas_transactions.csv,
# so a change of the input shows); clvlab fit --json
# for every model (bg-nbd, pareto-nbd, mbg-nbd on cdnow_customers_summary.csv in weeks, gamma-gamma on
# cdnow_customers_summary_with_transactions.csv, bg-bb on donations.csv); clvlab train (CDNOW_sample.txt,
# calibration end 1997-09-30, 20 replicates, seed 7) then clvlab predict (as of 1997-09-30, seed 3);
# clvlab lenses (CDNOW_sample.txt); and BG/NBD by Laplace and by NUTS (2 chains of 150 draws, seed 3).
#
# Normalised before hashing (and only these): the model artefact's id (a timestamp and random suffix: the
# store's folder name, store/latest, the artefact's meta.id and train/predict's printed lines), its
# createdAt time and its input files' ingestedAt times, its bootstrap_seconds and stage_*_seconds metrics (wall-clock
# time, in the artefact and train's output), the
# sampler's "seconds" (wall-clock time) in the NUTS fit, and the checkout's own path (demo prints the path of its
# shipped data), written CHECKOUT.
# Both commits run in the same folder (/tmp/clvlab-identity/run, renamed afterwards), so printed paths agree.
# Everything else is hashed as written.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: scripts/identity-check.sh <commit-a> <commit-b> [data-dir]" >&2
  exit 2
fi
repo=$(git rev-parse --show-toplevel)
data=$(cd "${3:-$repo/../shared/data}" && pwd)
root=/tmp/clvlab-identity
mkdir -p "$root"

build() { # commit -> path of its built worktree
  local sha wt
  sha=$(git -C "$repo" rev-parse --verify "$1^{commit}")
  wt="$root/$sha"
  if [ ! -f "$wt/.identity-built" ]; then
    git -C "$repo" worktree remove --force "$wt" >/dev/null 2>&1 || rm -rf "$wt"
    git -C "$repo" worktree add --detach "$wt" "$sha" >/dev/null 2>&1
    (cd "$wt" && npm ci --no-audit --no-fund --loglevel=error >/dev/null && npm run build >/dev/null)
    touch "$wt/.identity-built"
  fi
  echo "$wt"
}

normalise() { # in an output folder, checkout: the path, the artefact id, createdAt and the seconds, nothing else
  local art id wt=$1
  { grep -rlF "$wt" . || true; } | xargs -r sed -i "s|$wt|CHECKOUT|g"
  sed -i -E 's/^( *"seconds": ).*[0-9]/\1SECONDS/' fit-bg-nbd-mcmc.json
  art=$(find store -mindepth 1 -maxdepth 1 -type d 2>/dev/null | head -1 || true)
  [ -n "$art" ] || return 0
  id=$(basename "$art")
  mv "$art" store/ARTIFACT-ID
  { grep -rlF "$id" . || true; } | xargs -r sed -i "s/$id/ARTIFACT-ID/g"
  sed -i -E 's/"createdAt":"[^"]*"/"createdAt":"TIME"/; s/"bootstrap_seconds":[0-9.eE+-]+/"bootstrap_seconds":0/g; s/"(stage_[a-z]+_seconds)":[0-9.eE+-]+/"\1":0/g; s/"ingestedAt":"[^"]*"/"ingestedAt":"TIME"/g' \
    store/ARTIFACT-ID/*.json
  sed -i -E 's/^(  bootstrap_seconds: ).*/\1SECONDS/; s/^(  stage_[a-z]+_seconds: ).*/\1SECONDS/' train.stdout
}

run() { # worktree, output folder
  local wt=$1 out=$2 tmp="$root/run"
  local cdnow=(--delimiter whitespace --no-header --column-names master_id,customer_id,date,quantity,amount
    --date-format YYYYMMDD)
  rm -rf "$out" "$tmp" && mkdir -p "$tmp/input"
  cp "$wt/data/texas_transactions.csv" "$tmp/input/"
  # relative output paths, so that the paths the commands print are the same for both commits;
  # a failing command's exit status is kept with its output (an old commit may refuse what a new one takes)
  c() { local o=$1; shift; node "$wt/dist/cli/main.js" "$@" > "$o" 2>&1 || echo "exit status $?" >> "$o"; }
  (
    cd "$tmp"
    c demo.stdout demo --out-dir demo
    for m in bg-nbd pareto-nbd mbg-nbd; do
      c "fit-$m.json" fit "$data/cdnow/cdnow_customers_summary.csv" --model "$m" --time-unit weeks --json
    done
    c fit-gamma-gamma.json fit "$data/cdnow/cdnow_customers_summary_with_transactions.csv" --model gamma-gamma --json
    c fit-bg-bb.json fit "$data/donations.csv" --model bg-bb --json
    c train.stdout train "$data/cdnow/CDNOW_sample.txt" "${cdnow[@]}" --calibration-end 1997-09-30 --out store \
      --replicates 20 --seed 7 --quiet
    c predict.stdout predict "$data/cdnow/CDNOW_sample.txt" "${cdnow[@]}" --model store/latest \
      --as-of 1997-09-30 --out predict.csv --seed 3 --quiet
    c lenses.stdout lenses "$data/cdnow/CDNOW_sample.txt" "${cdnow[@]}" --out-dir lenses
    for m in laplace mcmc; do
      c "fit-bg-nbd-$m.json" fit "$data/cdnow/cdnow_customers_summary.csv" --model bg-nbd --time-unit weeks --json \
        --method "$m" --chains 2 --draws 150 --warmup 150 --seed 3
    done
    normalise "$wt"
  )
  mv "$tmp" "$out"
}

a=$(git -C "$repo" rev-parse --short "$1")
b=$(git -C "$repo" rev-parse --short "$2")
wa=$(build "$1")
wb=$(build "$2")
run "$wa" "$root/out-$a"
run "$wb" "$root/out-$b"

same=0 differ=0
printf '%-40s %-16s %-16s %s\n' "file" "$a" "$b" ""
while IFS= read -r f; do
  ha="(missing)" hb="(missing)"
  [ -f "$root/out-$a/$f" ] && ha=$(sha256sum "$root/out-$a/$f" | cut -c1-16)
  [ -f "$root/out-$b/$f" ] && hb=$(sha256sum "$root/out-$b/$f" | cut -c1-16)
  if [ "$ha" = "$hb" ]; then mark="same"; same=$((same + 1)); else mark="DIFFERS"; differ=$((differ + 1)); fi
  printf '%-40s %-16s %-16s %s\n' "$f" "$ha" "$hb" "$mark"
done < <(for d in "$root/out-$a" "$root/out-$b"; do (cd "$d" && find . -type f | sed 's|^\./||'); done | sort -u)
echo "$same same, $differ differ (sha256, first 16 hex digits; outputs in $root/out-$a and $root/out-$b)"
