import { z } from 'zod';

/** What `Id` accepts: 26 Crockford base32 characters. */
export const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** Client-made ULID: 26 Crockford base32 characters, time-ordered. */
export const Id = z.string().regex(ID_PATTERN, 'must be a ULID (26 characters, Crockford base32)');
export type Id = z.infer<typeof Id>;

/** Milliseconds since the Unix epoch. Every time in Account Lens is one of these. */
export const EpochMs = z
  .number()
  .int('must be a whole number of milliseconds')
  .min(0, 'must not be before 1970')
  .max(8_640_000_000_000_000, 'is out of range');

export const Money = z.number().finite('must be a finite amount').min(0, 'must not be negative');

/** Short single-line text a rep types or a page provides. */
export const Line = (max = 200) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const Text = (max = 5_000) => z.string().max(max, `must be at most ${max} characters`);

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be an e-mail address'));

/**
 * A web domain as stored on an account: lowercase ASCII (IDN in punycode), no scheme, no path.
 * Normalising here means every index and every match compares like with like.
 */
export const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .transform((raw) => raw.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/[/?#:].*$/, ''))
  .transform((host) => {
    try {
      return new URL(`http://${host}`).hostname.replace(/\.$/, '');
    } catch {
      return '';
    }
  })
  .pipe(
    z
      .string()
      .max(253, 'must be at most 253 characters')
      .regex(
        /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/,
        'must be a domain name such as acme.com',
      ),
  );

/** ISO 4217 currency code. */
export const Currency = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter currency code such as USD or CNY');

/** A fraction in [0, 1]: shares, win rates, cutoffs. */
export const Fraction = z.number().min(0, 'must be at least 0').max(1, 'must be at most 1');

export const Percent = z
  .number()
  .min(-100, 'must be at least -100')
  .max(100, 'must be at most 100');

/** A list with a size limit named in its error. */
export const List = <T extends z.ZodType>(item: T, max: number) =>
  z.array(item).max(max, `must have at most ${max} entries`);

/**
 * A refused input as an error message may show it: a string quoted and cut at 60 characters,
 * a number, boolean or null as written, anything else by its kind. Never JSON.stringify of the
 * input itself: a value nested 100,000 levels deep overflows the stack, and a megabyte of text
 * does not belong in an error message.
 */
export function describeInput(input: unknown): string {
  if (typeof input === 'string')
    return JSON.stringify(input.length > 60 ? `${input.slice(0, 60)}…` : input);
  if (typeof input === 'number' || typeof input === 'boolean' || input === null)
    return String(input);
  if (input === undefined) return 'nothing';
  if (Array.isArray(input)) return 'a list';
  return typeof input === 'object' ? 'an object' : typeof input;
}
