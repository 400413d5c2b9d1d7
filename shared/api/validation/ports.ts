/** apimachinery's IsValidPortName: an IANA_SVC_NAME (at most 15 characters, letters and digits and '-'). */
const PORT_NAME_CHARS = /^[-a-z0-9]+$/;
const PORT_NAME_HAS_LETTER = /[a-z]/;

export function validatePortName(port: string): string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push('must be no more than 15 characters');
  if (!PORT_NAME_CHARS.test(port)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!PORT_NAME_HAS_LETTER.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push("must not contain consecutive hyphens (-)");
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errs.push('must not begin or end with a hyphen (-)');
  return errs;
}
