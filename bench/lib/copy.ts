/**
 * COPY … FROM STDIN in text format through pg-copy-streams, fed with lines built in Node: each table has
 * its own connection and transaction (`begin; truncate; copy … (freeze)`), so the server parses one
 * table while Node builds the next rows. Lines are buffered and handed to the stream in pieces; `flush()`
 * waits for the stream to drain only when more than 32 MB are queued for that table (back-pressure).
 */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

type CopyStream = ReturnType<typeof copyFrom>;

/** A text-format COPY field: \N for null; tabs, newlines and backslashes escaped. */
export function field(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return /[\t\n\r\\]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v;
}

export class CopyWriter {
  rows = 0;
  private parts: string[] = [];
  private size = 0;
  private stream: CopyStream | null = null;
  private client: pg.Client;

  constructor(url: string, readonly table: string, readonly columns: string[], private readonly freeze = true) {
    this.client = new pg.Client({ connectionString: url });
  }

  async open(): Promise<void> {
    await this.client.connect();
    await this.client.query('set synchronous_commit = off');
    await this.client.query('begin');
    // Truncated in this transaction: with wal_level=minimal the rows skip the WAL, and FREEZE writes them
    // frozen and all-visible (no VACUUM pass over the table afterwards).
    if (this.freeze) await this.client.query(`truncate ${this.table}`);
    // up to 32 MB queued per table before waiting: the server keeps parsing while Node builds other tables' rows
    this.stream = this.client.query(copyFrom(`copy ${this.table} (${this.columns.join(', ')}) from stdin${this.freeze ? ' with (freeze)' : ''}`, { highWaterMark: 32 << 20 }));
  }

  /** One row: the fields already formatted with field(). */
  row(fields: string): void {
    this.parts.push(fields, '\n');
    this.size += fields.length + 1;
    this.rows++;
  }

  get buffered(): number {
    return this.size;
  }

  async flush(): Promise<void> {
    if (!this.size) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.stream!.write(chunk)) await once(this.stream!, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream!.end();
    await finished(this.stream!);
    await this.client.query('commit');
    await this.client.end();
  }

  async abort(): Promise<void> {
    try {
      this.stream?.destroy();
      await this.client.end();
    } catch {
      /* already closed */
    }
  }
}
