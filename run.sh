#!/usr/bin/env bash
# Runs the whole product locally: Kafka, Redis, the provider sandbox and every service.
# Builds first when a jar is missing or a source is newer. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/java-home.sh

if [[ ! -f local-stack/target/local-stack-0.1.0-SNAPSHOT.jar ]] || \
   [[ -n "$(find . -path ./.sbme -prune -o -path '*/src/*' -newer local-stack/target/local-stack-0.1.0-SNAPSHOT.jar -type f -print -quit)" ]] || \
   [[ pom.xml -nt local-stack/target/local-stack-0.1.0-SNAPSHOT.jar ]]; then
  echo "Building (first run or sources changed) ..."
  MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ./mvnw -B -q -DskipTests package
fi

export SBME_HOME="$PWD"
exec "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx128m -jar local-stack/target/local-stack-0.1.0-SNAPSHOT.jar
