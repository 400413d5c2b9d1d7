/** Formatting helpers upstream's printers share (apimachinery's labels and selectors, list truncation). */
import type { Container, LabelSelector, LabelSelectorRequirement } from '../../api/types';

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** labels.FormatLabels: `k=v,k2=v2` sorted by key, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort(byCodeUnit);
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${labels![k]}`).join(',');
}

interface Requirement {
  key: string;
  text: string;
}

function requirementOf(expr: LabelSelectorRequirement): Requirement | undefined {
  const values = expr.values ?? [];
  const list = values.length === 1 ? values[0] : [...values].sort(byCodeUnit).join(',');
  switch (expr.operator) {
    case 'In':
      return values.length > 0 ? { key: expr.key, text: `${expr.key} in (${list})` } : undefined;
    case 'NotIn':
      return values.length > 0 ? { key: expr.key, text: `${expr.key} notin (${list})` } : undefined;
    case 'Exists':
      return values.length === 0 ? { key: expr.key, text: expr.key } : undefined;
    case 'DoesNotExist':
      return values.length === 0 ? { key: expr.key, text: `!${expr.key}` } : undefined;
    default:
      return undefined;
  }
}

/**
 * metav1.LabelSelectorAsSelector(selector).String(): requirements sorted by key; '' for a missing
 * or empty selector; undefined when the selector cannot be converted.
 */
export function selectorString(selector: LabelSelector | undefined): string | undefined {
  if (!selector) return '';
  const requirements: Requirement[] = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({
    key,
    text: `${key}=${value}`,
  }));
  for (const expr of selector.matchExpressions ?? []) {
    const requirement = requirementOf(expr);
    if (!requirement) return undefined;
    requirements.push(requirement);
  }
  return requirements
    .sort((a, b) => byCodeUnit(a.key, b.key))
    .map((r) => r.text)
    .join(',');
}

/** metav1.FormatLabelSelector: the selector string, `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  const text = selectorString(selector);
  if (text === undefined) return '<error>';
  return text === '' ? '<none>' : text;
}

/** Container names and images, each joined by commas (upstream's layoutContainerCells). */
export function layoutContainerCells(containers: Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

/** Upstream's listWithMoreString: `a,b,c + N more...`, `<unset>` when nothing is listed. */
export function listWithMore(list: string[], more: boolean, count: number, max: number): string {
  const joined = list.join(',');
  if (more) return `${joined} + ${count - max} more...`;
  return joined === '' ? '<unset>' : joined;
}

/** net.JoinHostPort: IPv6 hosts go in brackets. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
