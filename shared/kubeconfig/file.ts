import fs from 'node:fs';
import path from 'node:path';
import * as yaml from 'js-yaml';
import type { Kubeconfig } from './merge';

/** The kubeconfig in `file`, or undefined when there is none; a file that is not a kubeconfig is refused (thrown) rather than overwritten. */
export function readKubeconfig(file: string): Kubeconfig | undefined {
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  let doc: unknown;
  try {
    doc = text.trim() === '' ? {} : yaml.load(text);
  } catch (err) {
    throw new Error(`${file} is not a kubeconfig (${(err as Error).message.split('\n')[0]}); not overwriting it`, { cause: err });
  }
  const lists = ['clusters', 'users', 'contexts'] as const;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || lists.some((k) => !isNamedList((doc as Kubeconfig)[k]))) {
    throw new Error(`${file} is not a kubeconfig (expected clusters, users and contexts lists of named entries); not overwriting it`);
  }
  return doc as Kubeconfig;
}

function isNamedList(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.every((e) => e !== null && typeof e === 'object' && typeof (e as { name?: unknown }).name === 'string'));
}

/**
 * Writes the kubeconfig readable by its owner only (it holds a bearer token). It is written beside
 * the file and renamed over it, so a crash never leaves the user's other clusters half-written; a
 * symlinked kubeconfig is written through to its target.
 */
export function writeKubeconfigFile(file: string, config: Kubeconfig): void {
  const target = fs.existsSync(file) ? fs.realpathSync(file) : path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.skiff-${process.pid}`;
  fs.writeFileSync(partial, yaml.dump(config), { mode: 0o600 });
  fs.renameSync(partial, target);
}
