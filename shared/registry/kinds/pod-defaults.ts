/**
 * Upstream's pod defaults (pkg/apis/core/v1/defaults.go and the admission plugins that always run:
 * ServiceAccount, DefaultTolerationSeconds), shared by pods and by pod templates in workloads.
 */
type Obj = Record<string, unknown>;

export interface PodDefaultsConfig {
  notReadyTolerationSeconds: number;
  unreachableTolerationSeconds: number;
}

export const podDefaultsConfig: PodDefaultsConfig = { notReadyTolerationSeconds: 300, unreachableTolerationSeconds: 300 };

/** `:latest` or no tag means the image moves, so it is always pulled; digests and fixed tags are not. */
export function defaultPullPolicy(image: string | undefined): string {
  if (!image) return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: Obj): void {
  c.imagePullPolicy ??= defaultPullPolicy(c.image as string | undefined);
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  const resources = c.resources as { limits?: Obj; requests?: Obj };
  // Limits without requests imply equal requests, as upstream defaults them.
  if (resources.limits) resources.requests = { ...resources.limits, ...(resources.requests ?? {}) };
  for (const port of (c.ports as Obj[] | undefined) ?? []) port.protocol ??= 'TCP';
  for (const env of (c.env as Obj[] | undefined) ?? []) defaultFieldRef((env.valueFrom as Obj | undefined)?.fieldRef as Obj | undefined);
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(c[probe] as Obj | undefined);
}

function defaultProbe(p: Obj | undefined): void {
  if (!p) return;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  const http = p.httpGet as Obj | undefined;
  if (http) {
    http.path ??= '/';
    http.scheme ??= 'HTTP';
  }
}

/** Defaults a PodSpec in place. `forPod` adds what only live pods get (service account, tolerations). */
export function defaultPodSpec(spec: Obj, forPod: boolean, config: PodDefaultsConfig = podDefaultsConfig): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  spec.enableServiceLinks ??= true;
  for (const c of (spec.containers as Obj[] | undefined) ?? []) defaultContainer(c);
  for (const c of (spec.initContainers as Obj[] | undefined) ?? []) defaultContainer(c);
  for (const v of (spec.volumes as Obj[] | undefined) ?? []) defaultVolume(v);
  if (!forPod) return;
  if (spec.serviceAccount && !spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount;
  spec.serviceAccountName ??= 'default';
  spec.serviceAccount = spec.serviceAccountName;
  // spec.priority and spec.preemptionPolicy come from the Priority admission plugin (shared/admission/plugins/priority.ts).
  addDefaultTolerations(spec, config);
}

/** An ObjectFieldSelector's apiVersion defaults to v1 (env vars and downward API items alike). */
function defaultFieldRef(ref: Obj | undefined): void {
  if (ref) ref.apiVersion ??= 'v1';
}

function defaultDownwardItems(src: Obj | undefined): void {
  for (const item of (src?.items as Obj[] | undefined) ?? []) defaultFieldRef(item.fieldRef as Obj | undefined);
}

function defaultVolume(v: Obj): void {
  const downward = v.downwardAPI as Obj | undefined;
  if (downward) downward.defaultMode ??= 0o644;
  defaultDownwardItems(downward);
  for (const source of ((v.projected as Obj | undefined)?.sources as Obj[] | undefined) ?? []) defaultDownwardItems(source.downwardAPI as Obj | undefined);
  for (const key of ['configMap', 'secret']) {
    const src = v[key] as Obj | undefined;
    if (src) src.defaultMode ??= 0o644;
  }
  const projected = v.projected as Obj | undefined;
  if (projected) projected.defaultMode ??= 0o644;
  if (v.emptyDir === undefined && Object.keys(v).length === 1) v.emptyDir = {};
}

function addDefaultTolerations(spec: Obj, config: PodDefaultsConfig): void {
  const tolerations = ((spec.tolerations as Obj[] | undefined) ?? []).slice();
  const has = (key: string) =>
    tolerations.some((t) => (t.key === key || (t.key === undefined && t.operator === 'Exists')) && (t.effect === undefined || t.effect === 'NoExecute'));
  for (const [key, seconds] of [
    ['node.kubernetes.io/not-ready', config.notReadyTolerationSeconds],
    ['node.kubernetes.io/unreachable', config.unreachableTolerationSeconds],
  ] as const) {
    if (!has(key)) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
  }
  spec.tolerations = tolerations;
}

/** Defaults a pod template (Deployments, ReplicaSets) the way upstream does for workload templates. */
export function defaultPodTemplate(template: Obj | undefined): void {
  if (!template) return;
  template.metadata ??= {};
  template.spec ??= {};
  defaultPodSpec(template.spec as Obj, false);
}
