import { parseJsonSecret } from '../../../lambda/shared/json-secret';
import { redact } from '../../../lambda/shared/redact';

/** The one JSON-secret reader of the Lambdas: a JSON object, or an error that never quotes the value. */
describe('parseJsonSecret', () => {
  test('returns the object', () => {
    expect(parseJsonSecret('{"username":"u","password":"p"}', 'AWSCURRENT')).toEqual({
      username: 'u',
      password: 'p',
    });
  });

  test.each([
    ['{"password":"s3cr3t"', /^AWSPENDING is not valid JSON$/],
    ['["s3cr3t"]', /^AWSPENDING must be a JSON object$/],
    ['null', /^AWSPENDING must be a JSON object$/],
    ['"s3cr3t"', /^AWSPENDING must be a JSON object$/],
  ])('%s is refused without its value in the message', (raw, message) => {
    expect(() => parseJsonSecret(raw, 'AWSPENDING')).toThrow(message);
  });

  test("raises the caller's error class", () => {
    class OwnError extends Error {}
    expect(() => parseJsonSecret('nope', 'master secret', (m) => new OwnError(m))).toThrow(OwnError);
  });
});

describe('redact', () => {
  test('replaces every occurrence of every non-empty secret', () => {
    expect(redact('a s3cr3t b s3cr3t c t0ken', ['s3cr3t', '', 't0ken'])).toBe('a *** b *** c ***');
  });
});
