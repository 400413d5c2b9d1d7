import { ApiError } from '../../../shared/api/errors';
import { parsePodLogOptions, sinceOf } from '../../../shared/apiserver/subresources/log-options';

const parse = (q: string) => parsePodLogOptions(new URLSearchParams(q), 'web');

function failure(q: string): { code: number; message: string } {
  try {
    parse(q);
  } catch (err) {
    if (err instanceof ApiError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error(`no error for ${q}`);
}

describe('parsePodLogOptions', () => {
  it('reads every option kubectl logs sends', () => {
    expect(parse('container=app&follow=true&previous=true&timestamps=true&tailLines=10&limitBytes=500&sinceSeconds=60')).toEqual({
      container: 'app',
      follow: true,
      previous: true,
      timestamps: true,
      tailLines: 10,
      limitBytes: 500,
      sinceSeconds: 60,
      sinceTime: undefined,
    });
  });

  it('defaults to the whole log of the current run, without timestamps', () => {
    expect(parse('')).toEqual({ follow: false, previous: false, timestamps: false });
  });

  it.each([
    ['follow=1', true],
    ['follow=True', true],
    ['follow=t', true],
    ['follow=', true],
    ['follow=0', false],
    ['follow=FALSE', false],
  ])('reads %s as the parameter codec does', (q, follow) => {
    expect(parse(q).follow).toBe(follow);
  });

  it('reads sinceTime as RFC 3339', () => {
    expect(parse('sinceTime=2026-12-01T10:00:00Z').sinceTime).toBe(Date.parse('2026-12-01T10:00:00Z'));
  });

  it.each([
    ['tailLines=-1', 422, 'PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0'],
    ['limitBytes=0', 422, 'PodLogOptions "web" is invalid: limitBytes: Invalid value: 0: must be greater than 0'],
    ['sinceSeconds=0', 422, 'PodLogOptions "web" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0'],
    ['sinceSeconds=5&sinceTime=2026-12-01T10:00:00Z', 422, 'PodLogOptions "web" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified'],
    ['tailLines=ten', 400, 'strconv.ParseInt: parsing "ten": invalid syntax'],
    ['sinceTime=yesterday', 400, 'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"'],
  ])('refuses %s with upstream\'s status', (q, code, message) => {
    expect(failure(q)).toEqual({ code, message });
  });

  it('turns sinceSeconds into a time before the request', () => {
    expect(sinceOf(parse('sinceSeconds=60'), 1_000_000)).toBe(940_000);
    expect(sinceOf(parse(''), 1_000_000)).toBeUndefined();
  });
});
