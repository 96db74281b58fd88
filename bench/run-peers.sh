#!/usr/bin/env bash
# Reproduces the benchmark against peers (BENCHMARKS.md): builds the generated code, the
# hand-written baseline and the PyTorch harness (Maven profile "pytorch", which fetches PyTorch's
# native libraries once), then runs W1-W4 on one thread at low priority and writes
# bench/results/peers.md, peers-raw.tsv and peers.png. Extra arguments go to the JVM, e.g.
# -Dpeers.round=0.3 -Dpeers.warmup=0.5 for a quick try.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -P pytorch -pl bench/pytorch -am package -DskipTests
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes')"
OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 nice -n 10 java --add-modules jdk.incubator.vector \
  -Dai.djl.offline=true -Dpeers.commit="$commit" "$@" \
  -jar bench/pytorch/target/peers.jar bench/results
