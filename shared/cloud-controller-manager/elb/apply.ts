import {
  AddTagsCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  ModifyLoadBalancerAttributesCommand,
  ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { LbAws, toTags } from './aws';
import { Found, network } from './discover';
import { ensureListeners } from './listeners';
import { DesiredLoadBalancer, specHash, TAG } from './model';
import { allowToPods, deleteSecurityGroup, ensureSecurityGroup } from './security-groups';
import { syncTargets, TargetStates } from './targets';

export interface Ensured {
  dnsName: string;
  /** Whether anything but targets was created or changed (a spec change). */
  changed: boolean;
  /** Target health by target group key, as read before this pass's registrations. */
  health: Map<string, TargetStates>;
  /** Deregistration delay by target group key. */
  deregistrationDelay: Map<string, number>;
}

/**
 * Makes AWS hold `lb`: security group, ALB, target groups, listeners and rules, then targets.
 * When the ALB's spec-hash tag equals the plan's, only targets are synced (an endpoint change).
 */
export async function ensureLoadBalancer(aws: LbAws, lb: DesiredLoadBalancer, found: Found): Promise<Ensured> {
  const hash = specHash(lb);
  const current = found.loadBalancer;
  const structural = !current || current.tags[TAG.specHash] !== hash || current.Scheme !== lb.scheme || found.targetGroups.length < lb.targetGroups.length;
  const tgArns = new Map(found.targetGroups.map((tg) => [tg.tags[TAG.targetGroupKey], String(tg.TargetGroupArn)]));
  let dnsName = String(current?.DNSName ?? '');
  if (structural) {
    const { vpcId, subnets } = await network(aws);
    const sg = await ensureSecurityGroup(aws, lb, vpcId, found.securityGroupId);
    let lbArn = current?.LoadBalancerArn;
    if (current && current.Scheme !== lb.scheme) {
      // The scheme of an ALB cannot change: replace it (its listeners go with it).
      await aws.elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lbArn }));
      lbArn = undefined;
    }
    if (!lbArn) {
      const res = await aws.elb.send(
        new CreateLoadBalancerCommand({ Name: lb.name, Type: 'application', Scheme: lb.scheme, Subnets: subnets, SecurityGroups: [sg], IpAddressType: 'ipv4', Tags: toTags(lb.tags) }),
      );
      lbArn = String(res.LoadBalancers?.[0]?.LoadBalancerArn);
      dnsName = String(res.LoadBalancers?.[0]?.DNSName);
    }
    await aws.elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: lbArn, Attributes: [{ Key: 'idle_timeout.timeout_seconds', Value: String(lb.idleTimeoutSeconds) }] }));
    for (const tg of lb.targetGroups) {
      const hc = tg.healthCheck;
      const health = {
        HealthCheckProtocol: 'HTTP' as const,
        HealthCheckPath: hc.path,
        HealthCheckPort: hc.port,
        HealthCheckIntervalSeconds: hc.intervalSeconds,
        HealthCheckTimeoutSeconds: hc.timeoutSeconds,
        HealthyThresholdCount: hc.healthyThreshold,
        UnhealthyThresholdCount: hc.unhealthyThreshold,
        Matcher: { HttpCode: hc.matcher },
      };
      let arn = tgArns.get(tg.key);
      if (arn) await aws.elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: arn, ...health }));
      else {
        const res = await aws.elb.send(
          new CreateTargetGroupCommand({ Name: tg.name, Protocol: 'HTTP', Port: tg.port, VpcId: vpcId, TargetType: 'ip', ...health, Tags: toTags({ ...lb.tags, [TAG.targetGroupKey]: tg.key }) }),
        );
        arn = String(res.TargetGroups?.[0]?.TargetGroupArn);
        tgArns.set(tg.key, arn);
      }
      await aws.elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: String(tg.deregistrationDelaySeconds) }] }));
    }
    await ensureListeners(aws, lbArn, lb, tgArns);
    await allowToPods(aws, vpcId, sg, [...new Set(lb.targetGroups.flatMap((tg) => tg.targets.map((t) => t.port).concat(tg.port)))].sort((a, b) => a - b));
    // Target groups no longer planned go once no listener forwards to them.
    const wanted = new Set(lb.targetGroups.map((tg) => tg.key));
    for (const tg of found.targetGroups) {
      if (!wanted.has(tg.tags[TAG.targetGroupKey])) {
        await aws.elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn }));
        tgArns.delete(tg.tags[TAG.targetGroupKey]);
      }
    }
    await aws.elb.send(new AddTagsCommand({ ResourceArns: [lbArn], Tags: [{ Key: TAG.specHash, Value: hash }] }));
  }
  const health = new Map<string, TargetStates>();
  for (const tg of lb.targetGroups) {
    const arn = tgArns.get(tg.key);
    if (arn) health.set(tg.key, await syncTargets(aws, arn, tg.targets));
  }
  return { dnsName, changed: structural, health, deregistrationDelay: new Map(lb.targetGroups.map((tg) => [tg.key, tg.deregistrationDelaySeconds])) };
}

/** Removes everything found for an owner: the ALB (and its listeners), its target groups, its security group. */
export async function deleteLoadBalancer(aws: LbAws, found: Found): Promise<boolean> {
  let removed = false;
  if (found.loadBalancer) {
    const arn = found.loadBalancer.LoadBalancerArn;
    const listeners = await aws.elb.send(new DescribeListenersCommand({ LoadBalancerArn: arn }));
    for (const l of listeners.Listeners ?? []) await aws.elb.send(new DeleteListenerCommand({ ListenerArn: l.ListenerArn }));
    await aws.elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }));
    removed = true;
  }
  for (const tg of found.targetGroups) {
    await aws.elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn }));
    removed = true;
  }
  if (found.securityGroupId) {
    const { vpcId } = await network(aws);
    await deleteSecurityGroup(aws, vpcId, found.securityGroupId);
    removed = true;
  }
  return removed;
}
