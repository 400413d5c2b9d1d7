#!/usr/bin/env bash
# Runs Skiff's local runner against LocalStack's DynamoDB (see docs/localstack.md). Needs Docker.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v docker >/dev/null || { echo "docker is required"; exit 1; }
if ! docker ps --format '{{.Names}}' | grep -q '^skiff-localstack$'; then
  docker run -d --rm --name skiff-localstack -p 4566:4566 -e SERVICES=dynamodb,dynamodbstreams localstack/localstack
fi
for _ in $(seq 1 60); do
  curl -fsS http://localhost:4566/_localstack/health >/dev/null 2>&1 && break
  sleep 1
done
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-test} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-test} AWS_REGION=${AWS_REGION:-us-east-1}
exec npm start -- --dynamodb-endpoint http://localhost:4566 "$@"
