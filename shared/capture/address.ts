/** One postal address line from its parts, in the order the country writes it. */
export interface AddressParts {
  readonly street?: string | undefined;
  readonly extended?: string | undefined;
  readonly locality?: string | undefined;
  readonly region?: string | undefined;
  readonly postalCode?: string | undefined;
  readonly country?: string | undefined;
}

const REGION_FIRST = /^(?:us|usa|united states(?: of america)?|ca|canada|au|australia)$/i;
const LOCALITY_FIRST = /^(?:gb|uk|united kingdom|great britain|england|scotland|wales)$/i;

/**
 * "500 Harbor Blvd, San Francisco, CA 94107" where the postcode follows the state (US, Canada,
 * Australia, or a two-letter state), "14 Canal Wharf, London E14 5AB" in the UK,
 * "Musterstraße 1, 80331 München" elsewhere.
 */
export function joinAddress(p: AddressParts): string | undefined {
  const t = (s: string | undefined) => s?.replace(/\s+/g, ' ').trim() || undefined;
  const [street, extended, locality, region, postal, country] = [
    t(p.street),
    t(p.extended),
    t(p.locality),
    t(p.region),
    t(p.postalCode),
    t(p.country),
  ];
  const regionFirst =
    (country !== undefined && REGION_FIRST.test(country)) || /^[A-Z]{2,3}$/.test(region ?? '');
  const place = regionFirst
    ? [locality, [region, postal].filter(Boolean).join(' ')]
    : country !== undefined && LOCALITY_FIRST.test(country)
      ? [[locality, postal].filter(Boolean).join(' '), region]
      : [[postal, locality].filter(Boolean).join(' '), region];
  const parts = [street, extended, ...place, country].filter(
    (x): x is string => x !== undefined && x !== '',
  );
  return parts.length > 0 ? parts.join(', ') : undefined;
}
