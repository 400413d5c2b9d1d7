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
import { lazyLbAws } from './elb/aws';
import { loadBalancerControllers } from './load-balancers';

/**
 * The cloud-controller-manager's controllers, as upstream's binary runs its cloud loops together:
 * node (initialization and lifecycle), route, Service DNS, and the service controller
 * (LoadBalancer Services as ALBs) and the Ingress controller (Ingress groups as ALB rules), from load-balancers.ts.
 */
export function cloudControllers(cloud: CloudContext): Controller[] {
  const lb = lazyLbAws(() => cloud.settings);
  return [nodeController(cloud), routeController(cloud.now), serviceDnsController(cloud), ...loadBalancerControllers(lb)];
}

/** The cloud-controller-manager as one stream consumer, built as the controller-manager is. */
export function cloudControllerManager(ctx: RestContext, cloud: CloudContext, requeuer?: Requeuer, controllers: Controller[] = cloudControllers(cloud)): StreamConsumer {
  return controllerManager(ctx, requeuer, controllers, CLOUD_CONTROLLER_MANAGER_SOURCE);
}
