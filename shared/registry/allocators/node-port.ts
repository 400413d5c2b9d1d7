/** --service-node-port-range's default. */
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
export const NODE_PORT_POOL = 'nodeports';

export const inNodePortRange = (port: number): boolean => port >= NODE_PORT_MIN && port <= NODE_PORT_MAX;

export function randomNodePort(): string {
  return String(NODE_PORT_MIN + Math.floor(Math.random() * (NODE_PORT_MAX - NODE_PORT_MIN + 1)));
}
