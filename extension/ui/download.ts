/**
 * Hand the rep a file: a download made in the page (nothing leaves the browser). Kept apart from
 * the export code, so an Excel export loads exceljs and nothing else.
 */
export function download(
  name: string,
  content: string | Uint8Array<ArrayBuffer>,
  type: string,
): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The click has started the download; the URL is not needed after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
