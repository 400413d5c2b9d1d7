import type { FieldValidation } from '../registry/decode';
import type { KubeObject } from '../registry/resource';

/**
 * What a PATCH does to the object it reads: the result of one patch type (patch.ts) or of
 * server-side apply (apply.ts). Its own module so neither of those imports the other for it.
 */
export interface PatchPlan {
  apply: (current: KubeObject) => unknown;
  createIfMissing?: () => unknown;
  fieldValidation?: FieldValidation;
  /** Server-side apply: the plan writes managedFields itself, so the write records no Update entry. */
  applied?: boolean;
}
