/** apimachinery's IsWildcardDNS1123Subdomain, with upstream's message. */
const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const WILDCARD_DNS1123_SUBDOMAIN = `\\*\\.${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;

export function validateWildcardDns1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push('must be no more than 253 characters');
  if (!new RegExp(`^${WILDCARD_DNS1123_SUBDOMAIN}$`).test(value)) {
    errs.push(
      `a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '${WILDCARD_DNS1123_SUBDOMAIN}')`,
    );
  }
  return errs;
}

/** apimachinery's IsValidPortNum. */
export const validatePortNumber = (port: number): string[] => (Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : ['must be between 1 and 65535, inclusive']);
