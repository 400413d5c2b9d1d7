/**
 * The outcome of a filter (upstream's framework.Status, reduced to what scheduling decisions need):
 * a code and the reasons that end up, counted per node, in `0/3 nodes are available: ...`.
 */

/**
 * `Unschedulable`: the node might fit if pods were removed from it (preemption may help).
 * `UnschedulableAndUnresolvable`: nothing short of changing the node or the pod helps.
 */
export type Code = 'Success' | 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface Status {
  readonly code: Code;
  readonly reasons: readonly string[];
}

export const SUCCESS: Status = Object.freeze({ code: 'Success', reasons: Object.freeze([]) as readonly string[] });

export function unschedulable(...reasons: string[]): Status {
  return { code: 'Unschedulable', reasons };
}

export function unresolvable(...reasons: string[]): Status {
  return { code: 'UnschedulableAndUnresolvable', reasons };
}

export function isSuccess(status: Status): boolean {
  return status.code === 'Success';
}
