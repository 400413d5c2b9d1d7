import net from 'node:net';

/**
 * How the API server opens a TCP connection into the cluster's network (pods, Service endpoints,
 * nodes), the role upstream's egress selector gives its "cluster" dialer. The default dials the
 * address directly: on AWS that reaches pods only when the API server Lambda runs in the VPC.
 * Tests route a pod's address to a local server with their own.
 */
export type ClusterDialer = (host: string, port: number) => net.Socket;

export const directDialer: ClusterDialer = (host, port) => net.connect({ host, port });

/** Upstream's proxy dialer gives up on a connection after 30 s. */
export const DIAL_TIMEOUT_MS = 30_000;

/** A Node.js socket error as Go's net/http reports it in upstream's proxy messages. */
export function goDialError(err: NodeJS.ErrnoException, hostPort: string, connected: boolean): string {
  if (!connected) {
    switch (err.code) {
      case 'ECONNREFUSED':
        return `dial tcp ${hostPort}: connect: connection refused`;
      case 'EHOSTUNREACH':
        return `dial tcp ${hostPort}: connect: no route to host`;
      case 'ENETUNREACH':
        return `dial tcp ${hostPort}: connect: network is unreachable`;
      case 'ETIMEDOUT':
        return `dial tcp ${hostPort}: i/o timeout`;
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return `dial tcp: lookup ${hostPort.replace(/:\d+$/, '')}: no such host`;
      default:
        break;
    }
  }
  if (err.code === 'ECONNRESET' || err.message === 'socket hang up') return 'EOF';
  if (err.code?.startsWith('HPE_')) return 'net/http: HTTP/1.x transport connection broken: malformed HTTP response';
  return err.message;
}
