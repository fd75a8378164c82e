/**
 * The part of archiver 5 (a streaming zip writer; no types of its own, and @types/archiver is not installed) that
 * the case archive uses (server/modules/cases/case-archive.ts).
 */
declare module 'archiver' {
  import type { Readable, Transform } from 'node:stream';

  interface EntryData {
    name: string;
    /** the entry stored without compression */
    store?: boolean;
    date?: Date;
  }
  interface Archiver extends Transform {
    append(source: Readable | Buffer | string, data: EntryData): this;
    finalize(): Promise<void>;
    pointer(): number;
  }
  function archiver(format: 'zip', options?: { zlib?: { level?: number }; store?: boolean }): Archiver;
  export default archiver;
}
