#!/usr/bin/env bash
# Dispatch throughput with the whole stack running (see docs/benchmarks.md): starts the local stack
# on its own ports and data directory with the per-channel send limits lifted, runs
# io.sbme.dispatcher.StackDispatchBenchmark against it, then stops the stack. Arguments go to the
# benchmark, e.g. --messages 20000 --users 200 --read-rate 1.0.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/java-home.sh
# From a fresh clone: the whole reactor is packaged (the launcher and every service), and the
# benchmark's class path is resolved in the same reactor, so no module needs installing first.
./mvnw -q -B -DskipTests package
./mvnw -q -B -DskipTests -pl dispatcher-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
tools="$PWD/local-stack/target/kafka-broker/*:$PWD/local-stack/target/kafka-tools/*"

data=$(mktemp -d)
log="$data/stack.log"
export SBME_DATA_DIR="$data" SBME_HTTP_PORT=18180 SBME_SANDBOX_PORT=18190 SBME_KAFKA_PORT=19192 \
  SBME_REDIS_PORT=16479 SBME_FREE_PORTS=true SBME_AOT="${SBME_AOT:-false}" SBME_JVM_PROFILE="${SBME_JVM_PROFILE:-throughput}" \
  SBME_WHATSAPP_RATE_PER_SECOND=1000000 SBME_SMS_RATE_PER_SECOND=1000000 SBME_HOME="$PWD" \
  SBME_ADDRESS_RATE_PER_SECOND=1000000 SBME_ADDRESS_BURST=1000000
"$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx128m -jar local-stack/target/local-stack-0.1.0-SNAPSHOT.jar >"$log" 2>&1 &
stack=$!
trap 'kill -TERM $stack 2>/dev/null; wait $stack 2>/dev/null; rm -rf "$data"' EXIT
until grep -q "Storefront" "$log"; do
  kill -0 $stack 2>/dev/null || { cat "$log"; exit 1; }
  sleep 1
done
cd dispatcher-service
java -Xmx512m --enable-native-access=ALL-UNNAMED -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  io.sbme.dispatcher.StackDispatchBenchmark --gateway http://localhost:18180 --sandbox http://localhost:18190 \
  --kafka 127.0.0.1:19192 --kafka-tools "$tools" "$@"
