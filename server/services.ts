import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
/** Wires the modules' services together; the HTTP app and the worker both start from here. */
import './error-codes.js'; // the modules' error codes, before anything can throw one
import type { AppConfig } from './config.js';
import type { Database } from './platform/db.js';
import { ManualClock, systemClock, type Clock } from './platform/clock.js';
import { AuditService } from './modules/audit/audit.service.js';
import { AuthService } from './modules/auth/auth.service.js';
import { CalendarService } from './modules/calendar/calendar.service.js';
import { CatalogService } from './modules/catalog/catalog.service.js';
import { ChecklistService } from './modules/catalog/checklist.service.js';
import { CatalogSearchService } from './modules/catalog/search.service.js';
import { FileService } from './modules/files/files.service.js';
import { materialPolicy } from './modules/files/files.check.js';
import { ApplicantService } from './modules/applicants/applicants.service.js';
import { EntityService } from './modules/applicants/applicants.entities.js';
import { OidcSignIn } from './modules/applicants/applicants.oidc.js';
import { CaseService } from './modules/cases/cases.service.js';
import { HandoverService } from './modules/cases/handover.service.js';
import { DeadlineRecompute } from './modules/cases/deadline-recompute.js';
import { IntakeService, type CaseDeps } from './modules/cases/intake.service.js';
import { OnlineService } from './modules/online/online.service.js';
import { LicenseService, type LicenseDeps } from './modules/licenses/licenses.service.js';
import { LicenseLibrary } from './modules/licenses/licenses.library.js';
import { LicenseAdmin } from './modules/licenses/licenses.admin.js';
import { PrereviewService } from './modules/online/online.prereview.js';
import type { OnlineLicenses } from './modules/online/online.licenses.js';
import { ReceiptService } from './modules/cases/receipt.service.js';
import { CaseFileService, receiptArchiveEntries } from './modules/cases/case-files.service.js';
import { AppointmentService } from './modules/queue/appointment.service.js';
import { QueueService } from './modules/queue/queue.service.js';
import { RatingService } from './modules/ratings/ratings.service.js';
import { AlertService } from './modules/supervision/alerts.service.js';
import { DocNumberService } from './modules/supervision/docno.service.js';
import { LightService } from './modules/supervision/lights.service.js';
import { MetricsService } from './modules/supervision/metrics.service.js';
import { ScanService } from './modules/supervision/scan.service.js';
import { IdentityService } from './modules/identity/identity.service.js';
import { DevSmsSink, SMS_TOPIC, smsHandler, type SmsChannel } from './modules/notifications/sms.js';
import { OutboxService } from './modules/outbox/outbox.service.js';
import { OutboxWorker, type WorkerLogger } from './modules/outbox/outbox.worker.js';

/** The service clock: CLOCK_START runs the server on a ManualClock from there (demos, browser tests). */
export function clockFromConfig(config: AppConfig): Clock {
  return config.clockStart ? new ManualClock(config.clockStart) : systemClock;
}

