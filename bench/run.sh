#!/usr/bin/env bash
# Builds the benchmarks (Release) and runs every scenario, Kairos and Quartz.NET alternating.
#   bench/run.sh            full sizes (about 25 minutes on 2 cores); writes bench/results/latest.{md,json}
#                           burst-pg and latency-pg start a private PostgreSQL 15 (server binaries in /usr/lib/postgresql/15/bin)
#   bench/run.sh --quick    tiny sizes, one repetition (a smoke run); writes bench/results/quick/latest.{md,json}
# Extra arguments go to the bench program, e.g. `bench/run.sh --reps 3` or `bench/run.sh --stores ram`.
# One scenario after a run: `KAIROS_BENCH_HOST=bench/out/host/kairos dotnet bench/out/bench/Kairos.Bench.dll burst --results DIR`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."

results="$here/results"
for arg in "$@"; do
  if [[ "$arg" == "--quick" ]]; then results="$here/results/quick"; fi
done
mkdir -p "$results"

# Both sides as a production deployment runs them: published for this machine's runtime with ReadyToRun (the bench
# process, which holds the Quartz side and the in-process Kairos hosts, and the kairos host the cold, reload and
# script scenarios start). KAIROS_BENCH_HOST tells the bench which host to start.
rid="$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')"
dotnet build "$here/../src/Host/Kairos.Host.csproj" -c Release --nologo -v q
dotnet publish "$here/../src/Host/Kairos.Host.csproj" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
  -o "$here/out/host" --nologo -v q
dotnet publish "$here/Kairos.Bench/Kairos.Bench.csproj" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
  -o "$here/out/bench" --nologo -v q
export KAIROS_BENCH_HOST="$here/out/host/kairos"
# The bench plugin twice (cold start loads v1; reload swaps v1 and v2). Only its own files go into out/vN.
for v in 1 2; do
  dotnet build "$here/plugins/BenchPlugin/BenchPlugin.csproj" -c Release --nologo -v q -p:Version=1.0.$v
  rm -rf "$here/plugins/BenchPlugin/out/v$v" && mkdir -p "$here/plugins/BenchPlugin/out/v$v"
  cp "$here/plugins/BenchPlugin/bin/Release/net10.0/BenchPlugin."* "$here/plugins/BenchPlugin/out/v$v/"
done
export KAIROS_BENCH_COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo '+dirty')"

# JSON lines on stdout (kept in the log), progress on stderr.
dotnet "$here/out/bench/Kairos.Bench.dll" all --results "$results" "$@" \
  | tee "$results/latest.jsonl"
echo "wrote $results/latest.md and $results/latest.json" >&2
