#!/usr/bin/env bash
# Whole-process comparison with fzf, run by hand (CI does not: it needs fzf).
#
#   benches/compare.sh                       # 10,000 measures
#   SIZES="10000 100000" benches/compare.sh  # and 100,000
#   RUNS=7 QUERIES="補助金 協働" benches/compare.sh
#   BIN=/tmp/old/plan-review benches/compare.sh  # another build, not rebuilt
#   COLD=0 FRAME=0 KEYS=0 benches/compare.sh     # skip the cold search, the screen
#
# For each size it writes a dataset with the benchmarks' generator
# (benches/common/generate.rs: distinct measures mixed from the bundled
# report) and the same measures as text, one line per measure with every
# field, then times each query as a whole process, `plan-review --data F
# search Q` against `fzf --filter Q < lines`, RUNS times interleaved, and
# prints the medians side by side with their ratio and each one's peak
# resident memory. Also measured once per size: the first romaji search
# with an empty readings cache (XDG_CACHE_HOME pointed at a fresh
# directory), the time to the screen's first frame in a pseudo-terminal
# and its peak memory once idle with its readings in (RUNS times, median),
# and keystrokes on the screen (benches/keys.rs: how
# long until each key's text shows, and until its hit count does).
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=${SIZES:-10000}
RUNS=${RUNS:-7}
# The last query matches nothing, in either program.
QUERIES=${QUERIES:-"補助金 協働 hojokin kyodo xqzvjw"}
export LC_ALL=C.UTF-8

if ! command -v fzf >/dev/null; then
    echo "fzf is missing; installing it with apt-get" >&2
    if [ "$(id -u)" = 0 ]; then apt-get install -y fzf >&2; else sudo apt-get install -y fzf >&2; fi
fi
if [ ! -x /usr/bin/time ]; then
    echo "/usr/bin/time is missing; installing it with apt-get" >&2
    if [ "$(id -u)" = 0 ]; then apt-get install -y time >&2; else sudo apt-get install -y time >&2; fi
fi

if [ -z "${BIN:-}" ]; then
    cargo build --release --quiet --bin plan-review
    BIN=$PWD/target/release/plan-review
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# Readings cached between warm runs, but never in the user's own cache.
export XDG_CACHE_HOME=$WORK/cache
mkdir -p "$XDG_CACHE_HOME"

now_ns() { date +%s%N; }

# time_one OUT_PREFIX CMD...: runs CMD once (stdin from $STDIN if set,
# stdout discarded) and appends its milliseconds and peak KiB to
# OUT_PREFIX.ms and OUT_PREFIX.kb. Exit status 1 passes only with
# NO_MATCH_IS_1 set (fzf's "nothing matched").
time_one() {
    local prefix=$1
    shift
    local start end status=0
    start=$(now_ns)
    /usr/bin/time -q -f %M -o "$prefix.rss" "$@" <"${STDIN:-/dev/null}" >/dev/null || status=$?
    end=$(now_ns)
    if [ "$status" != 0 ] && ! { [ "$status" = 1 ] && [ -n "${NO_MATCH_IS_1:-}" ]; }; then
        echo "failed ($status): $*" >&2
        exit 1
    fi
    echo $(((end - start) / 1000000)) >>"$prefix.ms"
    cat "$prefix.rss" >>"$prefix.kb"
}

median() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# The lowest and highest of a file of numbers, as "low-high".
range() { sort -n "$1" | sed -n '1p;$p' | paste -sd- -; }

# BIN DATA NOTES_DIR: milliseconds to the first frame, the peak KiB until
# then, and the peak KiB once the screen has gone idle (its readings in).
first_frame() {
    python3 - "$@" <<'PY'
import os, pty, re, resource, select, signal, struct, sys, termios, time, fcntl

binary, data, notes = sys.argv[1:4]
# The first measure's code is on the first screen (every pillar open).
marker = "1-(1)-①"
start = time.monotonic()
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    os.execv(binary, [binary, "--data", data, "--notes", notes])
seen = b""
elapsed = None

def drain(wait):
    """Reads what the screen wrote within `wait` seconds, so it never
    blocks on a full terminal; an error (it has exited) is no matter."""
    try:
        if select.select([fd], [], [], wait)[0]:
            os.read(fd, 65536)
    except OSError:
        pass

def peak_kb():
    with open(f"/proc/{pid}/status") as f:
        return re.search(r"VmHWM:\s*(\d+)", f.read()).group(1)

while time.monotonic() - start < 120:
    ready, _, _ = select.select([fd], [], [], 0.5)
    if not ready:
        continue
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
    text = re.sub(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>]", b"", seen)
    if marker.encode() in text:
        elapsed = time.monotonic() - start
        first_kb = peak_kb()
        break
# Then the screen builds or reads its readings in the background: once its
# CPU time has not moved for two seconds (two minutes at most), its peak
# so far is the peak with its readings in.
def cpu_ticks():
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])

settled_kb = "timeout"
if elapsed is not None:
    last, still, until = None, 0, time.monotonic() + 120
    while time.monotonic() < until:
        drain(0.25)
        ticks = cpu_ticks()
        still = still + 0.25 if ticks == last else 0
        last = ticks
        # At least three seconds after the first frame: the background
        # work may not have begun in the first two.
        if still >= 2 and time.monotonic() - start - elapsed >= 3:
            settled_kb = peak_kb()
            break
