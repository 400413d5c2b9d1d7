import { apiVersionOf, KubeObject, ResourceDef } from '../registry/resource';
import { ApiRequest, ApiResponse, json } from './http';
import { toTable, wantsTable } from './printers/table';
import { presentCustomResource } from '../registry/custom/defs';

function warningHeaders(warnings: string[]): Record<string, string> {
  if (warnings.length === 0) return {};
  // RFC 7234 warn-code 299, as kube-apiserver sends them; kubectl prints each as "Warning: ...".
  return { warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}

export function respondObject(req: ApiRequest, def: ResourceDef, stored: KubeObject, status: number, warnings: string[] = []): ApiResponse {
  const obj = presentCustomResource(def, stored);
  if (wantsTable(req)) return json(status, toTable(req, def, [obj], { resourceVersion: String(obj.metadata.resourceVersion ?? '') }), warningHeaders(warnings));
  return json(status, obj, warningHeaders(warnings));
}

export function respondList(req: ApiRequest, def: ResourceDef, stored: KubeObject[], metadata: Record<string, unknown>): ApiResponse {
  const items = def.custom ? stored.map((o) => presentCustomResource(def, o)) : stored;
  if (wantsTable(req)) return json(200, toTable(req, def, items, metadata));
  // Upstream omits kind and apiVersion on list items; clients fill them from the list.
  const stripped = items.map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
  return json(200, { kind: def.custom?.listKind ?? `${def.kind}List`, apiVersion: apiVersionOf(def), metadata, items: stripped });
}
