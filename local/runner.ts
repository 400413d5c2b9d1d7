import fs from 'node:fs';
import type { ClusterDialer } from '../shared/apiserver/proxy/dial';
import path from 'node:path';
import type { Server } from 'node:https';
import { bootstrapCluster } from '../shared/bootstrap/cluster';
import { ApiContext } from '../shared/apiserver/context';
import { hashToken, newToken } from '../shared/apiserver/auth';
import { storedTokenHash, storeTokenHash } from '../shared/apiserver/tokens';
import { podDefaultsConfig } from '../shared/registry/kinds/pod-defaults';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoClient } from '../shared/storage/client';
import { ObjectStore } from '../shared/storage/store';
import { ensureTable } from '../shared/storage/table';
import { ChangeNotifier } from './change-notifier';
import { EmbeddedDynamo, startDynamoDbLocal } from './dynamodb-local';
import { RunnerFlags } from './flags';
import { readKubeconfigToken, writeKubeconfig } from './kubeconfig';
import { createPki, ensurePki } from './pki';
import { startHttpsServer } from './https-server';
import { LocalStreamPoller } from './stream-poller';
import { CONTROLLERS, controllerManager } from '../shared/controllers/manager';
import type { Controller } from '../shared/controllers/controller';
import { nodeLifecycleController } from '../shared/controllers/nodelifecycle';
import { SimulatedNodes, simulatedNodesConsumer } from '../shared/nodes/simulated';
import type { EcsClients } from '../shared/nodes/ecs/clients';
import { EcsProvider, startEcsProvider } from './ecs-provider';
import { schedulerConsumer } from '../shared/scheduler/scheduler';
import { cloudContext } from '../shared/cloud-controller-manager/cloud';
import { cloudControllerManager } from '../shared/cloud-controller-manager/manager';
import { AwsSettings, defaultLogGroup } from '../shared/cloud/aws';
import type { PodTokenDelivery } from '../shared/nodes/ecs/inputs';
import { StreamConsumer } from '../shared/runtime/consumer';
import { Requeuer } from '../shared/runtime/work';
import { RESOURCES } from '../shared/registry/catalog';
import { storageKey } from '../shared/registry/resource';
import { logger } from '../shared/logging';
import { CloudWatchLogSource } from '../shared/nodes/logs/cloudwatch';
import { tableSigningSeed } from '../shared/auth/authn/signing-seed';
import { signingKeyFromSeed } from '../shared/auth/authn/signing-key';
import { auditPolicyOf } from './audit-log';
import { efsProvisioner } from '../shared/controllers/volume/efs-provisioner';
import { awsUsageSources } from '../shared/metrics/cloudwatch';

export interface Runner {
  url: string;
  kubeconfig: string;
  dynamodbEndpoint: string;
  context: ApiContext;
  /** Holds and releases one stream consumer's deliveries (see LocalStreamPoller.pause). */
  consumers: Pick<LocalStreamPoller, 'pause' | 'resume'>;
  /** In ECS mode (`--provider ecs`): the provider and the AWS settings it runs with. */
  ecs?: Pick<EcsProvider, 'nodes' | 'settings' | 'events'>;
  /** The simulated nodes (unless ECS mode or --nodes 0): what their containers read from projected volumes. */
  simulated?: Pick<SimulatedNodes, 'containerFiles'>;
  stop(): Promise<void>;
}

/**
 * Starts a whole local cluster: DynamoDB (embedded or external), the table, the bootstrap objects,
 * the admin token and kubeconfig, and the HTTPS API. Later components (stream pollers,
 * controllers, simulated nodes) start here too.
 */
export interface RunnerHooks {
  /** Sees the DynamoDB client before use (the benchmarks count consumed capacity with it). */
  dynamoClient?(client: DynamoDBClient): void;
  /** Sees the ECS provider's AWS clients before use (`--provider ecs`: the benchmarks count calls, tests inject faults). */
  ecsClients?(clients: EcsClients): void;
  /** Controllers run beside the controller-manager's (tests add the load balancer controllers on the emulator). */
  extraControllers?: Controller[];
  /** Hears each start-up step as it completes (`npm start` prints them: Java and PKI take seconds). */
  onStep?(step: string): void;
  /** Log every API request at info (`npm start` on a terminal); at debug otherwise. */
  logRequests?: boolean;
  /** How the API server's proxy subresources connect into the cluster network (tests route a pod's address to a local server). */
  clusterDialer?: ClusterDialer;
}