os.kill(pid, signal.SIGTERM)
deadline = time.monotonic() + 10
while time.monotonic() < deadline:
    drain(0.1)
    done, status, usage = os.wait4(pid, os.WNOHANG)
    if done:
        break
else:
    os.kill(pid, signal.SIGKILL)
    done, status, usage = os.wait4(pid, 0)
ms = "timeout" if elapsed is None else f"{elapsed * 1000:.0f}"
print(ms, usage.ru_maxrss if elapsed is None else first_kb, settled_kb)
PY
}

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$BIN ($(git rev-parse --short HEAD 2>/dev/null || echo '?') here), $(fzf --version | cut -d' ' -f1 | sed 's/^/fzf /'), $RUNS runs each, interleaved, median"

for n in $SIZES; do
    json=$WORK/plan-$n.json
    lines=$WORK/lines-$n.txt
    cargo bench --quiet --bench gen_dataset -- "$n" "$json" "$lines" 2>/dev/null
    bytes=$(stat -c %s "$json")
    echo
    echo "## $n measures: $(awk -v b="$bytes" 'BEGIN {printf "%.1f MB", b / 1e6}') of JSON"

    # The first romaji search on a dataset never seen before.
    if [ "${COLD:-1}" != 0 ]; then
        # RUNS times, each with a cache of its own, and the median: the
        # first run after the dataset is written can wait on the disk.
        cold=$WORK/cold-$n
        for k in $(seq "$RUNS"); do
            mkdir -p "$cold/cache-$k"
            XDG_CACHE_HOME=$cold/cache-$k time_one "$cold/run" "$BIN" --data "$json" search hojokin
        done
        range=$(range "$cold/run.ms")
        echo "first romaji search, empty readings cache (median of $RUNS, range $range ms): $(median "$cold/run.ms") ms, peak $(($(median "$cold/run.kb") / 1024)) MiB"
    fi
    # Warm the shared readings cache for the runs below, as any earlier
    # romaji search would, when a query needs readings.
    for q in $QUERIES; do
        if [[ $q =~ ^[A-Za-z]+$ ]]; then
            "$BIN" --data "$json" search "$q" >/dev/null
            break
        fi
    done

    echo
    echo "| query | hits (ours / fzf) | ours ms | fzf ms | ours ÷ fzf | ours peak MiB | fzf peak MiB | ours peak ÷ file |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
    for q in $QUERIES; do
        ours=$WORK/ours-$n-$q
        theirs=$WORK/fzf-$n-$q
        for _ in $(seq "$RUNS"); do
            time_one "$ours" "$BIN" --data "$json" search "$q"
            STDIN=$lines NO_MATCH_IS_1=1 time_one "$theirs" fzf --filter "$q"
        done
        ours_hits=$("$BIN" --data "$json" search --limit 0 "$q" | head -n1 | grep -o '^[0-9]*')
        fzf_hits=$( (fzf --filter "$q" <"$lines" || true) | wc -l)
        o=$(median "$ours.ms")
        f=$(median "$theirs.ms")
        ok=$(median "$ours.kb")
        fk=$(median "$theirs.kb")
        awk -v q="$q" -v oh="${ours_hits:-0}" -v fh="$fzf_hits" -v o="$o" -v f="$f" -v ok="$ok" -v fk="$fk" -v b="$bytes" \
            'BEGIN {printf "| %s | %s / %s | %d | %d | %.2f× | %.0f | %.0f | %.2f× |\n", q, oh, fh, o, f, o / f, ok / 1024, fk / 1024, ok * 1024 / b}'
    done

    if [ "${FRAME:-1}" != 0 ]; then
        notes=$WORK/notes-$n
        mkdir -p "$notes"
        # One start-up is as noisy as one search: the median of RUNS.
        : >"$WORK/frame-$n.ms"
        : >"$WORK/frame-$n.kb"
        : >"$WORK/settled-$n.kb"
        for _ in $(seq "$RUNS"); do
            read -r frame_ms frame_kb settled_kb < <(first_frame "$BIN" "$json" "$notes")
            echo "$frame_ms" >>"$WORK/frame-$n.ms"
            echo "$frame_kb" >>"$WORK/frame-$n.kb"
            echo "$settled_kb" >>"$WORK/settled-$n.kb"
        done
        frame_ms=$(median "$WORK/frame-$n.ms")
        frame_kb=$(median "$WORK/frame-$n.kb")
        settled_kb=$(median "$WORK/settled-$n.kb")
        range=$(range "$WORK/frame-$n.ms")
        echo
        echo "screen, first frame (120×40 pseudo-terminal, median of $RUNS, range $range ms): $frame_ms ms, peak $((frame_kb / 1024)) MiB until then"
        echo "screen, once idle with its readings in (median of $RUNS, range $(range "$WORK/settled-$n.kb") KiB): peak $settled_kb KiB, $(awk -v k="$settled_kb" -v b="$bytes" 'BEGIN {printf "%.2f", k * 1024 / b}')× the file"
    fi
    if [ "${KEYS:-1}" != 0 ]; then
        echo
        BIN=$BIN cargo bench --quiet --bench keys -- "$json" "$RUNS"
    fi
done
