/** core/v1 Binding: the pods/binding subresource body the scheduler posts to place a pod. */
import * as z from 'zod';
import { ObjectMeta, gvk, typeMeta } from '../meta';
import { ObjectReference } from './common';

export const Binding = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata; name and namespace of the pod.'),
    target: ObjectReference.describe('The object to bind to, normally a Node.'),
  })
  .meta({ description: 'Binds a pod to a node.', ...gvk('', 'v1', 'Binding') });
export type Binding = z.infer<typeof Binding>;
