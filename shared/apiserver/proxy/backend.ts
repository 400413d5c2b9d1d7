import { ApiError } from '../../api/errors';
import type { ObjectStore } from '../../storage/store';

/** Where a proxy request goes, once the pod, service or node it names has been resolved. */
export interface Backend {
  scheme: 'http' | 'https';
  /** An IP address or host name. */
  host: string;
  port: number;
}


/** The 503 upstream answers when a proxy has nowhere, or nothing, to reach. */
export class ServiceUnavailableError extends ApiError {
  constructor(message: string) {
    super(503, 'ServiceUnavailable', message);
  }
}

export const defaultPort = (scheme: Backend['scheme']): number => (scheme === 'https' ? 443 : 80);

/** The one store method the proxy needs: a strongly consistent read. */
export type Getter = Pick<ObjectStore, 'get'>;
