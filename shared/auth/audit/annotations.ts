import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Audit annotations of the request being served (upstream's audit.AddAuditAnnotation on the
 * request context): admission adds them, the audit event carries them. The first value written
 * under a key is kept and later ones dropped, as upstream keeps it; outside a request they go nowhere.
 */
const current = new AsyncLocalStorage<Map<string, string>>();

export type AuditAnnotations = Map<string, string>;

/** Runs `serve` with a fresh set of annotations, answered beside its result. */
export async function withAuditAnnotations<T>(serve: () => Promise<T>): Promise<{ result: T; annotations: AuditAnnotations }> {
  const annotations: AuditAnnotations = new Map();
  const result = await current.run(annotations, serve);
  return { result, annotations };
}

export function addAuditAnnotation(key: string, value: string): void {
  const annotations = current.getStore();
  if (annotations && !annotations.has(key)) annotations.set(key, value);
}
