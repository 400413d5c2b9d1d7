// Evictions (policy/v1, what `kubectl drain` sends) against disruption budgets, on DynamoDB Local.
import { ApiError } from '../../../shared/api/errors';
import { PodDisruptionBudget } from '../../../shared/api/types';
import { create, get, update } from '../../../shared/controllers/client';
import { disruptionController, PDBS } from '../../../shared/controllers/disruption';
import { SimulatedNodes } from '../../../shared/nodes/simulated';
import { RestContext } from '../../../shared/registry/context';
import { evictPod } from '../../../shared/registry/kinds/eviction';
import { KubeObject } from '../../../shared/registry/resource';
import { createPod, eventually, freshCluster, getPod, podFixture } from '../../nodes/support';


describe('evictPod', () => {
  let ctx: RestContext;
  let nodes: SimulatedNodes;
  const syncBudgets = () => disruptionController.reconcile(ctx, { resource: 'poddisruptionbudgets.policy', namespace: 'default', name: '*', controller: 'disruption' });
  const budget = async () => PodDisruptionBudget.parse(await get(ctx, PDBS, 'default', 'web'));
  const eviction = (name: string, extra: object = {}) => ({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' }, ...extra });
  const refusal = async (p: Promise<unknown>) => {
    const err = await p.then(() => undefined, (e: unknown) => e);
    if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(err)}`);
    return err.toStatus();
  };

  beforeAll(async () => {
    ctx = await freshCluster();
    nodes = new SimulatedNodes({ ctx, count: 1, podSyncSeconds: 0.2 });
    await nodes.start();
    for (const name of ['web-1', 'web-2', 'loner']) {
      await createPod(ctx, podFixture(name, { nodeName: 'skiff-worker-1' }, name === 'loner' ? { app: 'loner' } : { app: 'web' }));
    }
    await eventually(async () => {
      const phases = await Promise.all(['web-1', 'web-2', 'loner'].map(async (n) => (await getPod(ctx, n))?.status?.phase));
      return phases.every((p) => p === 'Running');
    });
    await create(ctx, PDBS, 'default', { metadata: { name: 'web' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } } });
  });

  afterAll(() => nodes.stop());

  it('keeps the budget status true to the pods', async () => {
    await syncBudgets();
    const { status } = await budget();
    expect(status).toMatchObject({ observedGeneration: 1, currentHealthy: 2, desiredHealthy: 2, expectedPods: 2, disruptionsAllowed: 0 });
    expect(status?.conditions?.[0]).toMatchObject({ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' });
  });

  it('refuses an eviction the budget does not allow, with 429 and the reason', async () => {
    const status = await refusal(evictPod(ctx, 'default', 'web-1', eviction('web-1')));
    expect(status).toMatchObject({
      code: 429,
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }] },
    });
    expect(await getPod(ctx, 'web-1')).toBeDefined();
  });

  it('refuses while the budget controller has not seen the latest spec', async () => {
    const pdb = (await get(ctx, PDBS, 'default', 'web')) as KubeObject;
    await update(ctx, PDBS, { ...pdb, spec: { ...(pdb.spec as object), minAvailable: 1 } });
    const status = await refusal(evictPod(ctx, 'default', 'web-1', eviction('web-1')));
    expect(status.details?.causes?.[0]?.message).toBe('The disruption budget web is still being processed by the server.');
  });

  it('evicts when the budget allows it, taking the disruption from the budget', async () => {
    await syncBudgets();
    expect((await budget()).status?.disruptionsAllowed).toBe(1);
    await evictPod(ctx, 'default', 'web-1', eviction('web-1'));
    await eventually(async () => (await getPod(ctx, 'web-1')) === undefined);
    const { status } = await budget();
    expect(status?.disruptionsAllowed).toBe(0);
    expect(Object.keys(status?.disruptedPods ?? {})).toEqual(['web-1']);
    const second = await refusal(evictPod(ctx, 'default', 'web-2', eviction('web-2')));
    expect(second.code).toBe(429);
  });

  it('evicts a pod no budget covers; a dry run deletes nothing', async () => {
    await evictPod(ctx, 'default', 'loner', eviction('loner', { deleteOptions: { dryRun: ['All'] } }));
    expect(await getPod(ctx, 'loner')).toBeDefined();
    expect((await getPod(ctx, 'loner'))?.metadata?.deletionTimestamp).toBeUndefined();
    await evictPod(ctx, 'default', 'loner', eviction('loner'));
    await eventually(async () => (await getPod(ctx, 'loner')) === undefined);
  });

  it.each([
    ['a pod that does not exist', 404, 'ghost', eviction('ghost')],
    ['a body naming another pod', 400, 'web-2', eviction('web-3')],
  ])('answers %s with %i', async (_, code, name, body) => {
    expect((await refusal(evictPod(ctx, 'default', name, body))).code).toBe(code);
  });
});
