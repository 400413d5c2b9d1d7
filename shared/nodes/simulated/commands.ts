import { createHash } from 'node:crypto';

/**
 * The little a simulated container runtime understands of what a container runs: command lines
 * that plainly exit (`true`, `false`, `sh -c 'exit 3'`) exit with that code; anything else
 * (`sleep 3600`, an image's own entrypoint) runs until stopped.
 */
export function exitCodeOf(container: { command?: string[]; args?: string[] }): number | undefined {
  const argv = [...(container.command ?? []), ...(container.args ?? [])];
  const line = argv.join(' ').trim();
  const shell = /^(?:\/usr)?(?:\/bin\/)?(?:sh|bash|ash|dash)\s+-c\s+(.*)$/s.exec(line);
  return scriptExitCode(shell ? unquote(shell[1]) : line);
}

function scriptExitCode(script: string): number | undefined {
  const s = script.trim();
  if (/^(?:\/usr)?(?:\/bin\/)?true$/.test(s)) return 0;
  if (/^(?:\/usr)?(?:\/bin\/)?false$/.test(s)) return 1;
  const exit = /^exit(?:\s+(\d+))?\s*;?$/.exec(s);
  if (exit) return Number(exit[1] ?? 0) % 256;
  return undefined;
}

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && (t[0] === "'" || t[0] === '"') && t[t.length - 1] === t[0]) return t.slice(1, -1);
  return t;
}

/** An image reference as the runtime reports it: `nginx` is `docker.io/library/nginx:latest`. */
export function normalizeImage(image: string): { repository: string; reference: string; digest?: string } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  let name = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  let tag = colon >= 0 ? name.slice(colon + 1) : undefined;
  if (colon >= 0) name = name.slice(0, colon);
  const first = name.split('/')[0];
  const hasDomain = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const repository = hasDomain ? name : `docker.io/${name.includes('/') ? name : `library/${name}`}`;
  if (!digest && !tag) tag = 'latest';
  const reference = `${repository}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  return { repository, reference, digest };
}

/** A digest that stays the same for the same image, in the shape `<repository>@sha256:<hex>`. */
export function imageIdOf(image: string): string {
  const { repository, reference, digest } = normalizeImage(image);
  return `${repository}@${digest ?? `sha256:${createHash('sha256').update(reference).digest('hex')}`}`;
}
