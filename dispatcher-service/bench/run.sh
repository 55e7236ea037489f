#!/usr/bin/env bash
# Dispatch throughput benchmark (see dispatcher-service/README.md). Any arguments go to
# io.sbme.dispatcher.DispatchBenchmark, e.g. --messages 5000 --partitions 6 --provider-latency-ms 5
# or --provider-url http://localhost:8090 to send to a running provider-sandbox.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/java-home.sh
./mvnw -o -q -B -pl dispatcher-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cd dispatcher-service
exec java -Xmx1g -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED \
  -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  io.sbme.dispatcher.DispatchBenchmark "$@"
