/** Kubernetes timestamps: RFC 3339 in UTC with second precision (metav1.Time). */
export function nowTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** metav1.MicroTime, for leases and events. */
export function nowMicroTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/Z$/, '000Z');
}
