import { RestContext } from '../registry/context';
import { KubeObject } from '../registry/resource';
import { nowTimestamp } from '../registry/time';
import { create, R } from './client';

/**
 * Records a core/v1 Event about `involved`, as upstream's event recorder does (kubectl describe
 * lists them through the involvedObject field selectors).
 */
export async function recordEvent(
  ctx: RestContext,
  involved: KubeObject,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  component: string,
): Promise<void> {
  const now = nowTimestamp();
  const namespace = String(involved.metadata.namespace ?? 'default');
  await create(ctx, R.events, namespace, {
    metadata: { generateName: `${String(involved.metadata.name)}.`, namespace },
    involvedObject: {
      kind: involved.kind,
      namespace: involved.metadata.namespace,
      name: involved.metadata.name,
      uid: involved.metadata.uid,
      apiVersion: involved.apiVersion,
      resourceVersion: involved.metadata.resourceVersion,
    },
    reason,
    message,
    type,
    source: { component },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    reportingComponent: component,
    reportingInstance: '',
  });
}
