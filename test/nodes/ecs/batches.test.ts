import type { Task } from '@aws-sdk/client-ecs';
import { assignTasks, batchIdOf, batchTags, membersOfTags, planBatches, recorded, StartRequest } from '../../../shared/nodes/ecs/batches';

const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/skiff-default-web:1';
const CI = (n: number) => `arn:aws:ecs:us-east-1:123456789012:container-instance/skiff/ci${n}`;
const req = (n: number, over: Partial<StartRequest> = {}): StartRequest => ({
  uid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  pod: `default/web-${n}`,
  attempt: 0,
  compute: 'fargate',
  taskDefinition: TD,
  overrides: {},
  subnets: ['subnet-a'],
  ...over,
});
const sizes = (rs: StartRequest[], max?: number) => planBatches(rs, max).map((b) => b.members.map((m) => Number(m.pod.split('-')[1])));

describe('planBatches', () => {
  it.each<[string, StartRequest[], number | undefined, number[][]]>([
    ['one pod is a call of its own', [req(1)], undefined, [[1]]],
    ['pods of one template and zone share a call', [req(1), req(2), req(3)], undefined, [[1, 2, 3]]],
    ['at most 10 a call', Array.from({ length: 23 }, (_, i) => req(i)), undefined, [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [10, 11, 12, 13, 14, 15, 16, 17, 18, 19], [20, 21, 22]]],
    ['a smaller limit', [req(1), req(2), req(3)], 2, [[1, 2], [3]]],
    ['another task definition is another call', [req(1), req(2, { taskDefinition: `${TD.slice(0, -1)}2` }), req(3)], undefined, [[1, 3], [2]]],
    ['another zone (subnets) is another call', [req(1), req(2, { subnets: ['subnet-b'] }), req(3)], undefined, [[1, 3], [2]]],
    ['subnets in another order are the same placement', [req(1, { subnets: ['a', 'b'] }), req(2, { subnets: ['b', 'a'] })], undefined, [[1, 2]]],
    ['per-pod overrides (fieldRef env) never share', [req(1, { overrides: { containerOverrides: [{ name: 'app', environment: [{ name: 'POD', value: 'web-1' }] }] } }), req(2, { overrides: { containerOverrides: [{ name: 'app', environment: [{ name: 'POD', value: 'web-2' }] }] } })], undefined, [[1], [2]]],
    ['EC2: distinct instances share a StartTask', [req(1, { compute: 'ec2', containerInstanceArn: CI(1) }), req(2, { compute: 'ec2', containerInstanceArn: CI(2) })], undefined, [[1, 2]]],
    ['EC2: one instance twice is two calls', [req(1, { compute: 'ec2', containerInstanceArn: CI(1) }), req(2, { compute: 'ec2', containerInstanceArn: CI(1) }), req(3, { compute: 'ec2', containerInstanceArn: CI(2) })], undefined, [[1, 3], [2]]],
    ['Fargate and EC2 never share', [req(1), req(2, { compute: 'ec2', containerInstanceArn: CI(1) })], undefined, [[1], [2]]],
  ])('%s', (_name, requests, max, expected) => {
    expect(sizes(requests, max)).toEqual(expected);
  });
});

describe('batchIdOf', () => {
  it('is the same for the same runs in any order, and another for another attempt', () => {
    expect(batchIdOf([req(1), req(2)])).toBe(batchIdOf([req(2), req(1)]));
    expect(batchIdOf([req(1), req(2)])).not.toBe(batchIdOf([req(1), req(2, { attempt: 1 })]));
    expect(batchIdOf([req(1), req(2)])).toMatch(/^skiff-batch-[0-9a-f]{16}$/);
  });
});

describe('batch tags', () => {
  it('record every member in order, within ECS tag limits', () => {
    const members = Array.from({ length: 10 }, (_, i) => req(i, { attempt: i % 3 }));
    const tags = batchTags('skiff', 'skiff-batch-x', members);
    expect(tags.length).toBeLessThanOrEqual(50);
    for (const t of tags) expect(String(t.value).length).toBeLessThanOrEqual(256);
    expect(membersOfTags([...tags].reverse())).toEqual(members.map((m) => ({ uid: m.uid, attempt: m.attempt })));
  });

  it('record the EC2 instance of each member', () => {
    const tags = batchTags('skiff', 'b', [req(1, { compute: 'ec2', containerInstanceArn: CI(7) })]);
    expect(membersOfTags(tags)).toEqual([{ uid: req(1).uid, attempt: 0, instanceId: 'ci7' }]);
  });
});

const task = (id: string, ci?: number): Task => ({ taskArn: `arn:aws:ecs:us-east-1:123456789012:task/skiff/${id}`, ...(ci ? { containerInstanceArn: CI(ci) } : {}) });
const owners = (m: Map<string, { task: Task }>) => Object.fromEntries([...m].map(([uid, a]) => [uid.slice(-2), String(a.task.taskArn).split('/').pop()]));

describe('assignTasks', () => {
  it.each<[string, StartRequest[], Task[], Record<string, string>]>([
    ['Fargate: tasks by ARN to members in order, whatever order ECS answered in', [req(1), req(2), req(3)], [task('c'), task('a'), task('b')], { '01': 'a', '02': 'b', '03': 'c' }],
    ['Fargate: fewer tasks than asked leave the last members without one', [req(1), req(2), req(3)], [task('b'), task('a')], { '01': 'a', '02': 'b' }],
    ['EC2: each member gets the task on its instance', [req(1, { compute: 'ec2', containerInstanceArn: CI(1) }), req(2, { compute: 'ec2', containerInstanceArn: CI(2) })], [task('a', 2), task('b', 1)], { '01': 'b', '02': 'a' }],
    ['EC2: a member whose instance failed gets none', [req(1, { compute: 'ec2', containerInstanceArn: CI(1) }), req(2, { compute: 'ec2', containerInstanceArn: CI(2) })], [task('a', 2)], { '02': 'a' }],
  ])('%s', (_name, members, tasks, expected) => {
    expect(owners(assignTasks(members.map(recorded), tasks))).toEqual(expected);
  });

  it('gives the same answer from the tags alone (a process that lost its memory)', () => {
    const members = [req(1), req(2), req(3)];
    const tasks = [task('z'), task('m'), task('q')];
    const atStart = assignTasks(members.map(recorded), tasks);
    const recovered = assignTasks(membersOfTags(batchTags('skiff', 'b', members)), [...tasks].reverse());
    expect(owners(recovered)).toEqual(owners(atStart));
  });
});
