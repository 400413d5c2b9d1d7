import type { KubeObject, ResourceDef } from '../../registry/resource';
import type { ApiContext } from '../context';
import type { ApiRequest } from '../http';

/**
 * A review kind (SubjectAccessReview, TokenReview, ...) is create-only and never stored: the server
 * answers a POST with the object it was sent, its `status` filled in, as upstream's review REST
 * storage does.
 */
export type ReviewHandler = (ctx: ApiContext, req: ApiRequest, def: ResourceDef, body: KubeObject, namespace: string | undefined) => Promise<KubeObject>;
