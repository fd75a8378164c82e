import { sql } from 'drizzle-orm';
import { check, date, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Admin-maintained exceptions to the national arrangement (节假日/调休 overrides). */
export const calendarOverrides = pgTable(
  'calendar_overrides',
  {
    date: date('date', { mode: 'string' }).primaryKey(),
    kind: text('kind').notNull(),
    note: text('note').notNull().default(''),
    updatedBy: integer('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [check('calendar_overrides_kind_ck', sql`${t.kind} in ('workday', 'holiday')`)],
);

/** Years an admin has confirmed as completely entered (beyond the built-in data). */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  confirmedBy: integer('confirmed_by'),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * Working days with their ordinal (工作日序号), maintained from the calendar: remaining working
 * days of a case = ordinal(due) − ordinal(today), computed in SQL for whole lists.
 */
export const workingDays = pgTable(
  'working_days',
  {
    day: date('day', { mode: 'string' }).primaryKey(),
    ordinal: integer('ordinal').notNull(),
  },
  // ordinal → day: set-based recomputes join a case's ordinal ± n back to its working day (migration 0015)
  (t) => [uniqueIndex('working_days_ordinal_uq').on(t.ordinal)],
);
