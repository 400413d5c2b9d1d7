/**
 * apimachinery's meta/v1 types: ObjectMeta, LabelSelector, Condition, Status, DeleteOptions.
 * Every schema in this folder is strict (unknown keys are `unrecognized_keys` issues) and stays
 * convertible by `z.toJSONSchema`, because the same schemas validate requests and generate the
 * OpenAPI v3 documents kubectl reads.
 */
import * as z from 'zod';
import { Int32, Int64, StringMap, Time, gvk, listMap, listSet, typeMeta } from './scalars';

export * from './scalars';

export const OwnerReference = z
  .strictObject({
    apiVersion: z.string().describe('API version of the owner.'),
    kind: z.string().describe('Kind of the owner.'),
    name: z.string().describe('Name of the owner.'),
    uid: z.string().describe('UID of the owner.'),
    controller: z.boolean().optional().describe(
      'True when this owner is the managing controller; at most one owner may set it.',
    ),
    blockOwnerDeletion: z
      .boolean()
      .optional()
      .describe('When true, foreground deletion of the owner waits until this dependent is removed.'),
  })
  .describe('Identifies an object that owns this one; dependents are garbage-collected with their owner.');
export type OwnerReference = z.infer<typeof OwnerReference>;

export const ManagedFieldsEntry = z
  .strictObject({
    manager: z.string().optional().describe('Name of the workflow (field manager) that owns these fields.'),
    operation: z.string().optional().describe('Apply or Update: the kind of request that recorded the entry.'),
    apiVersion: z.string().optional().describe('API version the field set is expressed in.'),
    time: Time.optional().describe('When the entry last changed.'),
    fieldsType: z.string().optional().describe('Format of fieldsV1; only FieldsV1 exists.'),
    fieldsV1: z.record(z.string(), z.unknown()).optional().describe(
      'The owned field set, in the FieldsV1 trie encoding.',
    ),
    subresource: z.string().optional().describe(
      'Subresource the fields were written through, empty for the main resource.',
    ),
  })
  .describe('Records which fields a field manager owns (server-side apply).');
export type ManagedFieldsEntry = z.infer<typeof ManagedFieldsEntry>;

export const ObjectMeta = z
  .strictObject({
    name: z.string().optional().describe('Unique name within the namespace (or cluster, for cluster-scoped kinds).'),
    generateName: z.string().optional().describe(
      'Prefix the server completes with a random suffix when name is empty.',
    ),
    namespace: z.string().optional().describe('Namespace the object lives in; empty for cluster-scoped kinds.'),
    selfLink: z.string().optional().describe('Legacy, never populated.'),
    uid: z.string().optional().describe('Server-assigned identifier, unique over time. Read-only.'),
    resourceVersion: z
      .string()
      .optional()
      .describe('Opaque version, changed on every write; used for optimistic concurrency and watch. Read-only.'),
    generation: Int64.optional().describe('Sequence number of the desired state, bumped on spec changes. Read-only.'),
    creationTimestamp: Time.optional().describe('When the object was created. Read-only.'),
    deletionTimestamp: Time.optional().describe(
      'When deletion was requested; the object stays while finalizers remain. Read-only.',
    ),
    deletionGracePeriodSeconds: Int64.optional().describe('Grace period the pending deletion allows. Read-only.'),
    labels: StringMap.optional().describe('Key/value pairs used to organise and select objects.'),
    annotations: StringMap.optional().describe('Arbitrary non-identifying metadata for tools and controllers.'),
    ownerReferences: listMap(OwnerReference, ['uid']).optional().describe('Objects this one depends on.'),
    finalizers: listSet(z.string()).optional().describe('Keys that must all be removed before the object is deleted.'),
    managedFields: z.array(ManagedFieldsEntry).optional().describe(
      'Field ownership per manager; maintained by the server.',
    ),
  })
  .describe('Metadata every persisted object has.');
export type ObjectMeta = z.infer<typeof ObjectMeta>;

export const ListMeta = z
  .strictObject({
    selfLink: z.string().optional().describe('Legacy, never populated.'),
    resourceVersion: z.string().optional().describe('Version of the list; watch from it to see later changes.'),
    continue: z.string().optional().describe('Token to fetch the next page; empty on the last page.'),
    remainingItemCount: Int64.optional().describe('Estimated number of items after this page, when known.'),
  })
  .describe('Metadata of list responses.');
export type ListMeta = z.infer<typeof ListMeta>;

