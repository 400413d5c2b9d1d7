import type { Service } from '../../api/types';
import { recordEvent } from '../../controllers/events';
import type { RestContext } from '../../registry/context';
import type { KubeObject } from '../../registry/resource';

/** Upstream's service controller reports as this component. */
const COMPONENT = 'service-controller';
const BASE_RETRY_SECONDS = 5;
const MAX_RETRY_SECONDS = 300;

const uid = (svc: Service) => String(svc.metadata?.uid);

/**
 * The Service events of the load balancer controller, and its retry backoff per Service
 * (5 s doubling to 5 min, as upstream's service controller backs off). A warning for bad
 * input is recorded once per distinct message, not on every endpoint change.
 */
export class LbEvents {
  private readonly failures = new Map<string, number>();
  private readonly warned = new Map<string, string>();

  normal(ctx: RestContext, svc: Service, reason: string, message: string): Promise<void> {
    return recordEvent(ctx, svc as KubeObject, 'Normal', reason, message, COMPONENT);
  }

  warning(ctx: RestContext, svc: Service, reason: string, message: string): Promise<void> {
    return recordEvent(ctx, svc as KubeObject, 'Warning', reason, message, COMPONENT);
  }

  async warnOnce(ctx: RestContext, svc: Service, reason: string, message: string): Promise<void> {
    if (this.warned.get(uid(svc)) === message) return;
    this.warned.set(uid(svc), message);
    await this.warning(ctx, svc, reason, message);
  }

  /** Seconds until the next try after one more failure. */
  failed(svc: Service): number {
    const n = (this.failures.get(uid(svc)) ?? 0) + 1;
    this.failures.set(uid(svc), n);
    return Math.min(MAX_RETRY_SECONDS, BASE_RETRY_SECONDS * 2 ** (n - 1));
  }

  succeeded(svc: Service): void {
    this.failures.delete(uid(svc));
    this.warned.delete(uid(svc));
  }
}
