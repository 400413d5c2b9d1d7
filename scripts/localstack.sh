#!/usr/bin/env bash
# Deploys the Skiff stack into a running LocalStack with cdklocal (npm package aws-cdk-local, run
# through npx), then writes its kubeconfig. See docs/localstack.md for what each edition can run.
#   scripts/localstack.sh            # check the services, cdklocal bootstrap + deploy, npm run kubeconfig
#   scripts/localstack.sh --check    # only say which services this LocalStack serves and what will not work
#   scripts/localstack.sh --runner   # only run the local runner against LocalStack's DynamoDB
set -euo pipefail
cd "$(dirname "$0")/.."
ENDPOINT=${LOCALSTACK_ENDPOINT:-http://localhost:4566}   # cdklocal needs "localhost" in the endpoint
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-test} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-test}
export AWS_REGION=${AWS_REGION:-us-east-1} AWS_DEFAULT_REGION=${AWS_REGION:-us-east-1}

health=$(curl -fsS "$ENDPOINT/_localstack/health" 2>/dev/null) || {
  echo "No LocalStack answers at $ENDPOINT/_localstack/health. Start one first, e.g.:"
  echo "  docker run -d --name skiff-localstack -p 4566:4566 -v /var/run/docker.sock:/var/run/docker.sock localstack/localstack"
  exit 1
}
edition=$(printf '%s' "$health" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).edition??"unknown"))')
echo "LocalStack at $ENDPOINT (edition: $edition)"

if [ "${1:-}" = "--runner" ]; then
  exec npm start -- --dynamodb-endpoint "$ENDPOINT"
fi

# Which services the running LocalStack serves: "available" or "running" means it does;
# "disabled" or missing means it does not (the free edition lacks ECS, ELBv2, Cloud Map, API Gateway v2).
missing=$(printf '%s' "$health" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const services = JSON.parse(s).services ?? {};
    const need = {
      dynamodb: "the object table", dynamodbstreams: "the table stream", sqs: "queues", lambda: "every function",
      iam: "roles", logs: "log groups", events: "the task state change rule", scheduler: "resync schedules",
      secretsmanager: "the admin token", cloudformation: "the deploy itself", ec2: "the VPC",
      ecs: "pods as ECS tasks (the ECS provider)", elbv2: "LoadBalancer Services and Ingresses",
      servicediscovery: "Cloud Map DNS for Services", apigatewayv2: "the API endpoint (ApiUrl)",
    };
    for (const [name, what] of Object.entries(need)) {
      const state = services[name];
      if (state !== "available" && state !== "running") console.log(`${name}\t${state ?? "absent"}\t${what}`);
    }
  });')
if [ -n "$missing" ]; then
  echo "This LocalStack does not serve (service, state, what will not work):"
  printf '%s\n' "$missing" | sed 's/^/  /'
fi
[ "${1:-}" = "--check" ] && exit 0
if printf '%s' "$missing" | grep -q '^cloudformation'; then echo "Cannot deploy without CloudFormation."; exit 1; fi
if ! docker info >/dev/null 2>&1; then
  echo "Note: LocalStack runs Lambda functions in Docker containers; without a Docker engine it can create them but not run them."
fi

npx --yes -p aws-cdk@2 -p aws-cdk-local@3 cdklocal bootstrap
npx --yes -p aws-cdk@2 -p aws-cdk-local@3 cdklocal deploy --require-approval never
npm run kubeconfig -- --stack "${SKIFF_STACK:-Skiff}" --endpoint "$ENDPOINT"
echo "Next: kubectl get nodes"
