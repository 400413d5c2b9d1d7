import { LocalStreamPoller } from '../../local/stream-poller';
import { bootstrapCluster } from '../../shared/bootstrap/cluster';
import { SimulatedNodes, simulatedNodesConsumer } from '../../shared/nodes/simulated';
import { RestContext } from '../../shared/registry/context';
import { ObjectStore } from '../../shared/storage/store';
import { freshTable } from '../support/dynamo';
import { createPod, eventually, getPod, podFixture } from './support';

describe('simulatedNodesConsumer', () => {
  let nodes: SimulatedNodes;
  let poller: LocalStreamPoller;
  let ctx: RestContext;

  beforeAll(async () => {
    const { client, table, endpoint } = await freshTable();
    ctx = { store: new ObjectStore({ client, table, gapTimeoutMs: 200 }) };
    await bootstrapCluster(ctx);
    // A full sync far in the future: only the stream can bring the pod to the node in time.
    nodes = new SimulatedNodes({ ctx, count: 2, podSyncSeconds: 600 });
    await nodes.start();
    poller = new LocalStreamPoller(client, endpoint, table, [simulatedNodesConsumer(nodes)]);
    await poller.start();
    // The poller's shard readers take their first iterator after start() resolves; a record written
    // before that is never delivered, so wait until one gets through.
    await eventually(async () => {
      const name = `warmup-${Date.now()}`;
      await createPod(ctx, podFixture(name, { nodeName: 'skiff-worker-1' }));
      return eventually(async () => (await getPod(ctx, name))?.status?.phase === 'Running', 1500).catch(() => false);
    }, 20_000, 0);
  });

  afterAll(async () => {
    await poller.stop();
    await nodes.stop();
  });

  it('brings a pod bound to a simulated node to Running from its stream record', async () => {
    await createPod(ctx, podFixture('streamed', { nodeName: 'skiff-worker-2' }));
    const pod = await eventually(async () => {
      const p = await getPod(ctx, 'streamed');
      return p?.status?.phase === 'Running' ? p : undefined;
    });
    expect(pod.status?.podIP).toMatch(/^10\.244\.2\./);
  });

  it('filters pods of its own nodes and the nodes themselves', () => {
    const consumer = simulatedNodesConsumer(nodes);
    expect(JSON.stringify(consumer.filters)).toContain('"prefix":"skiff-worker-"');
    expect(JSON.stringify(consumer.filters)).toContain('"prefix":"/skiff-worker-"');
  });
});
