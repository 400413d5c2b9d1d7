/**
 * The shape of descriptors.json: a trimmed view of the go-to-protobuf FileDescriptorProtos, just
 * enough to turn a Kubernetes protobuf body into the JSON object a JSON client would have sent.
 */

export type ScalarType =
  | 'double'
  | 'float'
  | 'int64'
  | 'uint64'
  | 'int32'
  | 'fixed64'
  | 'fixed32'
  | 'bool'
  | 'string'
  | 'bytes'
  | 'uint32'
  | 'enum'
  | 'sfixed32'
  | 'sfixed64'
  | 'sint32'
  | 'sint64';

export type ValueType = ScalarType | 'message';

export interface FieldDescriptor {
  /** The proto field name, which go-to-protobuf makes equal to the JSON name. */
  name: string;
  number: number;
  type: ValueType | 'map';
  /** Full message name (no leading dot) when type is 'message'. */
  typeName?: string;
  repeated?: true;
  /**
   * The Go field is a pointer (gogoproto nullable): being on the wire means it is set, even to a zero
   * value. Other fields are Go values, which gogo always writes and JSON's omitempty drops when zero.
   */
  pointer?: true;
  /** The Go field is embedded with `json:",inline"`: its message's fields belong to the parent object. */
  inline?: true;
  /** The Go field's JSON tag lacks omitempty, so JSON clients send its zero value too. */
  omitempty?: false;
  /** For map fields: key type and value type (protobuf maps are repeated key=1/value=2 entries). */
  key?: ScalarType;
  value?: ValueType;
  valueTypeName?: string;
}

export interface DescriptorSet {
  /** Provenance note: which script generated the file, and from what. */
  generated: string;
  /** `apiVersion/kind` (e.g. `apps/v1/Deployment`) to the full proto message name. */
  kinds: Record<string, string>;
  messages: Record<string, FieldDescriptor[]>;
}

/**
 * How descriptors.json stores a DescriptorSet, about a third of its size (the Lambda bundle carries
 * it): proto packages listed once and named by index (`3.Pod` is `packages[3] + '.Pod'`), and each
 * field one string `name number type [flags]`, where type is a scalar, a message reference or
 * `map<key,value>`, and flags are letters: r repeated, p pointer, i inline, z omitempty false.
 * descriptor-pack.ts converts both ways.
 */
export interface PackedDescriptorSet {
  generated: string;
  packages: string[];
  kinds: Record<string, string>;
  messages: Record<string, string[]>;
}
