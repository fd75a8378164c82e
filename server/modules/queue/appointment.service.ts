/**
 * 预约: slots per site, category and working day with a capacity (created on first look from the
 * centre's hours: six one-hour slots); booking with citizen ID and phone gives a 6-digit check-in
 * code (also by SMS); cancellation with code + ID; check-in happens at the kiosk (QueueService).
 * Bookings still `booked` after their day count as no-shows in the statistics.
 */
import { APPLICATION_NO } from '../../../common/online.js';
import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { AppointmentStatus } from '../../../common/queue.js';
import type { WindowCategory } from '../../../common/roles.js';
import { maskName } from '../../../common/masking.js';
import { normaliseCitizenId, normaliseMobile, validateCitizenId, validateMobile } from '../../../common/validators.js';
import type { QueueConfig } from '../../config.js';
import { authorize, reaches, systemActor, type Actor } from '../../platform/authz.js';
import type { Clock } from '../../platform/clock.js';
import { atSql, rows, type Database, type Executor } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { identityRepo } from '../identity/identity.repository.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { SMS_TOPIC } from '../notifications/sms.js';
import type { OutboxService } from '../outbox/outbox.service.js';
import { queuePolicy } from './queue.policy.js';
import type { AppointmentView, BookBody, SlotView } from './queue.schemas.js';

const SLOT_TEMPLATE: [string, string][] = [['09:00', '10:00'], ['10:00', '11:00'], ['11:00', '12:00'], ['13:30', '14:30'], ['14:30', '15:30'], ['15:30', '16:30']];
const SLOT_COLUMNS = sql`s.id, s.site_id as "siteId", s.category, s.day::text as day, s.start, s."end", s.capacity, s.booked`;

