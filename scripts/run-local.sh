#!/usr/bin/env bash
# `make run`: the engine end to end on this machine, without Docker.
#
#   1. starts the embedded broker (`rulebridge broker`) with the topics of
#      rulebridge.yaml, one partition each, and reads its bootstrap line;
#   2. starts `rulebridge run --config rulebridge.yaml` against it and waits
#      until /readyz answers (partitions assigned);
#   3. produces every samples/*.jsonl into the input topic with kcat, keyed by
#      <account>/<region> (scripts/key-by-fleet.awk);
#   4. reads the actions, notifications and dead-letter topics back with kcat
#      (isolation.level=read_committed) until they hold what
#      `rulebridge replay` gives for the same files in the same order (one
#      partition: the engine's state spans files), or RUN_TIMEOUT passes;
#   5. stops the engine (SIGTERM, must exit 0), checks the records against the
#      replay, prints them, stops the broker (SIGTERM, must exit 0).
#
# Any failure prints why and the logs, and exits non-zero; the EXIT trap never
# leaves the broker or the engine running.
#
#   scripts/run-local.sh [BINARY]     default .build/release/rulebridge
#   RUN_TIMEOUT=120                   seconds to wait at each step
set -euo pipefail

cd "$(dirname "$0")/.."
bin=${1:-.build/release/rulebridge}
timeout_s=${RUN_TIMEOUT:-120}
config=rulebridge.yaml
rules=rules

broker_pid=""
engine_pid=""
work=$(mktemp -d "${TMPDIR:-/tmp}/rulebridge-run.XXXXXX")

say() { printf '%s\n' "$*"; }
fail() {
    say "make run: FAILED: $*" >&2
    exit 1
}

# Sends SIGTERM to a process and waits up to $2 seconds for it; then SIGKILL.
# Sets stop_status to its exit status (or 124 when it had to be killed).
stop_process() {
    local pid=$1 grace=$2 deadline
    stop_status=0
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + grace))
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        stop_status=124
        return 0
    fi
    wait "$pid" 2>/dev/null || stop_status=$?
}

