import type { HorizontalPodAutoscalerSpec, HPAScalingRules } from '../../api/types';

/** Upstream's DefaultCPUUtilization: an autoscaler without metrics targets 80% of its pods' CPU requests. */
export const DEFAULT_CPU_UTILIZATION = 80;

const SCALE_UP_DEFAULTS: HPAScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};

// The scale-down window stays unset here: the controller applies its own default (300 s) then.
const SCALE_DOWN_DEFAULTS: HPAScalingRules = {
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

/** The rules with each unset field taken from `defaults` (upstream's copyHPAScalingRules). */
function withDefaults(rules: HPAScalingRules | undefined, defaults: HPAScalingRules): HPAScalingRules {
  const out: HPAScalingRules = structuredClone(defaults);
  if (!rules) return out;
  if (rules.selectPolicy !== undefined) out.selectPolicy = rules.selectPolicy;
  if (rules.stabilizationWindowSeconds !== undefined) out.stabilizationWindowSeconds = rules.stabilizationWindowSeconds;
  if (rules.policies !== undefined) out.policies = rules.policies;
  if (rules.tolerance !== undefined) out.tolerance = rules.tolerance;
  return out;
}

/**
 * autoscaling/v2's SetDefaults_HorizontalPodAutoscaler: minReplicas 1, a CPU utilization metric at
 * 80% when none is given, and, when a behavior is given, every rule it leaves unset.
 */
export function defaultHpaSpec(spec: HorizontalPodAutoscalerSpec): void {
  spec.minReplicas ??= 1;
  if (!spec.metrics || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } }];
  }
  if (spec.behavior) {
    spec.behavior.scaleUp = withDefaults(spec.behavior.scaleUp, SCALE_UP_DEFAULTS);
    spec.behavior.scaleDown = withDefaults(spec.behavior.scaleDown, SCALE_DOWN_DEFAULTS);
  }
}
