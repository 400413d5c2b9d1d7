import { controllerManager } from '../controllers/manager';
import type { Controller } from '../controllers/controller';
import type { RestContext } from '../registry/context';
import type { StreamConsumer } from '../runtime/consumer';
import { CLOUD_CONTROLLER_MANAGER_SOURCE } from '../runtime/sources';
import type { Requeuer } from '../runtime/work';
import type { CloudContext } from './cloud';
import { serviceDnsController } from './dns';
import { nodeController } from './node';
import { routeController } from './route';

/**
 * The cloud-controller-manager's controllers, as upstream's binary runs its cloud loops together:
 * node (initialization and lifecycle), route, and Service DNS. The load balancer controllers
 * (Service and Ingress -> ALB) join this list from load-balancers.ts.
 */
export function cloudControllers(cloud: CloudContext): Controller[] {
  return [nodeController(cloud), routeController(cloud.now), serviceDnsController(cloud)];
}

/** The cloud-controller-manager as one stream consumer, built as the controller-manager is. */
export function cloudControllerManager(ctx: RestContext, cloud: CloudContext, requeuer?: Requeuer, controllers: Controller[] = cloudControllers(cloud)): StreamConsumer {
  return { ...controllerManager(ctx, requeuer, controllers, CLOUD_CONTROLLER_MANAGER_SOURCE.name), batchSize: CLOUD_CONTROLLER_MANAGER_SOURCE.batchSize };
}
