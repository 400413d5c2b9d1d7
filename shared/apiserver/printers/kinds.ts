import { Printer } from './columns';

/** Per-kind printers, keyed by group-qualified resource; kinds without one print Name and Age. */
export const PRINTERS: Record<string, Printer> = {};
