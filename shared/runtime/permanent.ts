import { ApiError } from '../api/errors';
import { InvalidDataError } from '../api/invalid-data';

/**
 * Whether a reconcile failed because of the object itself (a value that cannot be interpreted, a
 * write the API refuses as invalid), so that retrying the same record can only fail again. Such a
 * failure is reported and the record let go: retried, it would hold up the records behind it (on
 * AWS a failed record blocks its shard until retries run out). The object's next change brings it
 * round again. `decide()` (outcome.ts) makes these, like a TerminalError, a terminal outcome.
 */
export function isPermanentError(err: unknown): boolean {
  if (err instanceof InvalidDataError) return true;
  return err instanceof ApiError && (err.code === 400 || err.code === 422);
}
