import type { CustomResourceDefinition, JSONSchemaProps } from '../../api/types/apiextensions/crd';
import { CustomResourceObject } from '../../api/types/apiextensions/crd';
import { ALL_VERBS, apiVersionOf, KubeObject, ResourceDef } from '../resource';
import type { CustomResourceInfo } from './info';
import { applyDefaults } from './schema/default';
import { customResourceStrategy } from './strategy';

const isTrue = (crd: CustomResourceDefinition, type: string): boolean =>
  (crd.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');

/**
 * The resources a definition serves: one per served version, under its accepted names, once it is
 * Established (upstream serves nothing before). A terminating definition still serves reads.
 */
export function defsOfCrd(crd: CustomResourceDefinition): ResourceDef[] {
  if (!isTrue(crd, 'Established')) return [];
  const accepted = crd.status?.acceptedNames ?? {};
  const plural = accepted.plural || crd.spec.names.plural;
  const kind = accepted.kind || crd.spec.names.kind;
  const storage = crd.spec.versions.find((v) => v.storage)?.name ?? crd.spec.versions[0]?.name;
  return crd.spec.versions
    .filter((v) => v.served)
    .map((v) => {
      const info: CustomResourceInfo = {
        crdName: String(crd.metadata?.name),
        crdVersion: String(crd.metadata?.resourceVersion ?? ''),
        listKind: accepted.listKind || crd.spec.names.listKind || `${kind}List`,
        storageVersion: storage,
        schema: (v.schema?.openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }) as JSONSchemaProps,
        status: v.subresources?.status !== undefined,
        scale: v.subresources?.scale,
        printerColumns: v.additionalPrinterColumns ?? [],
        selectableFields: (v.selectableFields ?? []).map((f) => f.jsonPath),
        terminating: isTrue(crd, 'Terminating') || crd.metadata?.deletionTimestamp !== undefined,
        deprecationWarning: v.deprecated ? (v.deprecationWarning ?? `${crd.spec.group}/${v.name} ${kind} is deprecated`) : undefined,
      };
      const subresources = [...(info.status ? ['status'] : []), ...(info.scale ? ['scale'] : [])];
      return {
        group: crd.spec.group,
        version: v.name,
        resource: plural,
        kind,
        singular: accepted.singular || crd.spec.names.singular || kind.toLowerCase(),
        namespaced: crd.spec.scope === 'Namespaced',
        shortNames: accepted.shortNames ?? crd.spec.names.shortNames ?? [],
        categories: accepted.categories ?? crd.spec.names.categories ?? [],
        subresources,
        schema: CustomResourceObject,
        hasGeneration: true,
        nameRule: 'dns1123-subdomain',
        strategy: customResourceStrategy(info),
        verbs: ALL_VERBS,
        custom: info,
      } satisfies ResourceDef;
    });
}

/**
 * A stored custom resource as a client of `def`'s version reads it: apiVersion rewritten
 * (conversion None) and the version's defaults applied, as upstream defaults on read.
 */
export function presentCustomResource(def: ResourceDef, obj: KubeObject): KubeObject {
  if (!def.custom) return obj;
  const out = structuredClone(obj);
  out.apiVersion = apiVersionOf(def);
  applyDefaults(def.custom.schema, out);
  return out;
}
