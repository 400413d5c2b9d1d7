/**
 * Base64 as Go's encoding/json decodes `[]byte` fields (Secret.data, ConfigMap.binaryData): the
 * standard alphabet with padding; carriage returns and newlines are ignored. The message is Go's
 * `illegal base64 data at input byte N`.
 */
const ALPHABET = /[A-Za-z0-9+/]/;

export function base64Error(value: string): string | undefined {
  let quantum = 0;
  let padding = 0;
  let quantumStart = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\r' || c === '\n') continue;
    if (quantum === 0) quantumStart = i;
    if (c === '=') {
      // Padding may only fill the last one or two places of the final quantum.
      if (quantum < 2) return corrupt(i);
      padding++;
    } else if (padding > 0 || !ALPHABET.test(c)) {
      return corrupt(i);
    }
    quantum = (quantum + 1) % 4;
    if (quantum === 0 && padding > 0) {
      const rest = value.slice(i + 1).replace(/[\r\n]/g, '');
      if (rest.length > 0) return corrupt(i + 1);
    }
  }
  if (quantum !== 0) return corrupt(quantumStart);
  return undefined;
}

const corrupt = (at: number): string => `illegal base64 data at input byte ${at}`;
