/**
 * The capture contract: what the extractors return and what the preview (extension/capture/)
 * shows. Pure data, JSON-serialisable, so results can cross from a page's isolated world to the
 * extension through `scripting.executeScript` and `storage.session`.
 */

/** Where a captured value came from, in order of trust (most trusted first). */
export const CAPTURE_SOURCES = [
  'json-ld',
  'microdata',
  'h-card',
  'vcard-link',
  'mailto',
  'tel',
  'team-grid',
  'signature',
  'meta',
  'title',
  'domain',
  'text',
] as const;
export type CaptureSource = (typeof CAPTURE_SOURCES)[number];

/** One field's value with its provenance. `confidence` is 0..1. */
export interface FieldOrigin {
  readonly source: CaptureSource;
  readonly confidence: number;
  /** A short description of the element it was read from, e.g. `div.team-card:nth-of-type(3) h3`. */
  readonly element?: string;
}

export type ContactField = 'name' | 'title' | 'emails' | 'phones' | 'company' | 'profileUrl';

/**
 * Why a candidate's name needs the rep's eye (absent: the name passed the person-name check).
 * - `single`: one word ("Priya"), taken because other evidence (an e-mail that fits it, a
 *   sign-off) says it is a person; the family name is missing.
 * - `unsure`: the text where the name stands failed the check ("Priya S", an unusual spelling)
 *   and is offered as a guess to confirm.
 * - `missing`: no name at all (`name` is ''); the person is offered because an e-mail or phone
 *   is strong evidence of one, and the rep types the name.
 */
export const NAME_FLAGS = ['single', 'unsure', 'missing'] as const;
export type NameFlag = (typeof NAME_FLAGS)[number];

export interface ContactCandidate {
  /**
   * Whole name as written, without honorifics or degrees; Chinese names kept whole, family name
   * first ("王小明"); "Last, First" turned to "First Last". '' only with `nameFlag: 'missing'`.
   */
  readonly name: string;
  /**
   * Honorifics, degrees and post-nominals written with the name, as written and in reading
   * order ("Herr", "Prof.", "Dr."; "PhD"; "先生"; "様"; "님"). Shown to the rep, never part of
   * `name`, so "Dr. Anna Berg" and "Anna Berg, PhD" are one person. Absent when there were none.
   */
  readonly honorifics?: readonly string[];
  /** Set when the name needs the rep's eye (see NameFlag); absent for a checked name. */
  readonly nameFlag?: NameFlag;
  readonly title?: string;
  /** Lower-cased, validated addresses. */
  readonly emails: readonly string[];
  /** E.164 where libphonenumber-js can parse them, else as written. */
  readonly phones: readonly string[];
  readonly company?: string;
  /** Absolute URL (resolved against the page). */
  readonly profileUrl?: string;
  /** Absolute URL of a downloadable vCard (`.vcf`) for this person, when the page links one. */
  readonly vcardUrl?: string;
  /** The company's website as written in an e-mail signature (not a personal profile). */
  readonly website?: string;
  /** Postal address as written (signature, h-card `adr`), lines joined with ", ". */
  readonly address?: string;
  /** Fax number, kept out of `phones` so nobody dials it; normalised like `phones`. */
  readonly fax?: string;
  /** The label each phone was written with ("Mobile", "手机", "T"), keyed by the `phones` value. */
  readonly phoneLabels?: { readonly [phone: string]: string };
  /** Per-field provenance: `fields.name.value` equals `name`, and so on. */
  readonly fields: {
    readonly [F in ContactField]?: FieldOrigin & { readonly value: string | readonly string[] };
  };
}

/** A generic mailbox or switchboard (info@, sales@, 客服): the account's, not a person's. */
export interface ContactPoint {
  readonly email?: string;
  readonly phone?: string;
  /** "sales", "support", "客服"… as found. */
  readonly label?: string;
  readonly source: CaptureSource;
}

export interface OrganizationCandidate {
  readonly name?: string;
  /** Registrable domains (eTLD+1), the page's own first. */
  readonly domains: readonly string[];
  readonly phone?: string;
  readonly address?: string;
  readonly contactPoints: readonly ContactPoint[];
  readonly fields: {
    readonly [F in 'name' | 'phone' | 'address']?: FieldOrigin & { readonly value: string };
  };
}

/** How a candidate relates to what the local store already holds (see dedupe.ts). */
export type CandidateStatus =
  | { readonly kind: 'new' }
  | {
      readonly kind: 'update';
      readonly contactId: string;
      /** Fields whose captured value would add to or change the stored contact. */
      readonly changed: readonly ContactField[];
    }
  | { readonly kind: 'saved'; readonly contactId: string };
