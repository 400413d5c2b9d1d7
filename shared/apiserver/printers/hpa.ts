import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from '../../api/types';
import { age } from './age';
import { ageColumn, col, nameColumn, Printer, view } from './columns';

const MAX_SHOWN = 2;
const q = (v: string | number | undefined): string => (v === undefined ? '<unknown>' : String(v));

/** One metric as `current/target`, after upstream's formatHPAMetrics (v1.33: `cpu: 50%/80%`). */
function formatMetric(spec: MetricSpec, status: MetricStatus | undefined): string {
  switch (spec.type) {
    case 'External':
    case 'Object': {
      const src = spec.type === 'External' ? spec.external : spec.object;
      const cur = spec.type === 'External' ? status?.external?.current : status?.object?.current;
      if (src?.target.averageValue !== undefined) return `${q(cur?.averageValue)}/${src.target.averageValue} (avg)`;
      return `${status && cur ? q(cur.value) : '<unknown>'}/${q(src?.target.value)}`;
    }
    case 'Pods':
      return `${q(status?.pods?.current.averageValue)}/${q(spec.pods?.target.averageValue)}`;
    case 'Resource':
    case 'ContainerResource': {
      const src = spec.type === 'Resource' ? spec.resource : spec.containerResource;
      const cur = spec.type === 'Resource' ? status?.resource?.current : status?.containerResource?.current;
      if (src?.target.averageValue !== undefined) return `${src.name}: ${cur ? q(cur.averageValue) : '<unknown>'}/${src.target.averageValue}`;
      const current = cur?.averageUtilization !== undefined ? `${cur.averageUtilization}%` : '<unknown>';
      const target = src?.target.averageUtilization !== undefined ? `${src.target.averageUtilization}%` : '<auto>';
      return `${src?.name ?? ''}: ${current}/${target}`;
    }
    default:
      return '<unknown type>';
  }
}

export function formatHpaMetrics(specs: MetricSpec[] | undefined, statuses: MetricStatus[] | undefined): string {
  if (!specs || specs.length === 0) return '<none>';
  const list = specs.map((s, i) => formatMetric(s, statuses?.[i]));
  if (list.length <= MAX_SHOWN) return list.join(', ');
  return `${list.slice(0, MAX_SHOWN).join(', ')} + ${list.length - MAX_SHOWN} more...`;
}

export const horizontalPodAutoscalerPrinter: Printer = {
  columns: [
    nameColumn,
    col('Reference', 'string', 'The target resource, whose scale subresource the autoscaler sets.'),
    col('Targets', 'string', 'The metrics the desired replica count is computed from, current/target.'),
    col('MinPods', 'string', 'Lower limit of the replica count.'),
    col('MaxPods', 'string', 'Upper limit of the replica count.'),
    col('Replicas', 'string', 'Current number of replicas of the target, as last seen by the autoscaler.'),
    ageColumn,
  ],
  cells(obj, now) {
    const hpa = view<HorizontalPodAutoscaler>(obj);
    const ref = hpa.spec?.scaleTargetRef;
    const min = hpa.spec?.minReplicas === undefined ? '<unset>' : String(hpa.spec.minReplicas);
    return [
      hpa.metadata?.name ?? '',
      `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
      formatHpaMetrics(hpa.spec?.metrics, hpa.status?.currentMetrics),
      min,
      hpa.spec?.maxReplicas ?? 0,
      hpa.status?.currentReplicas ?? 0,
      age(hpa.metadata?.creationTimestamp, now),
    ];
  },
};
