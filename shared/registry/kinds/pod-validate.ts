import { sameJson } from '../../api/patch/json';
import { StatusCause } from '../../api/errors';
import { validateDns1123Label } from '../../api/validation/names';
import { validateProbes, validateResources, validateSchedulingSelectors } from './pod-validate-fields';

type Obj = Record<string, unknown>;

const required = (field: string): StatusCause => ({ reason: 'FieldValueRequired', message: 'Required value', field });
const invalid = (field: string, value: unknown, msg: string): StatusCause => ({
  reason: 'FieldValueInvalid',
  message: `Invalid value: ${JSON.stringify(value)}: ${msg}`,
  field,
});
const supported = (field: string, value: unknown, allowed: string[]): StatusCause => ({
  reason: 'FieldValueNotSupported',
  message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`,
  field,
});

/** The parts of upstream's ValidatePodSpec that users meet: containers, names, ports, policies. */
export function validatePodSpec(spec: Obj | undefined, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!spec) return [required(path)];
  const containers = (spec.containers as Obj[] | undefined) ?? [];
  if (containers.length === 0) causes.push(required(`${path}.containers`));
  const names = new Set<string>();
  const check = (list: Obj[], field: string) =>
    list.forEach((c, i) => {
      const at = `${path}.${field}[${i}]`;
      const name = c.name as string | undefined;
      if (!name) causes.push(required(`${at}.name`));
      else {
        for (const m of validateDns1123Label(name)) causes.push(invalid(`${at}.name`, name, m));
        if (names.has(name)) causes.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${JSON.stringify(name)}`, field: `${at}.name` });
        names.add(name);
      }
      if (!c.image) causes.push(required(`${at}.image`));
      causes.push(...validateResources(c.resources as Obj | undefined, `${at}.resources`), ...validateProbes(c, at));
      ((c.ports as Obj[] | undefined) ?? []).forEach((p, j) => {
        const port = p.containerPort as number | undefined;
        if (port === undefined) causes.push(required(`${at}.ports[${j}].containerPort`));
        else if (port < 1 || port > 65535) causes.push(invalid(`${at}.ports[${j}].containerPort`, port, 'must be between 1 and 65535, inclusive'));
        if (p.protocol && !['TCP', 'UDP', 'SCTP'].includes(p.protocol as string)) {
          causes.push(supported(`${at}.ports[${j}].protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']));
        }
      });
      const policy = c.imagePullPolicy as string | undefined;
      if (policy && !['Always', 'IfNotPresent', 'Never'].includes(policy)) {
        causes.push(supported(`${at}.imagePullPolicy`, policy, ['Always', 'IfNotPresent', 'Never']));
      }
    });
  check(containers, 'containers');
  check((spec.initContainers as Obj[] | undefined) ?? [], 'initContainers');
  const restart = spec.restartPolicy as string | undefined;
  if (restart && !['Always', 'OnFailure', 'Never'].includes(restart)) {
    causes.push(supported(`${path}.restartPolicy`, restart, ['Always', 'OnFailure', 'Never']));
  }
  const dns = spec.dnsPolicy as string | undefined;
  if (dns && !['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(dns)) {
    causes.push(supported(`${path}.dnsPolicy`, dns, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']));
  }
  causes.push(...validateSchedulingSelectors(spec, path));
  const volumes = new Set<string>();
  ((spec.volumes as Obj[] | undefined) ?? []).forEach((v, i) => {
    const name = v.name as string;
    if (volumes.has(name)) causes.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${JSON.stringify(name)}`, field: `${path}.volumes[${i}].name` });
    volumes.add(name);
  });
  return causes;
}

/**
 * Pod updates may change only images, activeDeadlineSeconds, tolerations (additions) and
 * terminationGracePeriodSeconds; everything else in the spec is fixed once created.
 */
export function validatePodSpecUpdate(next: Obj | undefined, old: Obj | undefined): StatusCause[] {
  if (!next || !old) return [];
  const mutable = (spec: Obj) => {
    const copy = structuredClone(spec);
    for (const key of ['containers', 'initContainers'] as const) {
      for (const c of (copy[key] as Obj[] | undefined) ?? []) delete c.image;
    }
    delete copy.activeDeadlineSeconds;
    delete copy.tolerations;
    delete copy.terminationGracePeriodSeconds;
    // Binding sets the node once; the binding subresource checks that it is set only once.
    delete copy.nodeName;
    return copy;
  };
  if (sameJson(mutable(next), mutable(old))) return [];
  return [
    {
      reason: 'FieldValueForbidden',
      message:
        'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
      field: 'spec',
    },
  ];
}
