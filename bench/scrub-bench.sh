#!/usr/bin/env bash
# Scrubbing 1 MiB of hostile text, this build against an older commit (default: the last one with java.util.regex).
# Needs ./mvnw -q compile first. Each run is bounded by SECONDS; a run that stops early says so (complete=false).
# Usage: bench/scrub-bench.sh [OLD_COMMIT]
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=${1:-ec6d967}
SECONDS_LIMIT=${SECONDS_LIMIT:-120}
M2=${M2:-$HOME/.m2/repository}
DEPS=$(find "$M2/com/google/re2j/re2j/1.8" "$M2/io/smallrye/config/smallrye-config-core" \
  "$M2/jakarta/enterprise/jakarta.enterprise.cdi-api" "$M2/jakarta/inject/jakarta.inject-api" -name '*.jar' | tr '\n' ':')
OLDDIR=$(mktemp -d)
trap 'rm -rf "$OLDDIR"' EXIT
# the old Scrubber, compiled against the current classes for everything else it uses
mkdir -p "$OLDDIR/src" "$OLDDIR/classes"
git show "$OLD:src/main/java/dev/sentrytriage/analysis/Scrubber.java" > "$OLDDIR/src/Scrubber.java"
javac -nowarn -d "$OLDDIR/classes" -cp "target/classes:$DEPS" "$OLDDIR/src/Scrubber.java"
MIB=$((1024 * 1024))
run() { java -cp "$1:target/classes:$DEPS" bench/ScrubBench.java "$2" "$3" "$4" "$SECONDS_LIMIT"; }
for size in 16384 32768 65536; do run "$OLDDIR/classes" "before($OLD)" $size $size; done
run "$OLDDIR/classes" "before($OLD)" $MIB 16384
run target/classes after $MIB $MIB       # one call: the service cuts the text at 16 KiB
run target/classes after $MIB 16384      # every character through every pattern, in 64 calls
