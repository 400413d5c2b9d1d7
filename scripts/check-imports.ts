import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

/**
 * `npm run lint`'s import checks, over the TypeScript compiler's own parse of the project (no
 * tool of its own needed): no import cycle between the project's files (type-only imports
 * count: a cycle of types is still two modules that cannot be read apart), and no dependency in
 * package.json that nothing uses. Known exceptions are listed in ALLOWED with their reason.
 */

/** Declared dependencies nothing imports yet, each for a reason. */
const ALLOWED_UNUSED: Record<string, string> = {
};

/** Cycles known and being broken elsewhere, as the sorted list of their files joined by ' '. */
const ALLOWED_CYCLES: Record<string, string> = {};

export interface Graph {
  /** Project files (relative to the root) and the project files each imports. */
  edges: Map<string, Set<string>>;
  /** Every bare module specifier's package, with one file that names it. */
  packages: Map<string, string>;
}

/** The package a bare specifier names: `@scope/name/deep` -> `@scope/name`, `node:fs` -> undefined. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The module specifiers a source text names: imports, re-exports, `import x = require()`, `require()`, `require.resolve()`, `import()`. */
export function specifiers(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push(node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression.getText(source);
      if (callee === 'require' || callee === 'require.resolve' || node.expression.kind === ts.SyntaxKind.ImportKeyword) found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The import graph of the files the tsconfig includes, plus the root's JavaScript config files. */
export function importGraph(root: string): Graph {
  const configFile = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const extra = fs.readdirSync(root).filter((f) => /\.(c|m)?js$/.test(f)).map((f) => path.join(root, f));
  const files = [...parsed.fileNames, ...extra].map((f) => path.resolve(f));
  const edges = new Map<string, Set<string>>();
  const packages = new Map<string, string>();
  const host = ts.createCompilerHost(parsed.options);
  for (const file of files) {
    const rel = path.relative(root, file);
    const targets = new Set<string>();
    for (const spec of specifiers(file, fs.readFileSync(file, 'utf8'))) {
      const pkg = packageOf(spec);
      if (pkg) {
        if (!packages.has(pkg)) packages.set(pkg, rel);
        continue;
      }
      if (!spec.startsWith('.')) continue;
      const resolved = ts.resolveModuleName(spec, file, parsed.options, host).resolvedModule?.resolvedFileName;
      if (resolved && !resolved.includes(`${path.sep}node_modules${path.sep}`)) targets.add(path.relative(root, resolved));
    }
    edges.set(rel, targets);
  }
  return { edges, packages };
}

/** Strongly connected components of more than one file (or a file importing itself): each holds a cycle. Tarjan's algorithm. */
export function cycles(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || edges.get(v)?.has(v)) found.push(component.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) connect(v);
  return found.sort((a, b) => a[0].localeCompare(b[0]));
}

/** One concrete cycle through a component, for the message: a -> b -> a. */
export function cyclePath(component: string[], edges: Map<string, Set<string>>): string[] {
  const members = new Set(component);
  const start = component[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of edges.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = previous.get(u)!) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return component;
}

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}

/**
 * Declared dependencies nothing uses: not imported (nor required or resolved) by any file, not a
 * command the package.json scripts or the CI and helper shell scripts run, not @types for a
 * package used or a tsconfig `types` entry, and not named in the jest or eslint configuration.
 */
export function unusedDependencies(root: string, manifest: Manifest, used: Set<string>): string[] {
  const declared = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})];
  const shell = [...Object.values(manifest.scripts ?? {}), ...shellScripts(root).map((f) => fs.readFileSync(f, 'utf8'))].join('\n');
  const commands = new Set(shell.split(/[^A-Za-z0-9@/._-]+/));
  const tsconfig = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile).config as { compilerOptions?: { types?: string[] } };
  const typeRoots = new Set(tsconfig.compilerOptions?.types ?? []);
  const configText = fs.readdirSync(root).filter((f) => /\.(c|m)?js$/.test(f)).map((f) => fs.readFileSync(path.join(root, f), 'utf8')).join('\n');
  const isUsed = (dep: string): boolean => {
    if (used.has(dep) || configText.includes(`'${dep}'`) || configText.includes(`"${dep}"`)) return true;
    if (dep.startsWith('@types/')) {
      const typed = dep.slice('@types/'.length);
      const pkg = typed.includes('__') ? `@${typed.replace('__', '/')}` : typed;
      return used.has(pkg) || typeRoots.has(typed);
    }
    return binsOf(root, dep).some((bin) => commands.has(bin));
  };
  return declared.filter((dep) => !isUsed(dep)).sort();
}

/** The executables a package installs (package.json `bin`). */
function binsOf(root: string, pkg: string): string[] {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
    if (typeof manifest.bin === 'string') return [pkg.split('/').pop()!];
    return Object.keys(manifest.bin ?? {});
  } catch {
    return [];
  }
}

function shellScripts(root: string): string[] {
  const candidates = [path.join(root, '.ci', 'run')];
  for (const dir of ['scripts', path.join('test', 'e2e', 'scripts')]) {
    const full = path.join(root, dir);
    if (fs.existsSync(full)) candidates.push(...fs.readdirSync(full).filter((f) => f.endsWith('.sh')).map((f) => path.join(full, f)));
  }
  return candidates.filter((f) => fs.existsSync(f));
}

/** Every problem the checks find under `root`, as lines to print; warnings do not fail. */
export function checkImports(root: string): { errors: string[]; warnings: string[] } {
  const graph = importGraph(root);
  const errors: string[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const component of cycles(graph.edges)) {
    const key = component.join(' ');
    seen.add(key);
    if (ALLOWED_CYCLES[key]) continue;
    errors.push(`import cycle: ${cyclePath(component, graph.edges).join(' -> ')}${component.length > 2 ? ` (${component.length} files: ${key})` : ''}`);
  }
  for (const key of Object.keys(ALLOWED_CYCLES)) if (!seen.has(key)) warnings.push(`allowed cycle no longer exists, drop it from ALLOWED_CYCLES: ${key}`);
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
  const unused = unusedDependencies(root, manifest, new Set(graph.packages.keys()));
  for (const dep of unused) if (!ALLOWED_UNUSED[dep]) errors.push(`unused dependency: ${dep} is declared in package.json but nothing imports or runs it`);
  for (const dep of Object.keys(ALLOWED_UNUSED)) if (!unused.includes(dep)) warnings.push(`${dep} is used now: drop it from ALLOWED_UNUSED`);
  const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);
  for (const [pkg, file] of graph.packages) {
    if (!declared.has(pkg) && !isBuiltin(pkg)) errors.push(`undeclared dependency: ${file} imports ${pkg}, which package.json does not list`);
  }
  return { errors, warnings };
}

function isBuiltin(pkg: string): boolean {
  // aws-lambda is the types-only name of @types/aws-lambda; the Lambda runtime provides nothing by that name.
  return pkg === 'aws-lambda' || builtinModules.includes(pkg);
}

if (require.main === module) {
  const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..'));
  const { errors, warnings } = checkImports(root);
  for (const w of warnings) console.warn(`warning: ${w}`);
  for (const e of errors) console.error(e);
  if (errors.length > 0) process.exit(1);
  console.log('imports: no cycles, no unused dependencies');
}
