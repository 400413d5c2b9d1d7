/** core/v1 health probes and lifecycle hooks, and the actions they run. */
import * as z from 'zod';
import { Int32, Int64, IntOrString } from '../meta';

export const ExecAction = z
  .strictObject({
    command: z
      .array(z.string())
      .optional()
      .describe('Command run inside the container, without a shell; exit status 0 means success.'),
  })
  .describe('Runs a command in the container.');
export type ExecAction = z.infer<typeof ExecAction>;

export const HTTPHeader = z
  .strictObject({
    name: z.string().describe('Header name; normalised when sent.'),
    value: z.string().describe('Header value.'),
  })
  .describe('A custom HTTP header.');
export type HTTPHeader = z.infer<typeof HTTPHeader>;

export const HTTPGetAction = z
  .strictObject({
    path: z.string().optional().describe('Path to request.'),
    port: IntOrString.describe('Port number or container port name.'),
    host: z.string().optional().describe('Host to connect to; defaults to the pod IP.'),
    scheme: z.string().optional().describe('HTTP or HTTPS; defaults to HTTP.'),
    httpHeaders: z.array(HTTPHeader).optional().describe('Extra request headers.'),
  })
  .describe('Performs an HTTP GET; a status from 200 to 399 means success.');
export type HTTPGetAction = z.infer<typeof HTTPGetAction>;

export const TCPSocketAction = z
  .strictObject({
    port: IntOrString.describe('Port number or container port name.'),
    host: z.string().optional().describe('Host to connect to; defaults to the pod IP.'),
  })
  .describe('Opens a TCP connection; connecting means success.');
export type TCPSocketAction = z.infer<typeof TCPSocketAction>;

export const GRPCAction = z
  .strictObject({
    port: Int32.describe('Port of the gRPC health service.'),
    service: z.string().optional().describe('Service name sent in the gRPC HealthCheckRequest.'),
  })
  .describe('Calls the gRPC health checking protocol.');
export type GRPCAction = z.infer<typeof GRPCAction>;

export const SleepAction = z
  .strictObject({
    seconds: Int64.describe('How long to sleep.'),
  })
  .describe('Pauses for a number of seconds.');
export type SleepAction = z.infer<typeof SleepAction>;

export const Probe = z
  .strictObject({
    exec: ExecAction.optional().describe('Command to run.'),
    httpGet: HTTPGetAction.optional().describe('HTTP request to make.'),
    tcpSocket: TCPSocketAction.optional().describe('TCP port to connect to.'),
    grpc: GRPCAction.optional().describe('gRPC health check to call.'),
    initialDelaySeconds: Int32.optional().describe('Delay after container start before the first probe.'),
    timeoutSeconds: Int32.optional().describe('Seconds before a probe attempt times out; defaults to 1.'),
    periodSeconds: Int32.optional().describe('Interval between probes; defaults to 10.'),
    successThreshold: Int32.optional().describe('Consecutive successes needed after a failure; defaults to 1.'),
    failureThreshold: Int32.optional().describe('Consecutive failures before giving up; defaults to 3.'),
    terminationGracePeriodSeconds: Int64.optional().describe(
      'Grace period used when a failed probe kills the container, overriding the pod value.',
    ),
  })
  .describe('A periodic health check of a container; set exactly one action.');
export type Probe = z.infer<typeof Probe>;

export const LifecycleHandler = z
  .strictObject({
    exec: ExecAction.optional().describe('Command to run.'),
    httpGet: HTTPGetAction.optional().describe('HTTP request to make.'),
    tcpSocket: TCPSocketAction.optional().describe('Deprecated; accepted for compatibility but not run.'),
    sleep: SleepAction.optional().describe('Pause before continuing.'),
  })
  .describe('Action run by a lifecycle hook; set exactly one.');
export type LifecycleHandler = z.infer<typeof LifecycleHandler>;

export const Lifecycle = z
  .strictObject({
    postStart: LifecycleHandler.optional().describe('Runs right after the container is created; failure restarts it.'),
    preStop: LifecycleHandler.optional().describe('Runs before the container is stopped, within the grace period.'),
    stopSignal: z.string().optional().describe('Signal sent to stop the container, e.g. SIGTERM; needs spec.os.name.'),
  })
  .describe('Actions the kubelet takes around container start and stop.');
export type Lifecycle = z.infer<typeof Lifecycle>;
