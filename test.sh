#!/usr/bin/env bash
# Runs every test: unit, stage integration (real Kafka broker, real Redis) and end-to-end (the
# whole stack from the local launcher, driven over HTTP and in headless Chromium).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/java-home.sh
export MAVEN_OPTS="${MAVEN_OPTS:-"-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx768m"} --sun-misc-unsafe-memory-access=allow"
exec ./mvnw -B verify "$@"
