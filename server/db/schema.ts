/** Every module's tables, for drizzle-kit and the typed database handle. */
export * from '../modules/identity/identity.tables.js';
export * from '../modules/auth/auth.tables.js';
export * from '../modules/audit/audit.tables.js';
export * from '../modules/outbox/outbox.tables.js';
export * from '../modules/notifications/notifications.tables.js';
export * from '../modules/calendar/calendar.tables.js';
export * from '../modules/files/files.tables.js';
export * from '../modules/applicants/applicants.tables.js';
export * from '../modules/catalog/catalog.tables.js';
export * from '../modules/cases/cases.tables.js';
export * from '../modules/queue/queue.tables.js';
export * from '../modules/supervision/supervision.tables.js';
export * from '../modules/ratings/ratings.tables.js';
