import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_FLAGS, FLAGS, parseFlags, USAGE } from '../../local/flags';

describe('parseFlags', () => {
  it.each([
    [['--port', '0'], { port: 0 }],
    [['--port=7443', '--nodes', '5'], { port: 7443, nodes: 5 }],
    [['--in-memory'], { inMemory: true }],
    [['--node-monitor-grace-period', '1m30s'], { nodeMonitorGracePeriodSeconds: 90 }],
    [['--provider', 'ecs', '--subnets', 'subnet-a, subnet-b', '--security-groups', 'sg-1'], { provider: 'ecs', subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-1'] }],
    [['--aws-endpoint', 'http://127.0.0.1:4566', '--ecs-cluster', 'dev'], { awsEndpoint: 'http://127.0.0.1:4566', ecsCluster: 'dev' }],
  ])('parses %j', (argv, expected) => {
    expect(parseFlags(argv)).toEqual({ ...DEFAULT_FLAGS, ...expected });
  });

  it.each([
    [['--kubeconfig', '--nodes', '3'], /'--kubeconfig' argument is ambiguous/],
    [['--port', '99999'], /port between 0 and 65535/],
    [['--nodes=-1'], /non-negative integer/],
    [['--nodes', 'x'], /non-negative integer/],
    [['--provider', 'k8s'], /simulated or ecs/],
    [['--bogus'], /^unknown flag: --bogus\n/],
    [['positional'], /Unexpected argument 'positional'/],
    [['--watch-retention', '1 day'], /invalid duration/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseFlags(argv)).toThrow(message);
  });

  it('answers help for -h and --help', () => {
    expect(parseFlags(['-h'])).toBe('help');
    expect(parseFlags(['--help'])).toBe('help');
  });

  it('lists every flag of the table in the usage text', () => {
    for (const f of FLAGS) expect(USAGE).toContain(`--${f.name}`);
  });

  it("is the README's table of runner flags, row for row", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Local runner flags'));
    const rows = section.split('\n').filter((line) => line.startsWith('| `--'));
    const expected = FLAGS.map((f) => {
      const dflt = / \(default:? (.*)\)$/.exec(f.help);
      const meaning = dflt ? f.help.slice(0, dflt.index) : f.help;
      return `| \`--${f.name}${f.value ? ` ${f.value}` : ''}\` | ${meaning} | ${dflt ? dflt[1] : f.kind === 'bool' ? 'off' : '—'} |`;
    });
    expect(rows).toEqual(expected);
  });
});
