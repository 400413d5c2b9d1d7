import packed from '../../../shared/apiserver/protobuf/descriptors.json';
import { packDescriptors, unpackDescriptors } from '../../../shared/apiserver/protobuf/descriptor-pack';
import type { DescriptorSet } from '../../../shared/apiserver/protobuf/descriptor-types';
import { extractDescriptors } from '../../../scripts/proto/extract-descriptors';

describe('descriptors.json', () => {
  it('matches what scripts/proto/extract-descriptors.ts generates from kubectl, and unpacks to it', () => {
    const extracted = extractDescriptors();
    expect(packDescriptors(extracted)).toEqual(packed);
    // toStrictEqual: no key added or lost on the way (an absent flag must stay absent).
    expect(unpackDescriptors(packed)).toStrictEqual(extracted);
  });

  it('packs every kind of field and unpacks it unchanged', () => {
    const set: DescriptorSet = {
      generated: 'test',
      kinds: { 'v1/Pod': 'k8s.io.api.core.v1.Pod' },
      messages: {
        'k8s.io.api.core.v1.Pod': [
          { name: 'metadata', number: 1, type: 'message', typeName: 'k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
          { name: 'ready', number: 2, type: 'bool', omitempty: false },
          { name: 'finalizers', number: 3, type: 'string', repeated: true },
          { name: 'replicas', number: 4, type: 'int32', pointer: true },
          { name: 'volumeSource', number: 5, type: 'message', typeName: 'k8s.io.api.core.v1.VolumeSource', inline: true, pointer: true },
          { name: 'labels', number: 6, type: 'map', key: 'string', value: 'string' },
          { name: 'limits', number: 7, type: 'map', key: 'string', value: 'message', valueTypeName: 'k8s.io.apimachinery.pkg.api.resource.Quantity' },
          { name: 'data', number: 8, type: 'bytes' },
        ],
        'k8s.io.api.core.v1.VolumeSource': [],
        'k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta': [],
        'k8s.io.apimachinery.pkg.api.resource.Quantity': [],
      },
    };
    const p = packDescriptors(set);
    expect(p.packages).toEqual(['k8s.io.api.core.v1', 'k8s.io.apimachinery.pkg.api.resource', 'k8s.io.apimachinery.pkg.apis.meta.v1']);
    expect(p.messages['0.Pod']).toEqual([
      'metadata 1 2.ObjectMeta',
      'ready 2 bool z',
      'finalizers 3 string r',
      'replicas 4 int32 p',
      'volumeSource 5 0.VolumeSource pi',
      'labels 6 map<string,string>',
      'limits 7 map<string,1.Quantity>',
      'data 8 bytes',
    ]);
    expect(unpackDescriptors(p)).toStrictEqual(set);
  });
});