export async function startRunner(flags: RunnerFlags, hooks: RunnerHooks = {}): Promise<Runner> {
  const step = hooks.onStep ?? (() => undefined);
  let embedded: EmbeddedDynamo | undefined;
  if (!flags.dynamodbEndpoint) step('Starting DynamoDB Local (Java)...');
  const endpoint = flags.dynamodbEndpoint ?? (embedded = await startDynamoDbLocal(flags.inMemory ? undefined : flags.dataDir)).endpoint;
  step(`DynamoDB at ${endpoint}${embedded ? (flags.inMemory ? ' (DynamoDB Local, in memory)' : ` (DynamoDB Local, data in ${flags.dataDir})`) : ''}`);
  try {
    const client = dynamoClient(endpoint);
    hooks.dynamoClient?.(client);
    const freshTable = await ensureTable(client, flags.table);
    step(`Table ${flags.table} ${freshTable ? 'created' : 'ready (existing data)'}`);
    const notifier = new ChangeNotifier();
    const store = new ObjectStore({ client, table: flags.table, onCommit: notifier.notify, logRetentionSeconds: flags.watchRetentionSeconds });
    podDefaultsConfig.notReadyTolerationSeconds = flags.defaultNotReadyTolerationSeconds;
    podDefaultsConfig.unreachableTolerationSeconds = flags.defaultUnreachableTolerationSeconds;

    // An in-memory cluster keeps nothing, its CA included: each gets its own, shared with no other.
    // Otherwise beside the data directory (.skiff/pki by default), never beside the kubeconfig: that may be ~/.kube/config.
    const pkiDir = path.resolve(flags.dataDir, '..', 'pki');
    const pki = flags.inMemory ? createPki().pki : ensurePki(pkiDir);
    step(flags.inMemory ? 'PKI ready (a CA and serving certificate of its own, in memory)' : `PKI ready (CA and serving certificate in ${path.relative(process.cwd(), pkiDir)})`);
    const token = await adminToken(store, flags.kubeconfig);
    const context: ApiContext = {
      store,
      config: {
        tokenHashes: [hashToken(token)],
        anonymousAuth: flags.anonymousAuth !== false,
        maxWatchSeconds: 3600,
        watchPollMs: 1000,
        logRequests: hooks.logRequests,
        // EKS-style IAM tokens are checked against the STS configured, else where the AWS settings point (the emulator, or AWS).
        iam: { clusterId: flags.ecsCluster, endpoint: flags.stsEndpoint ?? flags.awsEndpoint },
        audit: auditPolicyOf(flags.auditPolicyFile, flags.auditLogPath ?? (flags.inMemory ? '-' : path.resolve(flags.dataDir, '..', 'audit.log'))),
      },
      serviceAccountTokens: {
        issuer: flags.serviceAccountIssuer,
        audiences: flags.apiAudiences.length ? flags.apiAudiences : [flags.serviceAccountIssuer],
        key: signingKeyFromSeed(await tableSigningSeed(store)),
        maxExpirationSeconds: flags.serviceAccountMaxTokenExpirationSeconds,
        rootCaCert: pki.caCert,
      },
      waitForChange: notifier.wait,
      clusterDialer: hooks.clusterDialer,
    };
    await bootstrapCluster(context, flags.port, { efsFileSystemId: flags.provider === 'ecs' ? flags.efsFileSystemId : undefined });
    step('Cluster bootstrapped (admin token, namespaces, the kubernetes service)');

    // The stream consumers get the poller as their requeuer; it exists only once they do.
    const requeuer: Requeuer = { after: (key, seconds, consumer) => poller.after(key, seconds, consumer) };
    // Each component writes as itself, so managedFields name it as upstream's do.
    const as = (fieldManager: string): ApiContext => ({ ...context, fieldManager });
    // Pods' token sidecars call this API; its URL is known once it listens (pods with a token wait).
    const podToken: PodTokenDelivery = { url: flags.podTokenUrl, caCert: flags.podTokenUrl ? undefined : pki.caCert, image: flags.tokenSidecarImage };
    const ecs = flags.provider === 'ecs' ? await startEcsProvider(awsSettingsOf(flags), as('kubelet'), hooks.ecsClients, { defaultTaskRoleArn: flags.defaultTaskRoleArn, podToken }) : undefined;
    if (ecs) context.config.podTasks = ecs.tasks;
    const nodes = !ecs && flags.nodes > 0 ? new SimulatedNodes({ ctx: as('kubelet'), count: flags.nodes, ...nodeTuning(flags.nodes) }) : undefined;
    await nodes?.start();
    if (nodes) step(`${flags.nodes} simulated node${flags.nodes === 1 ? '' : 's'} registered`);
    // AWS mode: EFS access points for efs.csi.aws.com claims, Container Insights for ECS pods' usage.
    const aws = flags.provider === 'ecs' ? { volumeProvisioners: [efsProvisioner(awsSettingsOf(flags))], usageSources: awsUsageSources(awsSettingsOf(flags)) } : {};
    if (aws.usageSources) Object.assign(context, { usageSources: aws.usageSources });
    const controllers = [...CONTROLLERS, nodeLifecycleController({ gracePeriodSeconds: flags.nodeMonitorGracePeriodSeconds }), ...(hooks.extraControllers ?? [])];
    const consumers: StreamConsumer[] = [
      schedulerConsumer(as('kube-scheduler'), requeuer),
      // Only the controller-manager holds the CA's key (its CSR signer signs with it).
      controllerManager({ ...as('kube-controller-manager'), ...aws, clusterSigning: pki.caKey ? { certPem: pki.caCert, keyPem: pki.caKey } : undefined }, requeuer, controllers),
      // The simulated kubelets read the stream too; on AWS the ECS provider gets task events instead.
      ...(nodes ? [simulatedNodesConsumer(nodes)] : []),
      ...(ecs ? [ecs.consumer] : []),
      // AWS mode: the cloud-controller-manager's loops against the endpoint the flags name (with the network the ECS provider settled on).
      ...(flags.provider === 'ecs' ? [cloudControllerManager(as('cloud-controller-manager'), cloudContext(ecs?.settings ?? awsSettingsOf(flags)), requeuer)] : []),
    ];
    const poller = new LocalStreamPoller(client, endpoint, flags.table, consumers, { resyncAtStart: !freshTable });
    await poller.start();
    step(`Stream consumers started (${consumers.map((c) => c.name).join(', ')})`);
    const compactor = startCompactor(store, Math.min(60, Math.max(1, flags.watchRetentionSeconds / 4)));

    // pods/log reads each container's output where its runtime keeps it (by containerID scheme).
    context.logs = {
      ...(nodes ? { 'skiff-sim': nodes.logs } : {}),
      ...(flags.provider === 'ecs' ? { ecs: new CloudWatchLogSource(awsSettingsOf(flags)) } : {}),
    };

    const server: Server = await startHttpsServer(context, pki, flags.port);
    const port = (server.address() as { port: number }).port;
    const url = `https://127.0.0.1:${port}`;
    step(`API server listening on ${url}`);
    podToken.url ??= url;
    writeKubeconfig(flags.kubeconfig, url, pki.caCert, token);
    step(`Kubeconfig written to ${flags.kubeconfig} (context skiff)`);
    return {
      url,
      kubeconfig: path.resolve(flags.kubeconfig),
      dynamodbEndpoint: endpoint,
      context,
      consumers: { pause: (name) => poller.pause(name), resume: (name) => poller.resume(name) },
      ecs,
      simulated: nodes,
      stop: async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        compactor.stop();
        await poller.stop();
        await nodes?.stop();
        await ecs?.stop();
        client.destroy();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}

/** The AWS components' settings from the runner's AWS-mode flags. */
export function awsSettingsOf(flags: RunnerFlags): AwsSettings {
  return {
    endpoint: flags.awsEndpoint,
    region: flags.awsRegion,
    cluster: flags.ecsCluster,
    subnets: flags.subnets,
    securityGroups: flags.securityGroups,
    logGroup: defaultLogGroup(flags.ecsCluster),
  };
}

/** Heartbeat intervals: upstream's at small scale, relaxed for 1,000-node runs (the full pod sync is the kubelet's 1-minute --sync-frequency at every size). */
function nodeTuning(count: number): { renewIntervalSeconds?: number; statusUpdateSeconds?: number } {
  return count > 100 ? { renewIntervalSeconds: 30, statusUpdateSeconds: 300 } : {};
}

/** DynamoDB Local has no TTL: drop expired change records (watch history) on a timer instead. */
function startCompactor(store: ObjectStore, everySeconds: number): { stop(): void } {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void Promise.all(RESOURCES.map((r) => store.compact(storageKey(r))))
      .catch((err) => logger.warn('compaction failed', { error: String(err) }))
      .finally(() => (busy = false));
  }, everySeconds * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Reuses the token of an existing kubeconfig when the cluster knows it; otherwise makes a new one. */
async function adminToken(store: ObjectStore, kubeconfig: string): Promise<string> {
  const stored = await storedTokenHash(store);
  const previous = fs.existsSync(kubeconfig) ? readKubeconfigToken(kubeconfig) : undefined;
  if (previous && stored === hashToken(previous)) return previous;
  const token = newToken();
  await storeTokenHash(store, hashToken(token));
  return token;
}
