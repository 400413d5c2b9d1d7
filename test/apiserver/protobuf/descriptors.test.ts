import descriptors from '../../../shared/apiserver/protobuf/descriptors.json';
import { extractDescriptors } from '../../../scripts/proto/extract-descriptors';

describe('descriptors.json', () => {
  it('matches what scripts/proto/extract-descriptors.ts generates from kubectl', () => {
    expect(extractDescriptors()).toEqual(descriptors);
  });
});
