/** What the store reports; the API layer turns these into Kubernetes Status errors. */
export class PreconditionFailed extends Error {
  constructor(readonly exists: boolean) {
    super(exists ? 'object changed or already exists' : 'object does not exist');
  }
}

/** The namespace the write was guarded on is missing or terminating. */
export class NamespaceGuardFailed extends Error {
  constructor(readonly namespace: string) {
    super(`namespace ${namespace} is missing or terminating`);
  }
}

/** Too many retries against concurrent writers; the client should retry (429). */
export class StoreBusy extends Error {}

/** A side write (an allocation) in the object's transaction failed its condition; `index` names it. */
export class SideWriteFailed extends Error {
  constructor(readonly index: number) {
    super(`side write ${index} failed its condition`);
  }
}

/** A companion write (another object committed with this one, such as a quota's usage) found its object changed; `index` names it. */
export class CompanionWriteFailed extends Error {
  constructor(readonly index: number) {
    super(`companion write ${index} found its object changed`);
  }
}
