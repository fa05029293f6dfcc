// Hostname and e-mail → account. Decisions worth knowing before changing anything here:
// - Registrable domains include private suffixes (acme.github.io ≠ rival.github.io).
// - Free-mail domains never match by domain and are never indexed; google.com is a company,
//   only its webmail host mail.google.com never matches (see free-mail.ts).
// - The most specific stored domain wins; ties go to the lowest (oldest) id.
export {
  AccountIndex,
  type AccountMatch,
  buildAccountIndex,
  type ContactMatch,
  type DomainKey,
  domainKey,
  type EmailMatch,
  type HostnameCandidates,
  hostnameCandidates,
  matchEmail,
  matchEmails,
  matchHostname,
} from './account-index.ts';
export { FREE_MAIL_DOMAINS, WEBMAIL_HOSTS } from './free-mail.ts';
export {
  isFreeMailDomain,
  type NormalisedEmail,
  normaliseEmail,
  normaliseHostname,
  registrableDomain,
} from './hostname.ts';
