/** browser.i18n keys allow only [A-Za-z0-9_]; our ids use dots. */
export const browserKey = (id: string): string => id.replace(/[^A-Za-z0-9_]/g, '_');
