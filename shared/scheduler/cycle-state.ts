/**
 * Per-attempt scratch space (upstream's framework.CycleState): what a plugin precomputes once per
 * pod in preFilter/preScore and reads back for every node. Keyed by plugin name.
 */
export class CycleState {
  private readonly data = new Map<string, unknown>();

  write<T>(key: string, value: T): void {
    this.data.set(key, value);
  }

  /** The value written under `key`; the caller names the type it wrote. */
  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
}
