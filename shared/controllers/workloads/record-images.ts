import type { DynamoDBRecord } from 'aws-lambda';
import type { KubeObject } from '../../registry/resource';
import { decodeBody } from '../../storage/codec';

type Image = NonNullable<DynamoDBRecord['dynamodb']>['NewImage'];

/**
 * The objects a stream record carries. The table streams NEW_AND_OLD_IMAGES and every object item
 * holds its compressed body (`b`), so a route can read an object's owners and labels without a
 * store read, as upstream's informer handlers do. `known` is false when the record carries no
 * bodies (another stream view, a filtered image): the caller must then fall back to re-reading.
 */
export interface RecordImages {
  known: boolean;
  old?: KubeObject;
  new?: KubeObject;
}

export function imagesOf(record: DynamoDBRecord): RecordImages {
  const event = record.eventName;
  const old = decode(record.dynamodb?.OldImage);
  const next = decode(record.dynamodb?.NewImage);
  const known =
    (event === 'INSERT' && next !== undefined) ||
    (event === 'MODIFY' && next !== undefined && old !== undefined) ||
    (event === 'REMOVE' && old !== undefined);
  return { known, old, new: next };
}

function decode(image: Image): KubeObject | undefined {
  const b = image?.b?.B as unknown;
  if (b === undefined || b === null) return undefined;
  try {
    const bytes = typeof b === 'string' ? Buffer.from(b, 'base64') : (b as Uint8Array);
    return decodeBody<KubeObject>(bytes);
  } catch {
    return undefined;
  }
}
