/**
 * A patch that cannot be applied to the object. The API layer answers it with a Status
 * (kube-apiserver uses 422 for patches that do not apply and 400 for undecodable ones);
 * messages mirror evanphx/json-patch and apimachinery's mergepatch/strategicpatch.
 */
export class PatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatchError';
  }
}
