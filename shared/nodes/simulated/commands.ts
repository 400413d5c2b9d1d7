import { createHash } from 'node:crypto';

/**
 * The little a simulated container runtime understands of what a container runs: command lines
 * that plainly exit (`true`, `false`, `echo hi`, `sh -c 'echo hi; exit 3'`, an interpreter's
 * one-line script such as `perl -e 'print 1'` or `python3 -c 'import sys; sys.exit(2)'`) exit
 * with that code; anything else (`sleep 3600`, loops, an image's own entrypoint) runs until stopped.
 */
export function exitCodeOf(container: { command?: string[]; args?: string[] }): number | undefined {
  const argv = [...(container.command ?? []), ...(container.args ?? [])];
  const line = argv.join(' ').trim();
  const shell = /^(?:\/usr)?(?:\/bin\/)?(?:sh|bash|ash|dash)\s+-c\s+(.*)$/s.exec(line);
  if (shell) return scriptExitCode(unquote(shell[1]));
  return interpreterExitCode(argv) ?? scriptExitCode(line);
}

const BIN = String.raw`(?:\/usr)?(?:\/local)?(?:\/bin\/)?`;
const SIMPLE = new RegExp(`^${BIN}(?:echo|printf|date|hostname|env|true|uname)(?:\\s.*)?$`, 's');

/** A shell script of simple commands joined by `;`, `&&` or newlines: the code of its first `exit`, or 0. */
function scriptExitCode(script: string): number | undefined {
  const steps = script.split(/;|&&|\n/).map((x) => x.trim()).filter(Boolean);
  if (steps.length === 0) return undefined;
  for (const step of steps) {
    if (new RegExp(`^${BIN}false$`).test(step)) return 1;
    const exit = /^exit(?:\s+(\d+))?$/.exec(step);
    if (exit) return Number(exit[1] ?? 0) % 256;
    if (!SIMPLE.test(step)) return undefined;
  }
  return 0;
}

const INTERPRETERS = /^(?:.*\/)?(?:perl|python3?|node|ruby)$/;
const LOOPS = /\b(?:while|for|loop|sleep|until|setInterval|serve_forever|listen)\b/;

/** `perl -e '...'`, `python3 -c '...'`: a one-line script without loops ends, with its exit() code if any. */
function interpreterExitCode(argv: string[]): number | undefined {
  if (argv.length < 3 || !INTERPRETERS.test(argv[0])) return undefined;
  const flag = argv.findIndex((a, i) => i > 0 && /^-[a-zA-Z]*[ec]$/.test(a));
  if (flag < 0 || flag + 1 >= argv.length) return undefined;
  const script = argv.slice(flag + 1).join(' ');
  if (LOOPS.test(script)) return undefined;
  const exit = /\b(?:exit|sys\.exit|process\.exit)\s*\(?\s*(\d+)/.exec(script);
  return exit ? Number(exit[1]) % 256 : 0;
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
