import { dynamoClient } from '../storage/client';
import { ObjectStore } from '../storage/store';
import { ApiContext } from './context';
import { storedTokenHash } from './tokens';

let cached: Promise<ApiContext> | undefined;

/**
 * The Lambda's context, built once per container from its environment: SKIFF_TABLE,
 * SKIFF_ADMIN_TOKEN_HASH (plus the digest stored in the table), AWS_ENDPOINT_URL for LocalStack.
 */
export function apiContextFromEnv(): Promise<ApiContext> {
  cached ??= (async () => {
    const table = process.env.SKIFF_TABLE;
    if (!table) throw new Error('SKIFF_TABLE is not set');
    const store = new ObjectStore({ client: dynamoClient(process.env.AWS_ENDPOINT_URL), table });
    const hashes = [process.env.SKIFF_ADMIN_TOKEN_HASH, await storedTokenHash(store)].filter((h): h is string => !!h);
    // API Gateway ends responses at 30 s and the function at 29 s: watch windows close well before.
    return { store, config: { tokenHashes: hashes, maxWatchSeconds: 25, watchPollMs: 1000, logRequests: true } };
  })();
  return cached;
}
