import { parseRoleSession, taskSessionProblem } from '../../../shared/auth/authn/task-session';

const TASK = { taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/skiff/0123456789abcdef0123456789abcdef', lastStatus: 'RUNNING', roleArn: 'arn:aws:iam::123456789012:role/pods/skiff-pods', pod: 'default/web', podUid: 'u-1' };
const CALLER = { account: '123456789012', role: 'skiff-pods', session: '0123456789abcdef0123456789abcdef' };

describe('parseRoleSession', () => {
  it.each([
    ['arn:aws:sts::123456789012:assumed-role/skiff-pods/0123456789abcdef0123456789abcdef', CALLER],
    ['arn:aws-cn:sts::123456789012:assumed-role/r/s', { account: '123456789012', role: 'r', session: 's' }],
    ['arn:aws:iam::123456789012:user/alice', undefined],
    ['arn:aws:sts::123456789012:federated-user/bob', undefined],
    ['arn:aws:sts::123456789012:assumed-role/r/s/extra', undefined],
  ])('%s -> %j', (arn, want) => {
    expect(parseRoleSession(arn)).toEqual(want);
  });
});

describe('taskSessionProblem', () => {
  it.each([
    ['the running task of a pod, as its role (the role path dropped)', TASK, CALLER, undefined],
    ['no such task', undefined, CALLER, 'no task 0123456789abcdef0123456789abcdef in the cluster'],
    ['a stopped task', { ...TASK, lastStatus: 'STOPPED' }, CALLER, 'task 0123456789abcdef0123456789abcdef is stopped'],
    ['a task of no pod', { ...TASK, pod: undefined }, CALLER, 'task 0123456789abcdef0123456789abcdef runs no pod'],
    ['a task without a role', { ...TASK, roleArn: undefined }, CALLER, 'task 0123456789abcdef0123456789abcdef has no task role'],
    ['another role', TASK, { ...CALLER, role: 'admin' }, 'task 0123456789abcdef0123456789abcdef runs as another role'],
    ['the same role name in another account', TASK, { ...CALLER, account: '210987654321' }, 'task 0123456789abcdef0123456789abcdef runs as another role'],
  ])('%s', (_name, task, caller, want) => {
    expect(taskSessionProblem(caller, task)).toBe(want);
  });
});
