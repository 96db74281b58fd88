#!/usr/bin/env bash
# Checks a Dither weights file against real PyTorch (Debian's python3-torch: apt-get install -y python3-torch).
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
# one reactor run, so that samples' classpath resolves the freshly built runtime (samples is built last)
mvn -B -q -pl samples -am package dependency:build-classpath -DskipTests -Dmdep.outputFile="$dir/cp.txt"
cp="samples/target/classes:$(cat "$dir/cp.txt")"
java -cp "$cp" dev.dither.samples.resume.ResumeDemo all "$dir" > /dev/null
java -cp "$cp" dev.dither.samples.resume.InferDump "$dir/parity.safetensors" > "$dir/dump.txt"
/usr/bin/python3 samples/scripts/torch_roundtrip.py "$dir/parity.safetensors" "$dir/dump.txt"
