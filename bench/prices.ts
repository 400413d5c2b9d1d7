/**
 * AWS us-east-1 list prices the cost model uses, each with where it is published and when it was
 * taken. They were recorded from AWS's public pricing pages (not fetched by the benchmark: these
 * machines have no internet); update the value and the date together.
 */
export const PRICES = {
  dynamodbWriteRequestUnit: { usd: 0.625 / 1e6, source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/', asOf: '2026-11-01' },
  dynamodbReadRequestUnit: { usd: 0.125 / 1e6, source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/', asOf: '2026-11-01' },
  dynamodbStorageGbMonth: { usd: 0.25, source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/', asOf: '2026-11-01' },
  lambdaArmGbSecond: { usd: 0.0000133334, source: 'https://aws.amazon.com/lambda/pricing/', asOf: '2026-11-01' },
  lambdaRequest: { usd: 0.2 / 1e6, source: 'https://aws.amazon.com/lambda/pricing/', asOf: '2026-11-01' },
  httpApiRequest: { usd: 1.0 / 1e6, source: 'https://aws.amazon.com/api-gateway/pricing/', asOf: '2026-11-01' },
  sqsRequest: { usd: 0.4 / 1e6, source: 'https://aws.amazon.com/sqs/pricing/', asOf: '2026-11-01' },
  eventBridgeSchedulerInvocation: { usd: 1.0 / 1e6, source: 'https://aws.amazon.com/eventbridge/pricing/', asOf: '2026-11-01' },
  secretsManagerSecretMonth: { usd: 0.4, source: 'https://aws.amazon.com/secrets-manager/pricing/', asOf: '2026-11-01' },
  fargateArmVcpuHour: { usd: 0.03238, source: 'https://aws.amazon.com/fargate/pricing/', asOf: '2026-11-01' },
  fargateArmGbHour: { usd: 0.00356, source: 'https://aws.amazon.com/fargate/pricing/', asOf: '2026-11-01' },
  publicIpv4Hour: { usd: 0.005, source: 'https://aws.amazon.com/vpc/pricing/', asOf: '2026-11-01' },
  albHour: { usd: 0.0225, source: 'https://aws.amazon.com/elasticloadbalancing/pricing/', asOf: '2026-11-01' },
  albLcuHour: { usd: 0.008, source: 'https://aws.amazon.com/elasticloadbalancing/pricing/', asOf: '2026-11-01' },
  eksClusterHour: { usd: 0.1, source: 'https://aws.amazon.com/eks/pricing/', asOf: '2026-11-01' },
} as const;

export const HOURS_PER_MONTH = 730;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
