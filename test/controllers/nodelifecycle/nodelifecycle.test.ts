import { Node, Pod } from '../../../shared/api/types';
import { get, R, update } from '../../../shared/controllers/client';
import { Controller } from '../../../shared/controllers/controller';
import { nodeLifecycleController } from '../../../shared/controllers/nodelifecycle';
import { SimulatedNodes } from '../../../shared/nodes/simulated';
import { RestContext } from '../../../shared/registry/context';
import { podDefaultsConfig } from '../../../shared/registry/kinds/pod-defaults';
import { KubeObject } from '../../../shared/registry/resource';
import { nowTimestamp } from '../../../shared/registry/time';
import { createPod, eventually, freshCluster, getPod, podFixture } from '../../nodes/support';
import { countingReads } from '../support';

const UNREACHABLE = 'node.kubernetes.io/unreachable';

describe('nodeLifecycleController', () => {
  let ctx: RestContext;
  let nodes: SimulatedNodes;
  let controller: Controller;
  const reconcile = (name: string) => controller.reconcile(ctx, { resource: 'nodes', name, controller: 'nodelifecycle' });
  const getNode = async (name: string) => Node.parse(await get(ctx, R.nodes, undefined, name));
  const setAnnotation = async (name: string, value: string | undefined) => {
    const node = (await get(ctx, R.nodes, undefined, name)) as KubeObject;
    const annotations = { ...(node.metadata.annotations as Record<string, string>) };
    if (value === undefined) delete annotations['skiff.dev/heartbeat'];
    else annotations['skiff.dev/heartbeat'] = value;
    await update(ctx, R.nodes, { ...node, metadata: { ...node.metadata, annotations } });
  };
  const running = (name: string) => eventually(async () => (await getPod(ctx, name))?.status?.phase === 'Running');
  /** Deleted, or (while its node cannot confirm the deletion) deleting. */
  const evicted = async (name: string) => {
    const pod = await getPod(ctx, name);
    return !pod || !!pod.metadata?.deletionTimestamp;
  };

  beforeAll(async () => {
    // The runner's --default-unreachable-toleration-seconds, short so the toleration runs out in the test.
    podDefaultsConfig.unreachableTolerationSeconds = 2;
    ctx = await freshCluster();
    nodes = new SimulatedNodes({ ctx, count: 2, renewIntervalSeconds: 0.2, podSyncSeconds: 0.2 });
    await nodes.start();
    controller = nodeLifecycleController({ gracePeriodSeconds: 1 });
  });

  afterAll(() => nodes.stop());

  it('leaves a heartbeating node alone and looks again when it could go stale', async () => {
    const result = await reconcile('skiff-worker-2');
    const node = await getNode('skiff-worker-2');
    expect(node.spec?.taints ?? []).toEqual([]);
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(result.requeueAfterSeconds).toBe(1);
  });

  it("decides a batch's nodes together: one batch read of the nodes, then one of their leases", async () => {
    const fresh = nodeLifecycleController({ gracePeriodSeconds: 1 });
    const keys = ['skiff-worker-1', 'no-such-node', 'skiff-worker-2'].map((name) => ({ resource: 'nodes', name, controller: 'nodelifecycle' }));
    expect(new Set(keys.map((k) => fresh.groupOf!(k))).size).toBe(1);
    const counted = countingReads(ctx);
    expect(await fresh.reconcileGroup!(counted.ctx, keys)).toEqual([{ requeueAfterSeconds: 1 }, {}, { requeueAfterSeconds: 1 }]);
    expect(counted.reads).toEqual(['getMany nodes', 'getMany leases.coordination.k8s.io']);
  });

  it('marks a node whose lease stopped Unknown, taints it, and evicts pods as their tolerations say', async () => {
    await createPod(ctx, podFixture('default-toleration', { nodeName: 'skiff-worker-1' }));
    await createPod(ctx, podFixture('tolerates-forever', { nodeName: 'skiff-worker-1', tolerations: [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute' }] }));
    await running('default-toleration');
    await running('tolerates-forever');

    await setAnnotation('skiff-worker-1', 'stopped');
    const node = await eventually(async () => {
      await reconcile('skiff-worker-1');
      const n = await getNode('skiff-worker-1');
      return n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'Unknown' ? n : undefined;
    });
    expect(node.status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['MemoryPressure', 'Unknown', 'NodeStatusUnknown'],
      ['DiskPressure', 'Unknown', 'NodeStatusUnknown'],
      ['PIDPressure', 'Unknown', 'NodeStatusUnknown'],
      ['Ready', 'Unknown', 'NodeStatusUnknown'],
    ]);
    expect(node.spec?.taints?.map((t) => `${t.key}:${t.effect}`)).toEqual([`${UNREACHABLE}:NoSchedule`, `${UNREACHABLE}:NoExecute`]);
    expect(node.spec?.taints?.find((t) => t.effect === 'NoExecute')?.timeAdded).toBeDefined();

    const notReady = await getPod(ctx, 'tolerates-forever');
    expect(notReady?.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');

    // The default toleration (2 s) runs out; the explicit one without seconds never does.
    await eventually(async () => {
      await reconcile('skiff-worker-1');
      return evicted('default-toleration');
    });
    const kept = await getPod(ctx, 'tolerates-forever');
    expect(kept?.metadata?.deletionTimestamp).toBeUndefined();
  });

  it('removes the taints once the node heartbeats again, and its pods are Ready again', async () => {
    await setAnnotation('skiff-worker-1', undefined);
    const node = await eventually(async () => {
      await reconcile('skiff-worker-1');
      const n = await getNode('skiff-worker-1');
      return n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' && (n.spec?.taints ?? []).length === 0 ? n : undefined;
    });
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.reason).toBe('KubeletReady');
    await eventually(async () => (await getPod(ctx, 'tolerates-forever'))?.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True');
  });

  it('evicts at once a pod that does not tolerate a NoExecute taint, saying why', async () => {
    await createPod(ctx, podFixture('intolerant', { nodeName: 'skiff-worker-2' }));
    await running('intolerant');
    const node = (await get(ctx, R.nodes, undefined, 'skiff-worker-2')) as KubeObject;
    const taint = { key: 'example.com/maintenance', effect: 'NoExecute', timeAdded: nowTimestamp() };
    await update(ctx, R.nodes, { ...node, spec: { ...(node.spec as object), taints: [taint] } });
    await reconcile('skiff-worker-2');
    expect(await evicted('intolerant')).toBe(true);
    // The change log shows the condition written before the deletion.
    const writes = (await ctx.store.changes('pods', 0)).filter((c) => c.object.metadata.name === 'intolerant').map((c) => c.object as Pod);
    expect(writes.some((p) => p.status?.conditions?.some((c) => c.type === 'DisruptionTarget' && c.reason === 'DeletionByTaintManager'))).toBe(true);
    // The taint is not the lifecycle controller's: it stays.
    expect((await getNode('skiff-worker-2')).spec?.taints).toEqual([taint]);
  });
});
