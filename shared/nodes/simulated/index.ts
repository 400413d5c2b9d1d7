export { SimulatedNodes } from './nodes';
export type { SimulatedNodesOptions } from './nodes';
export { simulatedNodesConsumer } from './consumer';
export { HEARTBEAT_ANNOTATION } from './node-object';
export { SimulatedLogs, SIMULATOR_PREFIX } from './logs';
