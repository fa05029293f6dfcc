import { z } from 'zod';
import {
  CAPTURE_SOURCES,
  type ContactCandidate,
  NAME_FLAGS,
  type OrganizationCandidate,
} from '../../shared/capture/types.ts';

/**
 * What crosses from a page to the extension during capture, as zod schemas: the injected
 * script runs beside the page's own code, so its answer (and anything read back from
 * `storage.session`) is parsed, never cast. Limits keep a hostile page from filling the
 * session store: a team page with more people than MAX_CANDIDATES is cut, not refused.
 */
export const MAX_CANDIDATES = 1_000;
const MAX_LIST = 50;

const Str = (max: number) => z.string().max(max);
const Source = z.enum(CAPTURE_SOURCES);
const origin = {
  source: Source,
  confidence: z.number().min(0).max(1),
  element: Str(300).exactOptional(),
};

const ContactFieldName = z.enum(['name', 'title', 'emails', 'phones', 'company', 'profileUrl']);

export const ContactCandidateSchema = z.object({
  name: Str(300),
  honorifics: z.array(Str(100)).max(10).exactOptional(),
  nameFlag: z.enum(NAME_FLAGS).exactOptional(),
  title: Str(300).exactOptional(),
  emails: z.array(Str(320)).max(MAX_LIST),
  phones: z.array(Str(100)).max(MAX_LIST),
  company: Str(300).exactOptional(),
  profileUrl: Str(2_000).exactOptional(),
  vcardUrl: Str(2_000).exactOptional(),
  website: Str(2_000).exactOptional(),
  address: Str(1_000).exactOptional(),
  fax: Str(100).exactOptional(),
  phoneLabels: z.record(Str(100), Str(100)).exactOptional(),
  fields: z.partialRecord(
    ContactFieldName,
    z.object({ ...origin, value: z.union([Str(2_000), z.array(Str(320)).max(MAX_LIST)]) }),
  ),
});

const ContactPointSchema = z.object({
  email: Str(320).exactOptional(),
  phone: Str(100).exactOptional(),
  label: Str(100).exactOptional(),
  source: Source,
});

export const OrganizationCandidateSchema = z.object({
  name: Str(300).exactOptional(),
  domains: z.array(Str(253)).max(MAX_LIST),
  phone: Str(100).exactOptional(),
  address: Str(1_000).exactOptional(),
  contactPoints: z.array(ContactPointSchema).max(MAX_LIST),
  fields: z.partialRecord(
    z.enum(['name', 'phone', 'address']),
    z.object({ ...origin, value: Str(1_000) }),
  ),
});

/** The injected script's answer: what it read, or why it could not. */
export const PageCaptureSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    url: Str(8_000),
    title: Str(1_000),
    contacts: z.array(ContactCandidateSchema).transform((list) => list.slice(0, MAX_CANDIDATES)),
    organization: OrganizationCandidateSchema,
  }),
  z.object({ ok: z.literal(false), message: Str(2_000) }),
]);
export type PageCapture = z.infer<typeof PageCaptureSchema>;

/** Why a capture has nothing to show; the preview explains each in the rep's language. */
export const CaptureProblem = z.enum(['restricted', 'failed']);
export type CaptureProblem = z.infer<typeof CaptureProblem>;

/** One capture, kept in `storage.session` under `capture:<id>` until the browser closes. */
export const CaptureSessionSchema = z.object({
  id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/),
  kind: z.enum(['page', 'selection']),
  createdAt: z.number().int().min(0),
  /** The page the contacts were read on (for a selection: the page it was made on). */
  url: Str(8_000),
  title: Str(1_000).exactOptional(),
  /** The tab and window it came from: the side panel opens there after saving. */
  tabId: z.number().int().exactOptional(),
  windowId: z.number().int().exactOptional(),
  contacts: z.array(ContactCandidateSchema).max(MAX_CANDIDATES),
  organization: OrganizationCandidateSchema,
  problem: z.object({ kind: CaptureProblem, detail: Str(2_000) }).exactOptional(),
});
/** A stored capture, typed with the shared contract's (read-only) shapes. */
export type CaptureSession = Omit<
  z.infer<typeof CaptureSessionSchema>,
  'contacts' | 'organization'
> & {
  readonly contacts: readonly ContactCandidate[];
  readonly organization: OrganizationCandidate;
};

// The schemas must produce exactly the shared contract's shapes: a drift fails the type check.
type Assignable<T, U extends T> = U;
export type CandidateMatchesContract = Assignable<
  ContactCandidate,
  z.infer<typeof ContactCandidateSchema>
>;
export type OrganizationMatchesContract = Assignable<
  OrganizationCandidate,
  z.infer<typeof OrganizationCandidateSchema>
>;
