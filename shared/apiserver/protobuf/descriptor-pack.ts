import type { DescriptorSet, FieldDescriptor, PackedDescriptorSet, ScalarType, ValueType } from './descriptor-types';

/** descriptors.json's packed form (see PackedDescriptorSet) to the DescriptorSet the decoder reads, and back. */

const FLAGS = [
  ['r', 'repeated'],
  ['p', 'pointer'],
  ['i', 'inline'],
] as const;

const MAP = /^map<([^,]+),(.+)>$/;

function splitName(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}

/** Packs a DescriptorSet; packages are sorted, so the output is stable. */
export function packDescriptors(set: DescriptorSet): PackedDescriptorSet {
  const names = [...Object.keys(set.messages), ...Object.values(set.kinds)];
  const packages = [...new Set(names.map((n) => splitName(n)[0]))].sort();
  const index = new Map(packages.map((p, i) => [p, i]));
  const ref = (name: string) => {
    const [pkg, short] = splitName(name);
    const i = index.get(pkg);
    if (i === undefined) throw new Error(`message ${name} names a package no message is in`);
    return `${i}.${short}`;
  };
  const field = (f: FieldDescriptor): string => {
    let type: string = f.type;
    if (f.type === 'message') type = ref(f.typeName ?? '');
    else if (f.type === 'map') type = `map<${f.key},${f.valueTypeName ? ref(f.valueTypeName) : f.value}>`;
    const flags = FLAGS.filter(([, key]) => f[key]).map(([letter]) => letter).join('') + (f.omitempty === false ? 'z' : '');
    return [f.name, f.number, type, ...(flags ? [flags] : [])].join(' ');
  };
  return {
    generated: set.generated,
    packages,
    kinds: Object.fromEntries(Object.entries(set.kinds).map(([k, v]) => [k, ref(v)])),
    messages: Object.fromEntries(Object.entries(set.messages).map(([name, fields]) => [ref(name), fields.map(field)])),
  };
}

/** Unpacks descriptors.json into the DescriptorSet it was packed from. */
export function unpackDescriptors(packed: PackedDescriptorSet): DescriptorSet {
  const full = (ref: string) => {
    const dot = ref.indexOf('.');
    const pkg = packed.packages[Number(ref.slice(0, dot))];
    if (pkg === undefined) throw new Error(`descriptor reference ${ref} names no package`);
    return `${pkg}.${ref.slice(dot + 1)}`;
  };
  const field = (text: string): FieldDescriptor => {
    const [name = '', number = '', type = '', flags = ''] = text.split(' ');
    const f: FieldDescriptor = { name, number: Number(number), type: type as ValueType };
    const map = MAP.exec(type);
    if (map) {
      f.type = 'map';
      f.key = map[1] as ScalarType;
      if (map[2]?.includes('.')) {
        f.value = 'message';
        f.valueTypeName = full(map[2]);
      } else f.value = map[2] as ScalarType;
    } else if (type.includes('.')) {
      f.type = 'message';
      f.typeName = full(type);
    }
    for (const [letter, key] of FLAGS) if (flags.includes(letter)) f[key] = true;
    if (flags.includes('z')) f.omitempty = false;
    return f;
  };
  return {
    generated: packed.generated,
    kinds: Object.fromEntries(Object.entries(packed.kinds).map(([k, v]) => [k, full(v)])),
    messages: Object.fromEntries(Object.entries(packed.messages).map(([ref, fields]) => [full(ref), fields.map(field)])),
  };
}
