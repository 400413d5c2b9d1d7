import type { PodTaskIdentity } from '../../nodes/ecs/task-identity';

/** An STS assumed-role session: the role's account and name, and the session's name. */
export interface RoleSession {
  account: string;
  role: string;
  session: string;
}

/** `arn:aws:sts::<account>:assumed-role/<role>/<session>` (any partition); undefined for another kind of caller. */
export function parseRoleSession(arn: string): RoleSession | undefined {
  const m = /^arn:aws[a-z-]*:sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/([\w+=,.@-]+)$/.exec(arn);
  return m ? { account: m[1], role: m[2], session: m[3] } : undefined;
}

/** A role ARN's account and name (its path dropped, as an assumed-role ARN drops it). */
function roleOf(roleArn: string): { account: string; role: string } | undefined {
  const m = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[^:]*\/)?([\w+=,.@-]+)$/.exec(roleArn);
  return m ? { account: m[1], role: m[2] } : undefined;
}

/**
 * Whether a caller may have the token of the pod a task runs: ECS names the task role's session
 * after the task's id, so the session must be named after a task that is not stopped, that runs a
 * pod (its tags), and whose role is the caller's. The reason a refusal is given is for the logs only.
 */
export function taskSessionProblem(caller: RoleSession, task: PodTaskIdentity | undefined): string | undefined {
  if (!task) return `no task ${caller.session} in the cluster`;
  if (task.lastStatus === 'STOPPED') return `task ${caller.session} is stopped`;
  if (!task.pod || !task.podUid) return `task ${caller.session} runs no pod`;
  const role = task.roleArn ? roleOf(task.roleArn) : undefined;
  if (!role) return `task ${caller.session} has no task role`;
  if (role.account !== caller.account || role.role !== caller.role) return `task ${caller.session} runs as another role`;
  return undefined;
}
