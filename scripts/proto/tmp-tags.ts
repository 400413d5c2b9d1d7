import fs from 'node:fs';
import zlib from 'node:zlib';
import { readFileDescriptor, type RawMessage } from './file-descriptor';
const bin = fs.readFileSync('.skiff/bin/kubectl');
const s = bin.toString('latin1');
const re = /json:"([^"]*)"((?: [a-zA-Z]+:"[^"]*")*)/g;
const pairs: { go: string; json: string; pb: string }[] = [];
let m;
while ((m = re.exec(s))) {
  const pb = /protobuf:"([^"]*)"/.exec(m[2]); if (!pb) continue;
  const p = m.index;
  let found = false;
  for (const k of [1, 2]) {
    if (k === 1 && bin[p-1] & 0x80) continue;
    if (k === 2 && !(bin[p-2] & 0x80)) continue;
    const end = p - k;
    for (let n = 1; n < 100; n++) {
      if (bin[end - n - 1] === n && /^[A-Za-z_][A-Za-z0-9_]*$/.test(s.slice(end - n, end))) {
        pairs.push({ go: s.slice(end - n, end), json: m[1], pb: pb[1] }); found = true; break;
      }
    }
    if (found) break;
  }
  if (!found) pairs.push({ go: '?', json: m[1], pb: pb[1] });
}
console.log(pairs.length, pairs.filter(p => p.go === '?').length);
const messages = new Map<string, RawMessage>();
const magic = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0]);
for (let pos = bin.indexOf(magic); pos >= 0; pos = bin.indexOf(magic, pos + 1)) {
  try { readFileDescriptor(zlib.gunzipSync(bin.subarray(pos, pos + 4_000_000)), messages); } catch {}
}
const d = JSON.parse(fs.readFileSync('shared/apiserver/protobuf/descriptors.json', 'utf8'));
let amb = 0, none = 0, ok = 0;
for (const name of Object.keys(d.messages)) {
  for (const f of messages.get(name)!.fields) {
    const matches = pairs.filter(p => p.go === f.goName && p.pb.split(',')[1] === String(f.number) && p.pb.split(',').includes('name=' + f.name));
    const jsons = new Set(matches.map(p => p.json));
    if (jsons.size === 0) { none++; console.log('NONE', name, f.name, f.goName); }
    else if (jsons.size > 1) { amb++; if (f.type !== 11 || [...jsons].some(j=>j.startsWith(','))) console.log('AMB', name, f.name, f.type, [...jsons]); }
    else ok++;
  }
}
console.log({ ok, amb, none });
