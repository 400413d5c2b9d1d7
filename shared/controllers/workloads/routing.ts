import type { DynamoDBRecord } from 'aws-lambda';
import type { FilterPattern } from '../../runtime/filters';
import type { KubeObject } from '../../registry/resource';
import { imagesOf } from './record-images';

/** One filter for the records of several resources (Lambda allows few filters per mapping, so one pattern lists them all). */
export const objectsOfAny = (resources: string[]): FilterPattern => ({ dynamodb: { Keys: { pk: { S: resources.map((r) => `o#${r}`) } } } });

/** REMOVE records of one resource: someone deleted what a controller maintains. */
export const removalsOf = (resource: string): FilterPattern => ({ eventName: ['REMOVE'], dynamodb: { Keys: { pk: { S: [`o#${resource}`] } } } });

export interface ControllerOwners {
  /** The record carried object bodies, so `names` and `orphan` are exact. */
  known: boolean;
  /** Names of the `kind` objects that control the object, before or after the change. */
  names: string[];
  /** The object exists after the change and has no controller: an owner may adopt it. */
  orphan: boolean;
}

/** The controllers of kind `kind` (in `group`) a record's object had or has. */
export function controllerOwners(record: DynamoDBRecord, group: string, kind: string): ControllerOwners {
  const images = imagesOf(record);
  if (!images.known) return { known: false, names: [], orphan: false };
  const names = new Set<string>();
  for (const obj of [images.old, images.new]) {
    const ref = controllerOf(obj, group, kind);
    if (ref) names.add(ref);
  }
  const orphan = images.new !== undefined && !hasController(images.new);
  return { known: true, names: [...names], orphan };
}

function controllerOf(obj: KubeObject | undefined, group: string, kind: string): string | undefined {
  const refs = (obj?.metadata.ownerReferences as { apiVersion?: string; kind?: string; name?: string; controller?: boolean }[] | undefined) ?? [];
  const ref = refs.find((r) => r.controller === true);
  if (!ref || ref.kind !== kind || groupOf(ref.apiVersion) !== group) return undefined;
  return ref.name;
}

function hasController(obj: KubeObject): boolean {
  const refs = (obj.metadata.ownerReferences as { controller?: boolean }[] | undefined) ?? [];
  return refs.some((r) => r.controller === true);
}

/** The group of an apiVersion (`apps/v1` → `apps`, `v1` → ``). */
export function groupOf(apiVersion: string | undefined): string {
  const v = apiVersion ?? '';
  return v.includes('/') ? v.slice(0, v.indexOf('/')) : '';
}
