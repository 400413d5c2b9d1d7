/**
 * A value inside an object that cannot be interpreted (a quantity, a selector, a count or
 * percentage). Validation keeps such values out, but an object that got into storage some other
 * way must not stop the components reading it: they report it, skip it and serve everything else.
 */
export class InvalidDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidDataError';
  }
}
