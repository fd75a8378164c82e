/** Files the staff attach (a catalog form template, the evidence for a missing document number): what the server takes, and how it is sent. */

/** The office and image files the server accepts, by extension, with their MIME type. */
export const UPLOAD_MIME = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type UploadMime = (typeof UPLOAD_MIME)[keyof typeof UPLOAD_MIME];

/** The MIME type of a file the server accepts, by its name's extension; undefined for any other. */
export function uploadMime(fileName: string): UploadMime | undefined {
  return (UPLOAD_MIME as Record<string, UploadMime>)[fileName.split('.').pop()?.toLowerCase() ?? ''];
}

/** A file's content as base64 (the JSON bodies carry files that way). */
export function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).split(',')[1] ?? '');
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}
