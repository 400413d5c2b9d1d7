import fs from 'node:fs';
import { readGoStructs } from './go-struct-tags';
const t = Date.now();
const structs = readGoStructs(fs.readFileSync('.skiff/bin/kubectl'));
console.log(structs.length, Date.now() - t, 'ms');
console.log(structs.slice(0, 10).map(s => `${s.pkgPath} ${s.name} ${s.fields.length}`));
const keys = structs.map(s => s.pkgPath + '.' + s.name);
console.log('dups', keys.length - new Set(keys).size);
for (const s of structs.filter(s => ['ContainerStatus', 'PodOS', 'LocalObjectReference', 'Volume', 'Pod'].includes(s.name))) console.log(s.pkgPath, s.name, s.fields.map(f => f.goName + ':' + f.jsonName + (f.omitempty ? '' : '!') + (f.inline ? '(inline)' : '')).join(' '));
