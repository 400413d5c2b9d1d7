/** policy/v1 PodDisruptionBudget. */
import * as z from 'zod';
import { Condition, Int32, Int64, IntOrString, LabelSelector, ObjectMeta, Time, gvk, listMap, typeMeta } from '../meta';

export const PodDisruptionBudgetSpec = z
  .strictObject({
    minAvailable: IntOrString.optional().describe(
      'Pods that must stay available after an eviction, a count or percentage.',
    ),
    selector: LabelSelector.optional().describe('Pods the budget covers; empty selects all pods of the namespace.'),
    maxUnavailable: IntOrString.optional().describe(
      'Pods that may be unavailable after an eviction; exclusive with minAvailable.',
    ),
    unhealthyPodEvictionPolicy: z
      .string()
      .optional()
      .describe('IfHealthyBudget (default) or AlwaysAllow: when not-ready pods may be evicted.'),
  })
  .describe('Desired protection of a set of pods.');
export type PodDisruptionBudgetSpec = z.infer<typeof PodDisruptionBudgetSpec>;

export const PodDisruptionBudgetStatus = z
  .strictObject({
    observedGeneration: Int64.optional().describe('Generation this status reflects.'),
    disruptedPods: z
      .record(z.string(), Time)
      .optional()
      .describe('Pods whose eviction was approved but not yet observed, with the approval time.'),
    disruptionsAllowed: Int32.describe('Evictions currently allowed.'),
    currentHealthy: Int32.describe('Healthy pods now.'),
    desiredHealthy: Int32.describe('Least number of healthy pods wanted.'),
    expectedPods: Int32.describe('Pods counted by the budget.'),
    conditions: listMap(Condition, ['type']).optional().describe('Current conditions, e.g. DisruptionAllowed.'),
  })
  .describe('Observed state of a disruption budget.');
export type PodDisruptionBudgetStatus = z.infer<typeof PodDisruptionBudgetStatus>;

export const PodDisruptionBudget = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: PodDisruptionBudgetSpec.optional().describe('Desired protection.'),
    status: PodDisruptionBudgetStatus.optional().describe('Observed state. Read-only.'),
  })
  .meta({
    description: 'Limits how many pods of a set voluntary disruptions may take down at once.',
    ...gvk('policy', 'v1', 'PodDisruptionBudget'),
  });
export type PodDisruptionBudget = z.infer<typeof PodDisruptionBudget>;
