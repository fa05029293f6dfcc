/** Served by the build from the catalogs (extension/i18n/surfaces.ts): one surface's strings. */
declare module 'virtual:account-lens-strings/*' {
  const strings: Readonly<Record<'en' | 'zh_CN', Readonly<Record<string, string>>>>;
  export default strings;
}
