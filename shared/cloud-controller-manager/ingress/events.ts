import type { Ingress } from '../../api/types';
import { recordEvent } from '../../controllers/events';
import type { RestContext } from '../../registry/context';
import type { KubeObject } from '../../registry/resource';

/** aws-load-balancer-controller's Ingress events come from this component, with these reasons. */
const COMPONENT = 'ingress';
export const REASON = {
  reconciled: 'SuccessfullyReconciled',
  failedBuild: 'FailedBuildModel',
  failedDeploy: 'FailedDeployModel',
} as const;

const uid = (ing: Ingress) => String(ing.metadata?.uid);

/** Ingress events; a warning is recorded once per distinct message, not on every endpoint change. */
export class IngressEvents {
  private readonly warned = new Map<string, string>();

  reconciled(ctx: RestContext, ing: Ingress): Promise<void> {
    this.warned.delete(uid(ing));
    return recordEvent(ctx, ing as KubeObject, 'Normal', REASON.reconciled, 'Successfully reconciled', COMPONENT);
  }

  async warnOnce(ctx: RestContext, ing: Ingress, reason: string, message: string): Promise<void> {
    if (this.warned.get(uid(ing)) === message) return;
    this.warned.set(uid(ing), message);
    await recordEvent(ctx, ing as KubeObject, 'Warning', reason, message, COMPONENT);
  }

  forget(ing: Ingress): void {
    this.warned.delete(uid(ing));
  }
}