export const LabelSelectorRequirement = z
  .strictObject({
    key: z.string().describe('Label key the requirement applies to.'),
    operator: z.string().describe('In, NotIn, Exists or DoesNotExist.'),
    values: z.array(z.string()).optional().describe('Values for In/NotIn; must be empty for Exists/DoesNotExist.'),
  })
  .describe('One label requirement: key, operator and values.');
export type LabelSelectorRequirement = z.infer<typeof LabelSelectorRequirement>;

export const LabelSelector = z
  .strictObject({
    matchLabels: StringMap.optional().describe('Exact key/value matches; all must hold.'),
    matchExpressions: z.array(LabelSelectorRequirement).optional().describe('Requirements that must all hold.'),
  })
  .describe('Selects objects by label; an empty selector matches everything, a missing one nothing.');
export type LabelSelector = z.infer<typeof LabelSelector>;

export const Condition = z
  .strictObject({
    type: z.string().describe('Condition type in CamelCase, e.g. Available.'),
    status: z.string().describe('True, False or Unknown.'),
    observedGeneration: Int64.optional().describe('metadata.generation the condition was computed from.'),
    lastTransitionTime: Time.describe('When status last changed.'),
    reason: z.string().describe('Machine-readable CamelCase reason for the last transition.'),
    message: z.string().describe('Human-readable detail about the transition; may be empty.'),
  })
  .describe('Standard condition (metav1.Condition) describing one aspect of current state.');
export type Condition = z.infer<typeof Condition>;

export const StatusCause = z
  .strictObject({
    reason: z.string().optional().describe('Machine-readable description of the cause, e.g. FieldValueInvalid.'),
    message: z.string().optional().describe('Human-readable explanation of the cause.'),
    field: z.string().optional().describe('Path of the field at fault, e.g. spec.containers[0].name.'),
  })
  .describe('One reason a request failed.');
export type StatusCause = z.infer<typeof StatusCause>;

export const StatusDetails = z
  .strictObject({
    name: z.string().optional().describe('Name of the object the status is about.'),
    group: z.string().optional().describe('API group of the object.'),
    kind: z.string().optional().describe('Kind (or resource) of the object.'),
    uid: z.string().optional().describe('UID of the object, when known.'),
    causes: z.array(StatusCause).optional().describe('Individual causes, e.g. one per invalid field.'),
    retryAfterSeconds: Int32.optional().describe('Suggested wait before retrying.'),
  })
  .describe('Extra data a Status may carry about the failure.');
export type StatusDetails = z.infer<typeof StatusDetails>;

export const Status = z
  .strictObject({
    ...typeMeta,
    metadata: ListMeta.optional().describe('Standard list metadata.'),
    status: z.string().optional().describe('Success or Failure.'),
    message: z.string().optional().describe('Human-readable description of the outcome.'),
    reason: z.string().optional().describe('Machine-readable CamelCase reason, e.g. NotFound or AlreadyExists.'),
    details: StatusDetails.optional().describe('Reason-specific details.'),
    code: Int32.optional().describe('HTTP status code of the response.'),
  })
  .meta({
    description: 'Outcome of an operation that returns no object, including every error.',
    ...gvk('', 'v1', 'Status'),
  });
export type Status = z.infer<typeof Status>;

export const Preconditions = z
  .strictObject({
    uid: z.string().optional().describe('Delete only if the object still has this UID.'),
    resourceVersion: z.string().optional().describe('Delete only if the object is still at this resourceVersion.'),
  })
  .describe('Conditions the object must meet for the operation to go ahead.');
export type Preconditions = z.infer<typeof Preconditions>;

export const DeleteOptions = z
  .strictObject({
    ...typeMeta,
    gracePeriodSeconds: Int64.optional().describe('Seconds before the object is removed; 0 means immediately.'),
    preconditions: Preconditions.optional().describe('Must hold for the deletion to proceed.'),
    orphanDependents: z.boolean().optional().describe('Deprecated: use propagationPolicy. True orphans dependents.'),
    propagationPolicy: z.string().optional().describe(
      'Orphan, Background or Foreground garbage collection of dependents.',
    ),
    dryRun: z.array(z.string()).optional().describe('When set to [All], the deletion is checked but not persisted.'),
    ignoreStoreReadErrorWithClusterBreakingPotential: z
      .boolean()
      .optional()
      .describe('Force-delete an object whose stored form cannot be read; may break the cluster.'),
  })
  .meta({ description: 'Options for a delete request.', ...gvk('', 'v1', 'DeleteOptions') });
export type DeleteOptions = z.infer<typeof DeleteOptions>;
