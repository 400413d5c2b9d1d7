import { awsSettingsFromEnv } from '../cloud/aws';
import type { Controller } from '../controllers/controller';
import { LbAws, lazyLbAws } from './elb/aws';
import { serviceLoadBalancerController } from './service/controller';
import { ingressController } from './ingress/controller';

/** The load balancer controllers of the cloud-controller-manager, on the given AWS clients (made on first use). */
export function loadBalancerControllers(aws: () => LbAws): Controller[] {
  return [serviceLoadBalancerController(aws), ingressController(aws)];
}

/** The controllers as the Lambda runs them: settings from the environment, clients made on first use. */
export const LOAD_BALANCER_CONTROLLERS: Controller[] = loadBalancerControllers(lazyLbAws(() => awsSettingsFromEnv()));
