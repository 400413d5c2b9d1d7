import { EventEmitter } from 'node:events';

/** Wakes watchers in this process the moment a write to their resource commits. */
export class ChangeNotifier {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  notify = (resource: string): void => {
    this.emitter.emit(resource);
  };

  wait = (resource: string, ms: number): Promise<void> =>
    new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.emitter.off(resource, done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.emitter.once(resource, done);
    });
}
