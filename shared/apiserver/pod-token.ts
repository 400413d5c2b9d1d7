import { ApiError, MethodNotAllowedError, UnauthorizedError } from '../api/errors';
import type { Pod } from '../api/types';
import { callerIdentity } from '../auth/authn/aws-iam';
import { checkPresignedUrl } from '../auth/authn/aws-iam-url';
import { parseRoleSession, taskSessionProblem } from '../auth/authn/task-session';
import { get, R } from '../controllers/client';
import { withStableVolumeNames } from '../nodes/ecs/task-definition';
import { deliveredByToken } from '../nodes/ecs/token-sidecar';
import { projectedVolumeFiles } from '../nodes/serviceaccount-token/projected';
import { bearerToken } from './auth';
import type { ApiContext } from './context';
import type { ApiRequest, ApiResponse } from './http';

/** How often files without a token (downward API only) are rewritten. */
const DOWNWARD_REFRESH_SECONDS = 300;

/**
 * The pod token endpoint (POST /skiff/v1/pod-token), what a pod task's `skiff-token` sidecar
 * calls: its bearer token is an EKS-style presigned STS GetCallerIdentity (`aws eks get-token`)
 * signed with the task role's credentials. STS answers who signed; ECS names a task role's
 * session after the task's id, so the session names the task, and ECS says which pod that task
 * runs (its tags) and with which role. The answer is that pod's projected service account token
 * and downward API files, as the kubelet would write them. Any refusal is upstream's bare 401;
 * why is in the request log only.
 */
export async function podTokenEndpoint(ctx: ApiContext, req: ApiRequest): Promise<ApiResponse> {
  if (req.method !== 'POST') throw new MethodNotAllowedError();
  const refuse = (why: string): never => {
    req.authenticationError = why;
    throw new UnauthorizedError();
  };
  const iam = ctx.config.iam;
  const tasks = ctx.config.podTasks;
  if (!iam || !tasks) return refuse('pod token delivery is not configured (no ECS cluster)');
  const token = bearerToken(req) ?? refuse('no bearer token');
  const check = checkPresignedUrl(token, { nowMs: iam.now?.() ?? Date.now(), endpoint: iam.endpoint });
  if (!check.ok) return refuse(`input token was not properly formatted: ${check.reason}`);
  const id = await callerIdentity(iam, check.url);
  if ('error' in id) return refuse(id.error);
  const caller = parseRoleSession(id.arn) ?? refuse(`not an assumed-role session: ${id.arn}`);
  req.user = { username: id.arn, groups: [] };
  const task = await tasks.task(caller.session);
  const problem = taskSessionProblem(caller, task);
  if (problem || !task?.pod) return refuse(problem ?? 'no pod');
  const slash = task.pod.indexOf('/');
  const pod = (await get(ctx, R.pods, task.pod.slice(0, slash), task.pod.slice(slash + 1))) as Pod | undefined;
  if (!pod || pod.metadata?.uid !== task.podUid) return refuse(`the pod of task ${caller.session} is gone`);
  try {
    return { statusCode: 200, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body: await answer(ctx, pod) };
  } catch (err) {
    // The account or the pod went away between the reads, or the pod's binding is invalid.
    if (err instanceof ApiError) return refuse(`token request failed: ${err.message}`);
    throw err;
  }
}

/** `refresh <seconds>` then `file <volume> <mode> <base64 path> <base64 content>` lines (see token-sidecar.ts). */
async function answer(ctx: ApiContext, original: Pod): Promise<string> {
  const pod = withStableVolumeNames(original);
  const now = ctx.serviceAccountTokens?.now?.() ?? Date.now();
  const { volumes, refreshAt } = await projectedVolumeFiles(ctx, pod, now, true);
  const lines: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (!deliveredByToken(v)) continue;
    const mode = (v.projected?.defaultMode ?? 0o644).toString(8);
    for (const [path, content] of volumes.get(v.name) ?? []) {
      lines.push(`file ${v.name} ${mode} ${Buffer.from(path).toString('base64')} ${Buffer.from(content).toString('base64')}`);
    }
  }
  const refresh = refreshAt === undefined ? DOWNWARD_REFRESH_SECONDS : Math.max(1, Math.floor((refreshAt - now) / 1000));
  return `refresh ${refresh}\n${lines.join('\n')}\n`;
}
