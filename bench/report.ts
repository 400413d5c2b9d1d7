/** The markdown summary `npm run bench` prints. */
type Row = Record<string, unknown>;

const table = (head: string[], rows: (string | number)[][]): string =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

export function summary(r: Row): string {
  const m = r.machine as Row;
  const out: string[] = [`# Skiff benchmarks${r.quick ? ' (quick)' : ''}`, '', `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}. Took ${r.seconds} s.`, ''];
  const api = r.api as { verb: string; concurrency: number; http: Row; raw: Row; ratioP50: number; ratioOps?: number }[] | undefined;
  if (api) {
    out.push('## API latency over HTTPS vs one raw DynamoDB Local operation (ms)', '');
    out.push(table(['verb', 'conc.', 'HTTP p50', 'HTTP p99', 'HTTP ops/s', 'raw p50', 'raw p99', 'raw ops/s', 'p50 ratio', 'ops/s ratio'], api.map((a) => [a.verb, a.concurrency, a.http.p50 as number, a.http.p99 as number, a.http.opsPerSecond as number, a.raw.p50 as number, a.raw.p99 as number, a.raw.opsPerSecond as number, `${a.ratioP50}x`, a.ratioOps === undefined ? '' : `${a.ratioOps}x`])));
  }
  const w = r.watch as Row | undefined;
  if (w) out.push('', `## Watch delivery: p50 ${w.p50} ms, p99 ${w.p99} ms (n=${w.n})`, '');
  const cap = r.capacity as { perVerb: Row[]; idlePerMinute: Row; idleWatcherPerMinute: Row } | undefined;
  if (cap) out.push('## DynamoDB capacity units (transactions at AWS\'s double rate)', '', table(['what', 'read units', 'write units'], [...cap.perVerb, cap.idlePerMinute, cap.idleWatcherPerMinute].map((c) => [String(c.what), c.readUnits as number, c.writeUnits as number])));
  for (const key of ['authz', 'scheduler', 'workload', 'scale', 'ecs']) {
    if (r[key]) out.push('', `## ${key}`, '', '```json', JSON.stringify(r[key], null, 2), '```');
  }
  const bundles = r.bundles as Row[] | undefined;
  if (bundles) {
    out.push('', '## Lambda bundles', '', table(['function', 'minified bytes', 'cold start p50 (ms)', 'largest inputs (bytes)'], bundles.map((b) => [String(b.fn), b.bytes as number, b.coldStartP50Ms as number, largest(b.largest)])));
    const compared = bundles.filter((b) => b.base);
    if (compared.length > 0) {
      const rows = compared.map((b) => {
        const base = b.base as Row;
        return [String(b.fn), base.bytes as number, b.bytes as number, `${base.bytesRatio}x`, base.coldStartP50Ms as number, b.coldStartP50Ms as number, `${base.coldStartRatio}x`];
      });
      out.push('', `### Against ${String((compared[0]?.base as Row).ref)}, measured in the same run`, '', table(['function', 'base bytes', 'bytes', 'bytes ratio', 'base cold start p50 (ms)', 'cold start p50 (ms)', 'cold start ratio'], rows));
    }
  }
  const cost = r.cost as Row | undefined;
  if (!cost) return out.join('\n');
  out.push('', '## Cost model (us-east-1 list prices, bench/prices.ts)', '');
  out.push(`- Idle cluster: $${cost.idleClusterPerMonthUsd}/month (EKS control plane: $${cost.eksControlPlanePerMonthUsd}/month)`);
  out.push(`- Per 1M API calls: ${Object.entries(cost.perMillionCallsUsd as Row).map(([k, v]) => `${k} $${v}`).join(', ')}`);
  out.push(`- One idle watcher through API Gateway: $${cost.idleWatcherPerMonthUsd}/month`);
  out.push(`- Break-even with EKS at ${cost.breakEvenRequestsPerSecond} requests/s sustained`);
  out.push(...(cost.assumptions as string[]).map((a) => `- Assumes: ${a}`));
  const rt = r.runtimeCost as Row | undefined;
  if (rt) {
    out.push('', '### Deployed runtime (CDK stack: ECS provider, cloud-controller-manager, schedules, task event rule)', '');
    out.push(`- Idle runtime with 2 Fargate virtual nodes heartbeating: $${rt.idleRuntimePerMonthUsd}/month (${Object.entries(rt.idleRuntimeBreakdown as Row).map(([k, v]) => `${k} $${v}`).join(', ')})`);
    out.push(`- One LoadBalancer Service (its ALB as the runtime deploys it): $${rt.loadBalancerServicePerMonthUsd}/month`);
    out.push(`- Control plane per pod-hour: $${rt.controlPlanePerPodHourUsd}, next to the pod's own Fargate price of $${rt.fargatePodHourUsd}/hour and its public IPv4 at $${rt.publicIpv4PerPodHourUsd}/hour`);
    out.push(`- Break-even with EKS: ${rt.breakEvenAlwaysOnPods} always-on pods`);
    out.push(...(rt.assumptions as string[]).map((a) => `- Assumes: ${a}`));
  }
  return out.join('\n');
}

const largest = (inputs: unknown): string =>
  ((inputs as { input: string; bytes: number }[] | undefined) ?? []).map((i) => `${i.input} ${i.bytes}`).join(', ');
