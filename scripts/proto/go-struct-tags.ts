/**
 * Recovers the Go struct tags of kubectl's API types from its binary, so the descriptors can say
 * which fields JSON inlines (`json:",inline"`, e.g. Volume's VolumeSource) and which lack omitempty
 * (e.g. ContainerStatus.ready); FileDescriptorProtos carry neither.
 *
 * Go's reflection data (internal/abi, amd64, non-PIE) holds, per struct type, an array of
 * StructField {name *byte, typ *Type, offset uintptr}; `name` points at name data
 * {flags byte, varint len, name, varint len, tag}. Name data is shared between structs, so the
 * arrays are what tie a tag to its struct.
 */

export interface GoField {
  goName: string;
  jsonName: string;
  omitempty: boolean;
  inline: boolean;
  protoNumber: number;
  /** Empty when the tag names no field. */
  protoName: string;
}

interface Section {
  addr: bigint;
  offset: number;
  size: number;
}

const NAME_HAS_TAG = 0x2;

function rodata(binary: Buffer): Section {
  if (binary.readUInt32BE(0) !== 0x7f454c46 || binary[4] !== 2) throw new Error('kubectl is not a 64-bit ELF binary');
  const shoff = Number(binary.readBigUInt64LE(0x28));
  const shentsize = binary.readUInt16LE(0x3a);
  const shnum = binary.readUInt16LE(0x3c);
  const strtab = shoff + binary.readUInt16LE(0x3e) * shentsize;
  const strOffset = Number(binary.readBigUInt64LE(strtab + 0x18));
  for (let i = 0; i < shnum; i++) {
    const sh = shoff + i * shentsize;
    const nameAt = strOffset + binary.readUInt32LE(sh);
    const name = binary.toString('latin1', nameAt, binary.indexOf(0, nameAt));
    if (name === '.rodata') {
      return { addr: binary.readBigUInt64LE(sh + 0x10), offset: Number(binary.readBigUInt64LE(sh + 0x18)), size: Number(binary.readBigUInt64LE(sh + 0x20)) };
    }
  }
  throw new Error('kubectl has no .rodata section');
}

function parseTag(goName: string, tag: string): GoField | undefined {
  const json = /(?:^| )json:"([^"]*)"/.exec(tag)?.[1];
  const proto = /(?:^| )protobuf:"([^"]*)"/.exec(tag)?.[1];
  if (json === undefined || proto === undefined) return undefined;
  const [jsonName, ...options] = json.split(',');
  const parts = proto.split(',');
  // A few tags omit the name (EphemeralContainer's `protobuf:"bytes,1,req"`).
  const protoName = parts.find((p) => p.startsWith('name='))?.slice('name='.length) ?? '';
  return {
    goName,
    jsonName,
    omitempty: options.includes('omitempty'),
    inline: options.includes('inline'),
    protoNumber: Number(parts[1]),
    protoName,
  };
}

/** Name data entries with a json+protobuf tag, by virtual address. */
function tagNames(binary: Buffer, section: Section): Map<bigint, GoField> {
  const names = new Map<bigint, GoField>();
  const end = section.offset + section.size;
  for (let at = binary.indexOf('json:"', section.offset); at >= 0 && at < end; at = binary.indexOf('json:"', at + 1)) {
    // Walk back over the tag's length varint to the name (ASCII, so never a continuation byte).
    const twoBytes = (binary[at - 2] & 0x80) !== 0;
    const tagLength = twoBytes ? (binary[at - 2] & 0x7f) | (binary[at - 1] << 7) : binary[at - 1];
    const nameEnd = at - (twoBytes ? 2 : 1);
    const tag = binary.toString('latin1', at, at + tagLength);
    // Several suffixes may look like a length-prefixed name; only the real one is ever referenced.
    for (const name of candidateNames(binary, nameEnd)) {
      const flagsAt = nameEnd - name.length - 2;
      const field = (binary[flagsAt] & NAME_HAS_TAG) !== 0 ? parseTag(name, tag) : undefined;
      if (field) names.set(section.addr + BigInt(flagsAt - section.offset), field);
    }
  }
  return names;
}