export function createServices(database: Database, config: AppConfig, clock: Clock = clockFromConfig(config)) {
  const audit = new AuditService(database, config.audit);
  const outbox = new OutboxService(database, audit);
  const identity = new IdentityService(database, audit);
  const auth = new AuthService(database, config.auth, audit, clock);
  const calendar = new CalendarService(database, audit, clock, config.calendarWarnDays);
  const sms: SmsChannel = new DevSmsSink(database, config.worker.smsSinkDelayMs);
  const storedFiles = new FileService(database);
  const applicants = new ApplicantService(database, config.applicants, () => config.auth.sessionSecret, audit, outbox, clock, config.centreName);
  const entities = new EntityService(database, applicants, audit, outbox, clock, config.centreName);
  const oidc = config.applicants.oidc ? new OidcSignIn(config.applicants.oidc, () => config.auth.sessionSecret, clock) : null;
  const catalogSearch = new CatalogSearchService(database, clock);
  const catalog = new CatalogService(database, audit, clock, storedFiles, () => catalogSearch.touch());
  const checklists = new ChecklistService(database, audit, clock, () => catalogSearch.touch());
  const queue = new QueueService(database, audit, clock, config.queue);
  const caseDeps = { database, clock, audit, outbox, calendar, tickets: queue, files: storedFiles, centreName: config.centreName, publicBaseUrl: config.publicBaseUrl, caseNoPattern: config.caseNoPattern, hooks: {} as CaseDeps['hooks'] };
  const intake = new IntakeService(caseDeps);
  const cases = new CaseService(caseDeps);
  const handovers = new HandoverService(caseDeps);
  const receipts = new ReceiptService({ database, calendar, centreName: config.centreName, publicBaseUrl: config.publicBaseUrl, font: config.receipt });
  const caseFiles = new CaseFileService({ database, audit, files: storedFiles, cases, policy: materialPolicy(config.online) });
  caseFiles.addArchiveEntries(receiptArchiveEntries(receipts)); // the 电子档案 carries the 受理回执
  const appointments = new AppointmentService(database, clock, audit, outbox, calendar, config.queue, config.centreName);
  const ratings = new RatingService({
    database, clock, audit, outbox, calendar, centreName: config.centreName, publicBaseUrl: config.publicBaseUrl, config: config.ratings,
  });
  caseDeps.hooks.ratings = ratings;
  const alerts = new AlertService(database, clock, audit, outbox, config.centreName);
  const docNos = new DocNumberService(database, clock, audit, alerts, storedFiles);
  alerts.useGaps(docNos.gapsOfAlert);
  const lights = new LightService(database, clock, audit, calendar);
  const metrics = new MetricsService(database, clock, lights, alerts);
  const licenseDeps = {
    database, clock, audit, outbox, files: storedFiles, centreName: config.centreName, secret: () => config.auth.sessionSecret, config: config.licenses,
    holdersOf: (actor) => entities.holdersOf(actor),
  } satisfies LicenseDeps;
  const licenses = new LicenseService(licenseDeps);
  const licenseLibrary = new LicenseLibrary(licenseDeps);
  const licenseAdmin = new LicenseAdmin(licenseDeps);
  caseDeps.hooks.licenses = licenses;
  const scan = new ScanService(database, clock, audit, alerts, lights, metrics, (now) => ratings.applyDefaults(now), config.supervision, (now) => licenses.sweep(now));
  // 电子证照 in 网上申办: the library's offers and the intake hook's check (the same rule as at the window)
  const onlineLicenses: OnlineLicenses = {
    offersFor: (holder, materialIds, phone) => licenseLibrary.offersFor(holder, materialIds, phone),
    chosenFor: (holder, choices, phone) => licenseLibrary.chosenFor(holder, choices, phone),
    licenseTypeOf: (ex, materialId) => licenseLibrary.licenseTypeOf(ex, materialId),
    checkUses: (ex, holder, uses, today, phone) => licenses.checkUses(ex, holder, uses, today, phone),
  };
  const onlineDeps = { database, clock, audit, outbox, calendar, files: storedFiles, intake, cases, applicants, entities, licenses: onlineLicenses, config: config.online, centreName: config.centreName, publicBaseUrl: config.publicBaseUrl };
  const online = new OnlineService(onlineDeps);
  const prereviews = new PrereviewService(onlineDeps, (app) => online.casesOf(app));
  caseDeps.hooks.documentNumbers = docNos;
  caseDeps.hooks.lights = lights;
  calendar.hooks.confirm = new DeadlineRecompute(caseDeps, config.calendarChangeSms);
  return { database, config, clock, audit, outbox, storedFiles, applicants, entities, oidc, identity, auth, calendar, sms, catalog, catalogSearch, checklists, intake, cases, caseFiles, handovers, receipts, queue, appointments, online, prereviews, licenses, licenseLibrary, licenseAdmin, ratings, docNos, alerts, lights, metrics, scan };
}
export type Services = ReturnType<typeof createServices>;
/** A module's route plugin: it gets the services from the composition root. */
export type RoutePlugin = FastifyPluginAsyncTypebox<{ services: Services }>;

export function createWorker(services: Services, log: WorkerLogger): OutboxWorker {
  const worker = new OutboxWorker(services.database, services.config.worker, { [SMS_TOPIC]: smsHandler(services.sms) }, services.audit, log);
  worker.every(services.config.audit.sealIntervalSeconds * 1000, () => services.audit.seal());
  worker.every(10 * 60 * 1000, () => services.auth.purgeExpired());
  worker.every(10 * 60 * 1000, () => services.applicants.purgeExpired());
  worker.every(services.config.supervision.scanSeconds * 1000, () => services.scan.run());
  return worker;
}
