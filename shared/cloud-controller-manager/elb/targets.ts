import { DeregisterTargetsCommand, DescribeTargetHealthCommand, RegisterTargetsCommand, TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import { LbAws } from './aws';
import { Target } from './model';

/** A target's health as DescribeTargetHealth reports it, by `ip:port`. */
export type TargetStates = Map<string, { state: string; reason?: string; description?: string }>;

/** ELBv2 takes at most this many targets a Register/DeregisterTargets call. */
export const TARGET_BATCH = 200;

export const targetKey = (t: { id: string; port: number }) => `${t.id}:${t.port}`;

/** What to register and deregister so the group holds exactly `wanted` (draining targets are already leaving). */
export function diffTargets(current: TargetHealthDescription[], wanted: Target[]): { register: Target[]; deregister: Target[] } {
  const have = new Map<string, Target>();
  for (const d of current) {
    if (d.TargetHealth?.State === 'draining') continue;
    const t = { id: String(d.Target?.Id), port: Number(d.Target?.Port) };
    have.set(targetKey(t), t);
  }
  const want = new Map(wanted.map((t) => [targetKey(t), t]));
  return {
    register: [...want].filter(([k]) => !have.has(k)).map(([, t]) => t),
    deregister: [...have].filter(([k]) => !want.has(k)).map(([, t]) => t),
  };
}

const batches = <T>(items: T[]): T[][] => Array.from({ length: Math.ceil(items.length / TARGET_BATCH) }, (_, i) => items.slice(i * TARGET_BATCH, (i + 1) * TARGET_BATCH));

/**
 * Level-triggered: reads the group's targets and registers/deregisters the difference in batches.
 * Returns the health as read (a new target shows as not registered until the next pass).
 */
export async function syncTargets(aws: LbAws, targetGroupArn: string, wanted: Target[]): Promise<TargetStates> {
  const current = (await aws.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }))).TargetHealthDescriptions ?? [];
  const { register, deregister } = diffTargets(current, wanted);
  const toAws = (ts: Target[]) => ts.map((t) => ({ Id: t.id, Port: t.port }));
  for (const b of batches(deregister)) await aws.elb.send(new DeregisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: toAws(b) }));
  for (const b of batches(register)) await aws.elb.send(new RegisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: toAws(b) }));
  const states: TargetStates = new Map();
  for (const d of current) {
    const key = targetKey({ id: String(d.Target?.Id), port: Number(d.Target?.Port) });
    const leaving = deregister.some((t) => targetKey(t) === key);
    states.set(key, leaving ? { state: 'draining', reason: 'Target.DeregistrationInProgress' } : { state: String(d.TargetHealth?.State), reason: d.TargetHealth?.Reason, description: d.TargetHealth?.Description });
  }
  return states;
}