function candidateNames(binary: Buffer, nameEnd: number): string[] {
  const names: string[] = [];
  for (let length = 1; length < 128; length++) {
    if (binary[nameEnd - length - 1] !== length) continue;
    const name = binary.toString('latin1', nameEnd - length, nameEnd);
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) names.push(name);
  }
  return names;
}

export interface GoStruct {
  /** Go import path, e.g. k8s.io/api/core/v1. */
  pkgPath: string;
  /** Type name without package, e.g. ContainerStatus. */
  name: string;
  fields: GoField[];
}

const STRUCT_FIELD_SIZE = 24;
/** internal/abi.StructType: Type (48 bytes), PkgPath (8), Fields slice (24); UncommonType follows. */
const FIELDS_OFFSET = 56;
const UNCOMMON_OFFSET = 80;
const KIND_STRUCT = 25;
const TFLAG_UNCOMMON = 0x1;
const TFLAG_EXTRA_STAR = 0x2;

interface Run {
  start: number;
  end: number;
  fields: GoField[];
}

/** Runs of consecutive StructFields whose names carry protobuf tags, by file offset. */
function fieldRuns(binary: Buffer, section: Section, names: Map<bigint, GoField>): Run[] {
  const runs: Run[] = [];
  let run: Run | undefined;
  let lastOffset = -1n;
  for (let at = section.offset; at <= section.offset + section.size - STRUCT_FIELD_SIZE; at += 8) {
    const field = names.get(binary.readBigUInt64LE(at));
    if (!field) continue;
    const offset = binary.readBigUInt64LE(at + 16);
    if (!run || at !== run.end || offset <= lastOffset) {
      run = { start: at, end: at, fields: [] };
      runs.push(run);
    }
    run.fields.push(field);
    run.end = at + STRUCT_FIELD_SIZE;
    lastOffset = offset;
  }
  return runs;
}

/** Name data at a NameOff (relative to the type data, which opens .rodata). */
function nameAt(binary: Buffer, section: Section, nameOff: number): string {
  const at = section.offset + nameOff;
  return binary.toString('latin1', at + 2, at + 2 + binary[at + 1]);
}

/**
 * Every struct type with protobuf-tagged fields: found by its StructType, whose Fields slice points
 * at (or a few untagged fields before) a run of tagged StructFields.
 */
export function readGoStructs(binary: Buffer): GoStruct[] {
  const section = rodata(binary);
  const runs = new Map<bigint, Run>();
  for (const run of fieldRuns(binary, section, tagNames(binary, section))) {
    // Untagged leading fields (TypeMeta, ListMeta's neighbours) put the array start before the run.
    for (let before = 0; before <= 2; before++) {
      runs.set(section.addr + BigInt(run.start - before * STRUCT_FIELD_SIZE - section.offset), run);
    }
  }
  const structs: GoStruct[] = [];
  for (let at = section.offset + FIELDS_OFFSET; at <= section.offset + section.size - UNCOMMON_OFFSET; at += 8) {
    const fieldsAddr = binary.readBigUInt64LE(at);
    const run = runs.get(fieldsAddr);
    if (!run) continue;
    const length = binary.readBigUInt64LE(at + 8);
    const arrayEnd = fieldsAddr + length * BigInt(STRUCT_FIELD_SIZE);
    const runEnd = section.addr + BigInt(run.end - section.offset);
    const type = at - FIELDS_OFFSET;
    const tflag = binary[type + 20];
    if (length !== binary.readBigUInt64LE(at + 16) || arrayEnd < runEnd || (binary[type + 23] & 0x1f) !== KIND_STRUCT) continue;
    if ((tflag & TFLAG_UNCOMMON) === 0) continue;
    const typeName = nameAt(binary, section, binary.readInt32LE(type + 40)).slice(tflag & TFLAG_EXTRA_STAR ? 1 : 0);
    structs.push({
      pkgPath: nameAt(binary, section, binary.readInt32LE(type + UNCOMMON_OFFSET)),
      name: typeName.slice(typeName.lastIndexOf('.') + 1),
      fields: run.fields,
    });
  }
  return structs;
}
