import { UnauthorizedError } from '../../shared/api/errors';
import { authenticate } from '../../shared/apiserver/auth';
import type { ApiContext } from '../../shared/apiserver/context';
import type { ApiRequest } from '../../shared/apiserver/http';

const ctx = (anonymousAuth?: boolean) => ({ config: { tokenHashes: [], maxWatchSeconds: 1, anonymousAuth } }) as unknown as ApiContext;
const req = (headers: Record<string, string> = {}) => ({ method: 'GET', path: '/api/v1/pods', query: new URLSearchParams(), headers }) as ApiRequest;

describe('requests without credentials', () => {
  it.each([undefined, true])('are system:anonymous in system:unauthenticated (anonymousAuth %p, upstream default)', async (anonymousAuth) => {
    await expect(authenticate(ctx(anonymousAuth), req())).resolves.toEqual({ username: 'system:anonymous', groups: ['system:unauthenticated'] });
  });

  it('are 401 with anonymousAuth false', async () => {
    await expect(authenticate(ctx(false), req())).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('a non-bearer Authorization header is no credential either', async () => {
    await expect(authenticate(ctx(), req({ authorization: 'Basic YTpi' }))).resolves.toMatchObject({ username: 'system:anonymous' });
  });
});
