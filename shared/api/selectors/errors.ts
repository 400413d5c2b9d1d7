/**
 * A label or field selector that cannot be parsed or validated.
 * The API layer answers it with a 400 BadRequest Status carrying this message,
 * as kube-apiserver does for a bad `labelSelector` / `fieldSelector` query parameter.
 */
import { InvalidDataError } from '../invalid-data';

export class SelectorError extends InvalidDataError {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}
