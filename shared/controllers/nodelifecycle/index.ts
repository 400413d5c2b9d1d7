export { nodeLifecycleController } from './controller';
export type { NodeLifecycleOptions } from './controller';
