#!/usr/bin/env bash
# Runs the whole product locally: Kafka, Redis, the provider sandbox and every service.
# Builds first when nothing is built yet or a source changed since the last build. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/java-home.sh

stamp=local-stack/target/.built
if [[ ! -f "$stamp" || ! -f local-stack/target/local-stack-0.1.0-SNAPSHOT.jar ]] || \
   [[ -n "$(find . -path ./.sbme -prune -o \( -path '*/src/*' -o -name pom.xml \) -newer "$stamp" -type f -print -quit)" ]]; then
  echo "Building (first run or sources changed) ..."
  MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ./mvnw -B -q -DskipTests package
  touch "$stamp"
fi

export SBME_HOME="$PWD"
exec "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx128m -jar local-stack/target/local-stack-0.1.0-SNAPSHOT.jar