export class AppointmentService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly calendar: CalendarService,
    private readonly config: QueueConfig,
    private readonly centreName: string,
  ) {}

  /** The next bookable working days (from tomorrow), within the loaded calendar. */
  async days(siteId: number): Promise<{ days: string[] }> {
    await this.site(this.database.db, siteId);
    const cal = await this.calendar.calendar();
    const days: string[] = [];
    let d = this.clock.today();
    try {
      while (days.length < this.config.bookingDays) {
        d = cal.nextWorkday(d);
        days.push(d);
      }
    } catch {
      // the calendar ends: offer what it covers
    }
    return { days };
  }

  private async site(ex: Executor, siteId: number) {
    const s = await identityRepo.findSite(ex, siteId);
    if (!s || !s.active) throw new AppError('QUEUE_SITE_INVALID');
    return { id: s.id, name: s.name, address: s.address };
  }

  async slots(q: { siteId: number; category: WindowCategory; day: string }): Promise<SlotView[]> {
    const { days } = await this.days(q.siteId);
    if (!days.includes(q.day)) throw new AppError('APPOINTMENT_DAY_INVALID', { days: this.config.bookingDays });
    return this.ensureSlots(q.siteId, q.category, q.day);
  }

  private async ensureSlots(siteId: number, category: WindowCategory, day: string): Promise<SlotView[]> {
    const db = this.database.db;
    const existing = await rows<SlotView>(db, sql`select ${SLOT_COLUMNS} from appointment_slots s where s.site_id = ${siteId} and s.category = ${category} and s.day = ${day} order by s.start`);
    if (existing.length) return existing;
    await this.database.tx(async (tx) => {
      for (const [start, end] of SLOT_TEMPLATE) {
        await tx.execute(sql`insert into appointment_slots (site_id, category, day, start, "end", capacity) values (${siteId}, ${category}, ${day}, ${start}, ${end}, ${this.config.slotCapacity})
          on conflict do nothing`);
      }
    });
    return rows<SlotView>(db, sql`select ${SLOT_COLUMNS} from appointment_slots s where s.site_id = ${siteId} and s.category = ${category} and s.day = ${day} order by s.start`);
  }

  async book(body: BookBody): Promise<AppointmentView> {
    const name = body.name.trim();
    if (!name) throw new AppError('CASE_REASON_REQUIRED', { what: '姓名' });
    const id = validateCitizenId(normaliseCitizenId(body.idNo));
    if (!id.ok) throw new AppError('CASE_ID_INVALID', { who: '预约人', detail: { format: '格式不正确', date: '出生日期不正确', checksum: '校验码不正确' }[id.reason] });
    const phone = normaliseMobile(body.phone);
    if (!validateMobile(phone)) throw new AppError('CASE_PHONE_INVALID', { who: '预约人' });
    const applicationNo = body.applicationNo?.trim().toUpperCase() || null;
    if (applicationNo && !APPLICATION_NO.test(applicationNo)) throw new AppError('VALIDATION_FAILED', { detail: '申办流水号格式不正确（WS 开头）' });
    const replay = await this.byKey(this.database.db, body.clientKey);
    if (replay) return replay;
    const [slot0] = await rows<SlotView>(this.database.db, sql`select ${SLOT_COLUMNS} from appointment_slots s where s.id = ${body.slotId}`);
    if (!slot0) throw new AppError('NOT_FOUND');
    const { days } = await this.days(slot0.siteId);
    if (!days.includes(slot0.day)) throw new AppError('APPOINTMENT_DAY_INVALID', { days: this.config.bookingDays });
    const site = await this.site(this.database.db, slot0.siteId);
    await this.database.tx(async (tx) => {
      const [slot] = await rows<SlotView>(tx, sql`select ${SLOT_COLUMNS} from appointment_slots s where s.id = ${body.slotId} for update`);
      if (slot!.booked >= slot!.capacity) throw new AppError('APPOINTMENT_FULL');
      const [dup] = await rows<{ code: string }>(tx, sql`select a.code from appointments a join appointment_slots s on s.id = a.slot_id
        where a.id_no = ${id.normalised} and a.status = 'booked' and s.site_id = ${slot!.siteId} and s.day = ${slot!.day}`);
      if (dup) throw new AppError('APPOINTMENT_DUPLICATE', { tail: dup.code.slice(-2) });
      let created: { id: number; code: string } | undefined;
      for (let attempt = 0; !created && attempt < 5; attempt++) {
        const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
        [created] = await rows<{ id: number; code: string }>(tx, sql`insert into appointments (slot_id, client_key, code, name, id_no, phone, created_at, application_no)
          values (${slot!.id}, ${body.clientKey}, ${code}, ${name}, ${id.normalised}, ${phone}, ${atSql(this.clock.now())}, ${applicationNo}) on conflict (code) do nothing returning id, code`);
      }
      if (!created) throw new AppError('CONFLICT');
      await tx.execute(sql`update appointment_slots set booked = booked + 1 where id = ${slot!.id}`);
      await this.audit.record(tx, systemActor('portal'), { kind: 'appointment.booked', aggregateType: 'appointment', aggregateId: created.id, data: { slotId: slot!.id, day: slot!.day } });
      await this.outbox.enqueue(tx, {
        topic: SMS_TOPIC, idempotencyKey: `appointment:${created.id}:booked`,
        payload: {
          phone, template: 'appointment.booked',
          body: `【${this.centreName}】您已预约${slot!.day} ${slot!.start}–${slot!.end}在${site.name}办事，预约码${created.code}。请按时到取号机凭预约码取号。`,
        },
      });
    });
    return (await this.byKey(this.database.db, body.clientKey))!;
  }

  /** The 申办流水号 the booking behind a ticket was made with (the window opens that online application), if any. */
  async applicationNoOfTicket(ticketId: number): Promise<string | null> {
    const [a] = await rows<{ no: string | null }>(this.database.db, sql`select application_no as no from appointments where ticket_id = ${ticketId}`);
    return a?.no ?? null;
  }

  async cancel(body: { code: string; idNo: string }): Promise<AppointmentView> {
    const idNo = normaliseCitizenId(body.idNo);
    const res = await this.database.tx(async (tx) => {
      const [a] = await rows<{ id: number; slotId: number; clientKey: string }>(tx, sql`select id, slot_id as "slotId", client_key as "clientKey" from appointments
        where code = ${body.code.trim()} and id_no = ${idNo} and status = 'booked' for update`);
      if (!a) throw new AppError('APPOINTMENT_NOT_FOUND');
      await tx.execute(sql`update appointments set status = 'cancelled' where id = ${a.id}`);
      await tx.execute(sql`update appointment_slots set booked = booked - 1 where id = ${a.slotId}`);
      await this.audit.record(tx, systemActor('portal'), { kind: 'appointment.cancelled', aggregateType: 'appointment', aggregateId: a.id, data: {} });
      return a.clientKey;
    });
    return (await this.byKey(this.database.db, res))!;
  }

  private async byKey(ex: Executor, clientKey: string): Promise<AppointmentView | null> {
    const [a] = await rows<{ id: number; code: string; status: AppointmentStatus; siteName: string; category: WindowCategory; day: string; start: string; end: string; name: string }>(ex, sql`
      select a.id, a.code, a.status, ${identityRepo.siteNameSql(sql`s.site_id`)} as "siteName", s.category, s.day::text as day, s.start, s."end", a.name
      from appointments a join appointment_slots s on s.id = a.slot_id where a.client_key = ${clientKey}`);
    return a ? { ...a, name: maskName(a.name) } : null;
  }

  // ---- staff: capacities ----------------------------------------------------------------------

  async staffSlots(actor: Actor, q: { siteId: number; day: string }): Promise<SlotView[]> {
    const scope = authorize(actor, queuePolicy, 'queue.manage');
    if (!reaches(scope, { siteId: q.siteId })) throw new AppError('NOT_FOUND');
    const { days } = await this.days(q.siteId);
    if (days.includes(q.day)) for (const c of ['engineering', 'business', 'citizen'] as const) await this.ensureSlots(q.siteId, c, q.day);
    return rows<SlotView>(this.database.db, sql`select ${SLOT_COLUMNS} from appointment_slots s where s.site_id = ${q.siteId} and s.day = ${q.day} order by s.category, s.start`);
  }

  async setCapacity(actor: Actor, slotId: number, capacity: number): Promise<SlotView> {
    const scope = authorize(actor, queuePolicy, 'queue.manage');
    await this.database.tx(async (tx) => {
      const [slot] = await rows<SlotView>(tx, sql`select ${SLOT_COLUMNS} from appointment_slots s where s.id = ${slotId} for update`);
      if (!slot || !reaches(scope, { siteId: slot.siteId })) throw new AppError('NOT_FOUND');
      // booked appointments stay valid: a lower capacity only stops new bookings
      await tx.execute(sql`update appointment_slots set capacity = ${capacity} where id = ${slotId}`);
      await this.audit.record(tx, actor, { kind: 'appointment.capacity_set', aggregateType: 'appointment_slot', aggregateId: slotId, data: { from: slot.capacity, to: capacity } });
    });
    const [s] = await rows<SlotView>(this.database.db, sql`select ${SLOT_COLUMNS} from appointment_slots s where s.id = ${slotId}`);
    return s!;
  }
}
