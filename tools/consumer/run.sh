#!/usr/bin/env bash
# Builds and tests tools/consumer against the artifacts the reactor deployed to target/repo, with a local repository
# of its own (target/consumer-m2), so that jinference's artifacts can only come from the published repository.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
if [[ "${1:-}" == offline=true ]]; then
  echo "consumer: Maven is offline, so nothing was deployed to target/repo and the consumer cannot fetch its other" \
    "dependencies; skipped"
  exit 0
fi
test -f target/repo/io/jinference/jinference-bom/maven-metadata.xml || {
  echo "nothing deployed to target/repo: run ./mvnw verify (or deploy) first" >&2
  exit 1
}
rm -rf target/consumer-m2/io/jinference
./mvnw -B -ntp -f tools/consumer/pom.xml -Dmaven.repo.local="$root/target/consumer-m2" \
  -Djinference.repo="$root/target/repo" -U verify
