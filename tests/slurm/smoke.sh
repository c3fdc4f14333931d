#!/usr/bin/env bash
# Smoke test of a real Slurm cluster (start one with .ci/slurm-up), checking what the slurm executor relies on:
#   1. a 2-task array job (sbatch --parsable --array=0-1) runs both tasks, side by side on two CPUs,
#      with the submitter's environment and --chdir as working directory;
#   2. a job with --dependency=afterok:<array> runs only after every task of the array succeeded;
#   3. a job with --dependency=afterok:<job that exits 1> never runs: with SchedulerParameters=kill_invalid_depend
#      it is cancelled (JobState=CANCELLED Reason=DependencyNeverSatisfied) instead of pending forever.
# Completion is read without accounting, from `scontrol show job -o` (JobState, ExitCode).
# Exits 0 only if all of that held. Env: SMOKE_TIMEOUT (seconds per wait, default 120).
set -euo pipefail

timeout_s=${SMOKE_TIMEOUT:-120}
fail() { echo "smoke: FAIL: $*" >&2; exit 1; }
say() { echo "smoke: $*"; }

command -v sbatch >/dev/null || fail "sbatch not found (run .ci/slurm-up first)"
sinfo -h >/dev/null 2>&1 || fail "slurmctld does not answer (run .ci/slurm-up first)"

dir=$(mktemp -d /tmp/slurm-smoke.XXXXXX)
chmod 755 "$dir"
jobs=()
cleanup() {
  local s=$?
  if (( s != 0 )); then
    for j in "${jobs[@]}"; do scontrol show job -o "$j" 2>/dev/null | sed 's/^/smoke: job: /' >&2 || true; done
    for f in "$dir"/*; do [[ -f $f ]] && { echo "--- $f" >&2; cat "$f" >&2; }; done
    for j in "${jobs[@]}"; do scancel "$j" 2>/dev/null || true; done
  fi
  rm -rf "$dir"
  exit "$s"
}
trap cleanup EXIT

# Arithmetic on timestamps (awk: bc is not on a bare Debian).
calc() { awk "BEGIN { printf \"%.1f\", $1 }"; }
test_() { awk "BEGIN { print ($1) ? 1 : 0 }"; }

# Field of one `scontrol show job -o` line, e.g. field "$line" JobState.
field() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" <<<"$1"; }

# wait_done JOBID: wait until every job (every array task) of JOBID is in a final state; prints
# "JobId JobState ExitCode Reason" per job/task.
wait_done() {
  local id=$1 lines line st pending deadline=$((SECONDS + timeout_s))
  while :; do
    lines=$(scontrol show job -o "$id" 2>/dev/null) || fail "scontrol does not know job $id"
    pending=0
    while IFS= read -r line; do
      st=$(field "$line" JobState)
      case $st in
        COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|PREEMPTED|BOOT_FAIL|DEADLINE) ;;
        *) pending=1 ;;
      esac
    done <<<"$lines"
    (( pending )) || break
    (( SECONDS < deadline )) || fail "job $id not finished after ${timeout_s}s"
    sleep 0.5
  done
  while IFS= read -r line; do
    echo "$(field "$line" JobId) $(field "$line" JobState) $(field "$line" ExitCode) $(field "$line" Reason)"
  done <<<"$lines"
}

export SMOKE_TOKEN="token-$RANDOM-$$"   # sbatch exports the submitter's environment by default
t0=$(date +%s.%N)

# 1. Array job: each task records start/end times, its task id, the token and its working directory.
a=$(sbatch --parsable --job-name=smoke-a --array=0-1 --cpus-per-task=1 --chdir="$dir" \
      --output="$dir/a-%A_%a.out" \
      --wrap 'i=$SLURM_ARRAY_TASK_ID; date +%s.%N > a$i.start; sleep 3; echo "$SMOKE_TOKEN" > a$i.token; pwd > a$i.pwd; date +%s.%N > a$i.end')
jobs+=("$a")
# 2. Dependent job: runs after both tasks succeeded and checks their outputs.
b=$(sbatch --parsable --job-name=smoke-b --dependency=afterok:"$a" --chdir="$dir" --output="$dir/b.out" \
      --wrap 'date +%s.%N > b.start; for i in 0 1; do test -f a$i.end || { echo "a$i.end missing"; exit 1; }; done; echo ok > b.ok')
jobs+=("$b")
# 3. Failing job and a dependent that must never run.
c=$(sbatch --parsable --job-name=smoke-c --chdir="$dir" --output="$dir/c.out" --wrap 'echo failing; exit 1')
jobs+=("$c")
d=$(sbatch --parsable --job-name=smoke-d --dependency=afterok:"$c" --chdir="$dir" --output="$dir/d.out" \
      --wrap 'touch d.ran')
jobs+=("$d")
say "submitted array $a, dependent $b, failing $c, its dependent $d"

ra=$(wait_done "$a"); say "array:"; sed 's/^/  /' <<<"$ra"
rb=$(wait_done "$b"); say "dependent:"; sed 's/^/  /' <<<"$rb"
rc=$(wait_done "$c"); say "failing:"; sed 's/^/  /' <<<"$rc"
rd=$(wait_done "$d"); say "dependent of failing:"; sed 's/^/  /' <<<"$rd"
say "all finished $(calc "$(date +%s.%N) - $t0")s after the first submission"

# Array tasks: both completed with exit 0, outputs right, run concurrently.
[[ $(grep -c ' COMPLETED 0:0' <<<"$ra") == 2 ]] || fail "array tasks did not both complete: $ra"
for i in 0 1; do
  [[ $(cat "$dir/a$i.token") == "$SMOKE_TOKEN" ]] || fail "task $i did not see the submitter's environment"
  [[ $(cat "$dir/a$i.pwd") == "$dir" ]] || fail "task $i ran in $(cat "$dir/a$i.pwd"), not --chdir $dir"
  ls "$dir"/a-"$a"_"$i".out >/dev/null || fail "no stdout file a-${a}_$i.out (--output %A_%a)"
done
overlap=$(test_ "$(cat "$dir/a0.start") < $(cat "$dir/a1.end") && $(cat "$dir/a1.start") < $(cat "$dir/a0.end")")
[[ $overlap == 1 ]] || fail "array tasks did not run side by side (two 1-CPU jobs on a 2-CPU node)"

# Dependent: completed, saw the outputs, started after both tasks ended.
[[ $rb == *" COMPLETED 0:0 "* ]] || fail "dependent job did not complete: $rb"
[[ -f $dir/b.ok ]] || fail "dependent job did not find the array's outputs"
last_end=$(sort -n "$dir/a0.end" "$dir/a1.end" | tail -n 1)
[[ $(test_ "$(cat "$dir/b.start") >= $last_end") == 1 ]] || fail "dependent started before the array ended"
say "dependent started $(calc "$(cat "$dir/b.start") - $last_end")s after the array's last task ended"

# Failing job: FAILED with exit code 1; its dependent cancelled and never ran.
[[ $rc == *" FAILED 1:0 "* ]] || fail "failing job not reported FAILED 1:0: $rc"
[[ $rd == *" CANCELLED 0:0 DependencyNeverSatisfied" ]] \
  || fail "dependent of a failed job not CANCELLED/DependencyNeverSatisfied (kill_invalid_depend set?): $rd"
[[ ! -e $dir/d.ran ]] || fail "dependent of a failed job ran"

echo "smoke: OK"
