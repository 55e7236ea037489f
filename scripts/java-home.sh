# Sourced by the project's scripts: selects a JDK 25+ (JAVA_HOME when it is one, else one under
# /usr/lib/jvm) and exports JAVA_HOME and PATH. The machine's default java may be older.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1; }
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" || "$(java_major "$JAVA_HOME")" -lt 25 ]]; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    if [[ -x "$candidate/bin/javac" && "$(java_major "$candidate")" -ge 25 ]]; then JAVA_HOME="$candidate"; break; fi
  done
  if [[ -z "$JAVA_HOME" ]]; then
    echo "sbme: a JDK 25 or newer is needed (set JAVA_HOME, or install one under /usr/lib/jvm)" >&2
    exit 1
  fi
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
