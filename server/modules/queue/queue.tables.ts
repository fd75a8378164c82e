/**
 * Hall queue tables (取号叫号、预约). Tickets are numbered per site, category and day; calling
 * claims the next ticket with FOR UPDATE SKIP LOCKED so two windows never get the same ticket;
 * every board-visible change is a row in queue_events, which the board streams from the database
 * (so several server processes serve one board).
 */
import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgTable, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { catalogSubItems } from '../catalog/catalog.tables.js';
import { sites, users, windows } from '../identity/identity.tables.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });
const CATEGORY_CK = (col: unknown) => sql`${col} in ('engineering', 'business', 'citizen')`;

export const appointmentSlots = pgTable(
  'appointment_slots',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    siteId: integer('site_id').notNull().references(() => sites.id),
    category: text('category').notNull(),
    day: day('day').notNull(),
    start: text('start').notNull(), // HH:MM
    end: text('end').notNull(),
    capacity: integer('capacity').notNull(),
    booked: integer('booked').notNull().default(0),
  },
  (t) => [
    uniqueIndex('appointment_slots_uq').on(t.siteId, t.category, t.day, t.start),
    check('appointment_slots_category_ck', CATEGORY_CK(t.category)),
    check('appointment_slots_capacity_ck', sql`${t.booked} >= 0 and ${t.capacity} >= 0`),
  ],
);

export const appointments = pgTable(
  'appointments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    slotId: integer('slot_id').notNull().references(() => appointmentSlots.id),
    clientKey: text('client_key').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    idNo: text('id_no').notNull(),
    phone: text('phone').notNull(),
    status: text('status').notNull().default('booked'),
    createdAt: ts('created_at').notNull().defaultNow(),
    checkedInAt: ts('checked_in_at'),
    ticketId: bigint('ticket_id', { mode: 'number' }),
    /** 申办流水号 of the online application the visit is for (网上预审通过后预约) */
    applicationNo: text('application_no'),
  },
  (t) => [
    uniqueIndex('appointments_client_key_uq').on(t.clientKey),
    uniqueIndex('appointments_code_uq').on(t.code),
    // one live booking per person and slot day is checked in the service; this finds them
    index('appointments_id_no_idx').on(t.idNo),
    index('appointments_slot_idx').on(t.slotId),
    check('appointments_status_ck', sql`${t.status} in ('booked', 'cancelled', 'checked_in', 'no_show')`),
  ],
);

export const queueTickets = pgTable(
  'queue_tickets',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    siteId: integer('site_id').notNull().references(() => sites.id),
    day: day('day').notNull(),
    category: text('category').notNull(),
    seq: integer('seq').notNull(),
    ticketNo: text('ticket_no').notNull(),
    token: text('token').notNull(),
    clientKey: text('client_key').notNull(),
    priority: text('priority').notNull().default('normal'),
    priorityReason: text('priority_reason'),
    status: text('status').notNull().default('waiting'),
    idNo: text('id_no'),
    subItemId: integer('sub_item_id').references(() => catalogSubItems.id),
    appointmentId: integer('appointment_id'),
    /** a transfer to one window: only that window calls it */
    targetWindowId: integer('target_window_id').references(() => windows.id),
    windowId: integer('window_id').references(() => windows.id),
    clerkId: integer('clerk_id').references(() => users.id),
    issuedAt: ts('issued_at').notNull().defaultNow(),
    /** the place in the queue: issue time, kept across transfers */
    queuedAt: ts('queued_at').notNull().defaultNow(),
    calledAt: ts('called_at'),
    recalls: smallint('recalls').notNull().default(0),
    serveStartedAt: ts('serve_started_at'),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    // the number stays with the ticket when it is transferred to another category
    uniqueIndex('queue_tickets_no_uq').on(t.siteId, t.day, t.ticketNo),
    uniqueIndex('queue_tickets_token_uq').on(t.token),
    uniqueIndex('queue_tickets_client_key_uq').on(t.clientKey),
    // the call-next scan: waiting tickets of a site and day, in queue order
    index('queue_tickets_waiting_idx').on(t.siteId, t.day, t.category, t.queuedAt).where(sql`${t.status} = 'waiting'`),
    index('queue_tickets_window_idx').on(t.windowId).where(sql`${t.status} in ('called', 'serving')`),
    index('queue_tickets_site_day_idx').on(t.siteId, t.day),
    check('queue_tickets_category_ck', CATEGORY_CK(t.category)),
    check('queue_tickets_priority_ck', sql`${t.priority} in ('normal', 'appointment', 'green')`),
    check('queue_tickets_status_ck', sql`${t.status} in ('waiting', 'called', 'serving', 'done', 'no_show', 'cancelled')`),
  ],
);

/** What the board shows, in order; the stream reads it by id (multi-process safe). */
export const queueEvents = pgTable(
  'queue_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    siteId: integer('site_id').notNull(),
    at: ts('at').notNull().defaultNow(),
    kind: text('kind').notNull(),
    ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
    ticketNo: text('ticket_no').notNull(),
    category: text('category').notNull(),
    windowId: integer('window_id'),
    clerkId: integer('clerk_id'),
  },
  (t) => [index('queue_events_site_idx').on(t.siteId, t.id)],
);
