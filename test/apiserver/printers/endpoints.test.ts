import { EndpointSlice, Endpoints } from '../../../shared/api/types';
import { endpointSlicePrinter, endpointsPrinter } from '../../../shared/apiserver/printers/endpoints';
import { MINUTE, ago, columnShape, row } from './fixtures';

const addresses = (...ips: string[]) => ips.map((ip) => ({ ip }));

describe('endpointsPrinter', () => {
  it('declares Name, Endpoints and Age', () => {
    expect(columnShape(endpointsPrinter)).toEqual([
      ['Name', 'string', 0],
      ['Endpoints', 'string', 0],
      ['Age', 'string', 0],
    ]);
  });

  it.each<[string, unknown[] | undefined, string]>([
    ['prints <none> without subsets', undefined, '<none>'],
    ['prints ip:port pairs', [{ addresses: addresses('10.0.0.1', '10.0.0.2'), ports: [{ port: 8080 }] }], '10.0.0.1:8080,10.0.0.2:8080'],
    ['prints bare IPs for a subset without ports', [{ addresses: addresses('10.0.0.1') }], '10.0.0.1'],
    ['puts IPv6 addresses in brackets', [{ addresses: addresses('fd00::1'), ports: [{ port: 80 }] }], '[fd00::1]:80'],
    [
      'lists three endpoints and counts the rest over ports and subsets',
      [
        { addresses: addresses('10.0.0.1', '10.0.0.2'), ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] },
        { addresses: addresses('10.0.1.1'), ports: [{ port: 9090 }] },
      ],
      '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 2 more...',
    ],
    [
      'prints exactly three endpoints without a suffix',
      [{ addresses: addresses('10.0.0.1', '10.0.0.2', '10.0.0.3'), ports: [{ port: 80 }] }],
      '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80',
    ],
    ['prints an empty cell for subsets with only not-ready addresses', [{ notReadyAddresses: addresses('10.0.0.1'), ports: [{ port: 80 }] }], ''],
  ])('%s', (_, subsets, expected) => {
    const endpoints = Endpoints.parse({ metadata: { name: 'web', creationTimestamp: ago(MINUTE) }, subsets });

    expect(row(endpointsPrinter, endpoints)).toEqual({ Name: 'web', Endpoints: expected, Age: '60s' });
  });
});

describe('endpointSlicePrinter', () => {
  it('declares Name, AddressType, Ports, Endpoints and Age', () => {
    expect(columnShape(endpointSlicePrinter).map(([name]) => name)).toEqual(['Name', 'AddressType', 'Ports', 'Endpoints', 'Age']);
  });

  it.each<[string, unknown[] | undefined, unknown[], string, string]>([
    ['prints <unset> for no ports and no endpoints', undefined, [], '<unset>', '<unset>'],
    ['prints port numbers, names of port-less entries, and * for all ports', [{ port: 80 }, { name: 'dyn' }, {}], [], '80,dyn,*', '<unset>'],
    [
      'lists three addresses over all endpoints and counts the rest',
      [{ port: 80 }, { port: 81 }, { port: 82 }, { port: 83 }],
      [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2', '10.0.0.3'] }, { addresses: ['10.0.0.4'] }, { addresses: ['10.0.0.5'] }],
      '80,81,82 + 1 more...',
      '10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...',
    ],
  ])('%s', (_, ports, endpoints, portsCell, endpointsCell) => {
    const slice = EndpointSlice.parse({ metadata: { name: 'web-abcde', creationTimestamp: ago(MINUTE) }, addressType: 'IPv4', ports, endpoints });

    expect(row(endpointSlicePrinter, slice)).toEqual({ Name: 'web-abcde', AddressType: 'IPv4', Ports: portsCell, Endpoints: endpointsCell, Age: '60s' });
  });
});