cleanup() {
    local status=$?
    # Clean up whatever happens: no errexit here (in a trap, a bare `return`
    # carries the status the trap began with), and no second Ctrl-C cutting
    # the cleanup short (it takes at most 40 s).
    set +e
    trap - EXIT
    trap '' INT TERM
    if [ -n "$engine_pid" ]; then stop_process "$engine_pid" 30; fi
    if [ -n "$broker_pid" ]; then stop_process "$broker_pid" 10; fi
    if [ "$status" -ne 0 ]; then
        for log in engine.log broker.log; do
            if [ -s "$work/$log" ]; then
                say "---- last lines of the $log" >&2
                tail -n 25 "$work/$log" >&2
            fi
        done
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'say "make run: interrupted" >&2; exit 130' INT
trap 'say "make run: terminated" >&2; exit 143' TERM

# `key: value` from the configuration file (the one `run` reads below).
setting() {
    local value
    value=$(sed -n "s/^$1:[[:space:]]*\([^#]*\).*/\1/p" "$config" | head -n 1 | tr -d '[]"'"'" | sed 's/[[:space:]]*$//')
    [ -n "$value" ] || fail "no '$1' in $config"
    printf '%s' "${value%%,*}"
}

command -v kcat >/dev/null || fail "kcat is not installed (make deps installs it)"
command -v python3 >/dev/null || fail "python3 is not installed (make deps installs it)"
[ -x "$bin" ] || fail "$bin not found: build it first (make build)"

input_topic=$(setting input-topics)
actions_topic=$(setting output-topic)
notifications_topic=$(setting notification-topic)
dead_letter_topic=$(setting dead-letter-topic)
changelog_topic=$(setting changelog-topic)
output_topics=("$actions_topic" "$notifications_topic" "$dead_letter_topic")

shopt -s nullglob
samples=(samples/*.jsonl)
shopt -u nullglob
[ "${#samples[@]}" -gt 0 ] || fail "no samples/*.jsonl"

# ---- what the records must be: replay all sample files in the order produced
"$bin" replay --rules "$rules" --quiet "${samples[@]}" >"$work/expected.jsonl" ||
    fail "rulebridge replay failed"
declare -A expected
for t in actions notifications dead-letter; do
    expected[$t]=$(grep -c "^{\"topic\":\"$t\"" "$work/expected.jsonl" || true)
done
expected[$actions_topic]=${expected[actions]}
expected[$notifications_topic]=${expected[notifications]}
expected[$dead_letter_topic]=${expected[dead-letter]}

# ---- broker
topic_flags=()
for t in "$input_topic" "${output_topics[@]}" "$changelog_topic"; do topic_flags+=(--topic "$t"); done
: >"$work/broker.out"
"$bin" broker --partitions 1 "${topic_flags[@]}" >"$work/broker.out" 2>"$work/broker.log" &
broker_pid=$!
deadline=$((SECONDS + 30))
bootstrap=""
until IFS= read -r bootstrap <"$work/broker.out" && [ -n "$bootstrap" ]; do
    kill -0 "$broker_pid" 2>/dev/null || fail "the broker exited before printing its address"
    [ "$SECONDS" -lt "$deadline" ] || fail "the broker printed no address within 30 s"
    sleep 0.1
done
say "== broker on $bootstrap (topics: $input_topic ${output_topics[*]} $changelog_topic; 1 partition each)"

# ---- engine
: >"$work/engine.log"
"$bin" run --config "$config" --brokers "$bootstrap" --rules "$rules" --http 127.0.0.1:0 >"$work/engine.log" 2>&1 &
engine_pid=$!
deadline=$((SECONDS + timeout_s))
http=""
while :; do
    kill -0 "$engine_pid" 2>/dev/null || fail "the engine exited while starting"
    [ "$SECONDS" -lt "$deadline" ] || fail "the engine was not ready within $timeout_s s"
    if [ -z "$http" ]; then
        http=$(sed -n 's/.*http on \([^ ]*:[0-9][0-9]*\).*/\1/p' "$work/engine.log" | head -n 1)
    fi
    if [ -n "$http" ] && scripts/http-check.sh /readyz "$http" 2>/dev/null; then break; fi
    sleep 0.2
done
say "== engine ready (pid $engine_pid, http://$http/readyz answers 200)"

# ---- produce the samples, keyed by fleet
for f in "${samples[@]}"; do
    awk -f scripts/key-by-fleet.awk "$f" |
        kcat -P -q -b "$bootstrap" -t "$input_topic" -K '|' -X enable.idempotence=true ||
        fail "kcat could not produce $f"
    say "== produced $f ($(wc -l <"$f" | tr -d ' ') lines) into $input_topic"
done

# ---- wait for the outputs
consume() { # topic [extra kcat flags...]: every committed record, then exit
    local topic=$1
    shift
    kcat -C -q -b "$bootstrap" -t "$topic" -o beginning -e -X isolation.level=read_committed "$@"
}
count() { consume "$1" -f '%o\n' | wc -l | tr -d ' '; }
deadline=$((SECONDS + timeout_s))
for t in "${output_topics[@]}"; do
    want=${expected[$t]}
    while :; do
        got=$(count "$t") || fail "kcat could not read $t"
        [ "$got" -lt "$want" ] || break
        [ "$SECONDS" -lt "$deadline" ] || fail "$t has $got records after $timeout_s s, expected $want"
        sleep 0.5
    done
    say "== $t: $got records (replay gives $want)"
done

# ---- stop the engine: it drains and commits, and must exit 0
stop_process "$engine_pid" 60
engine_pid=""
[ "$stop_status" -eq 0 ] || fail "the engine exited with status $stop_status after SIGTERM"
grep -q "stopped cleanly" "$work/engine.log" || fail "the engine did not log 'stopped cleanly'"
say "== engine stopped cleanly (exit 0)"

# ---- read everything back and check it against the replay
for t in "${output_topics[@]}"; do
    consume "$t" -J >"$work/got-$t.jsonl" || fail "kcat could not read $t"
done
python3 - "$work" "$actions_topic" "$notifications_topic" "$dead_letter_topic" <<'PY' || fail "the records read back differ from the replay"
import json, sys

work, topics = sys.argv[1], dict(zip(["actions", "notifications", "dead-letter"], sys.argv[2:5]))
expected = {t: [] for t in topics}
for line in open(f"{work}/expected.jsonl", encoding="utf-8"):
    r = json.loads(line)
    expected[r["topic"]].append(r)

def headers(kcat_headers):
    # kcat -J: ["name", "value", "name", "value", ...]
    h = kcat_headers or []
    return dict(zip(h[0::2], h[1::2])) if isinstance(h, list) else dict(h)

def describe(kind, key, value, hdrs):
    try:
        v = json.loads(value)
    except ValueError:
        v = None
    if kind == "actions" and isinstance(v, dict):
        return f"{v.get('time', '')}  {v.get('detail-type', '')}  key={key}"
    if kind == "notifications" and isinstance(v, dict):
        return f"{v.get('Timestamp', '')}  {v.get('Subject', '')}  key={key}"
    return f"{hdrs.get('rulebridge-error-message', '?')}  (offset {hdrs.get('rulebridge-original-offset', '?')} of {hdrs.get('rulebridge-original-topic', '?')})"

problems = []
for kind, topic in topics.items():
    got = [json.loads(l) for l in open(f"{work}/got-{topic}.jsonl", encoding="utf-8") if l.strip()]
    want = expected[kind]
    print(f"---- {topic}: {len(got)} records")
    for r in got:
        print(f"{topic:<26} {describe(kind, r.get('key'), r.get('payload'), headers(r.get('headers')))}")
    if len(got) != len(want):
        problems.append(f"{topic}: {len(got)} records, replay gives {len(want)}")
    for i, (g, w) in enumerate(zip(got, want)):
        if w.get("value") is None:  # a dead letter that is not UTF-8: compare its length only
            continue
        gh = headers(g.get("headers"))
        if g.get("key") != w["key"] or g.get("payload") != w["value"] or any(gh.get(k) != v for k, v in w["headers"].items()):
            problems.append(f"{topic} record {i} (offset {g.get('offset')}) differs from replay record: {json.dumps(w)[:300]}")
            break
for p in problems:
    print("MISMATCH " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
say "== every record matches 'rulebridge replay --rules $rules ${samples[*]}'"

# ---- stop the broker
stop_process "$broker_pid" 10
broker_pid=""
[ "$stop_status" -eq 0 ] || fail "the broker exited with status $stop_status after SIGTERM"
say "== broker stopped (exit 0); done"
