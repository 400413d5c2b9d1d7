import {
  Action,
  CreateListenerCommand,
  CreateRuleCommand,
  DeleteListenerCommand,
  DeleteRuleCommand,
  DescribeListenersCommand,
  DescribeRulesCommand,
  Listener,
  ModifyListenerCommand,
  ModifyRuleCommand,
  Rule,
  RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { LbAws } from './aws';
import { DesiredListener, DesiredLoadBalancer, DesiredRule } from './model';

const forward = (arn: string | undefined): Action[] =>
  arn ? [{ Type: 'forward', TargetGroupArn: arn }] : [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'default backend - 404' } }];

function conditions(r: DesiredRule): RuleCondition[] {
  const out: RuleCondition[] = [];
  if (r.hosts.length > 0) out.push({ Field: 'host-header', HostHeaderConfig: { Values: r.hosts } });
  if (r.paths.length > 0) out.push({ Field: 'path-pattern', PathPatternConfig: { Values: r.paths } });
  return out;
}

const actionKey = (actions: Action[] | undefined) =>
  JSON.stringify((actions ?? []).map((a) => a.TargetGroupArn ?? a.ForwardConfig?.TargetGroups?.[0]?.TargetGroupArn ?? `fixed:${a.FixedResponseConfig?.StatusCode}`));
const conditionKey = (cs: RuleCondition[] | undefined) =>
  JSON.stringify(
    (cs ?? [])
      .map((c) => [c.Field, [...(c.HostHeaderConfig?.Values ?? c.PathPatternConfig?.Values ?? c.Values ?? [])].sort()])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  );

function sameListener(have: Listener, want: DesiredListener, defaultArn: string | undefined): boolean {
  return (
    have.Protocol === want.protocol &&
    (have.Certificates?.[0]?.CertificateArn ?? undefined) === want.certificateArn &&
    (want.protocol === 'HTTP' || have.SslPolicy === want.sslPolicy) &&
    actionKey(have.DefaultActions) === actionKey(forward(defaultArn))
  );
}

/** One listener per planned port with its default action and rules; other listeners are deleted. */
export async function ensureListeners(aws: LbAws, lbArn: string, lb: DesiredLoadBalancer, tgArns: Map<string, string>): Promise<void> {
  const existing = (await aws.elb.send(new DescribeListenersCommand({ LoadBalancerArn: lbArn }))).Listeners ?? [];
  const byPort = new Map(existing.map((l) => [l.Port, l]));
  for (const want of lb.listeners) {
    const defaultArn = want.defaultTargetGroupKey ? tgArns.get(want.defaultTargetGroupKey) : undefined;
    const settings = {
      Protocol: want.protocol,
      Port: want.port,
      Certificates: want.certificateArn ? [{ CertificateArn: want.certificateArn }] : undefined,
      SslPolicy: want.sslPolicy,
      DefaultActions: forward(defaultArn),
    };
    const have = byPort.get(want.port);
    let arn = have?.ListenerArn;
    if (!have) arn = (await aws.elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, ...settings }))).Listeners?.[0]?.ListenerArn;
    else if (!sameListener(have, want, defaultArn)) await aws.elb.send(new ModifyListenerCommand({ ListenerArn: arn, ...settings }));
    await ensureRules(aws, String(arn), want.rules, tgArns);
  }
  const ports = new Set<number | undefined>(lb.listeners.map((l) => l.port));
  for (const l of existing) if (!ports.has(l.Port)) await aws.elb.send(new DeleteListenerCommand({ ListenerArn: l.ListenerArn }));
}

/** The listener's rules by priority: created, modified where conditions or target differ, extra ones deleted. */
async function ensureRules(aws: LbAws, listenerArn: string, rules: DesiredRule[], tgArns: Map<string, string>): Promise<void> {
  const existing: Rule[] = ((await aws.elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn }))).Rules ?? []).filter((r) => !r.IsDefault);
  const byPriority = new Map(existing.map((r) => [Number(r.Priority), r]));
  for (const want of rules) {
    const actions = forward(tgArns.get(want.targetGroupKey));
    const have = byPriority.get(want.priority);
    if (!have) await aws.elb.send(new CreateRuleCommand({ ListenerArn: listenerArn, Priority: want.priority, Conditions: conditions(want), Actions: actions }));
    else if (conditionKey(have.Conditions) !== conditionKey(conditions(want)) || actionKey(have.Actions) !== actionKey(actions)) {
      await aws.elb.send(new ModifyRuleCommand({ RuleArn: have.RuleArn, Conditions: conditions(want), Actions: actions }));
    }
  }
  const priorities = new Set(rules.map((r) => r.priority));
  for (const r of existing) if (!priorities.has(Number(r.Priority))) await aws.elb.send(new DeleteRuleCommand({ RuleArn: r.RuleArn }));
}
