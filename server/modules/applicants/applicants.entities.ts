/**
 * 法人账号 (issue 16.1): an entity by its 统一社会信用代码, registered by its legal representative (the signed-in
 * applicant's verified real name must be the representative's), who authorises agents (经办人) by their mobile
 * number and may revoke them. Who acts for an entity is read by the online channel when an application is filed
 * in the entity's name.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { maskMobile, maskName, maskUscc } from '../../../common/masking.js';
import { validateUscc } from '../../../common/validators.js';
import type { ApplicantActor } from '../../platform/authz.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { dbFailureOf } from '../../platform/db-errors.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { SMS_TOPIC } from '../notifications/sms.js';
import type { OutboxService } from '../outbox/outbox.service.js';
import { phoneOf } from './applicants.codes.js';
import type { ApplicantService } from './applicants.service.js';
import { applicants, entityMembers, legalEntities } from './applicants.tables.js';

export type EntityRole = 'legal_rep' | 'agent';

const USCC_REASONS = { format: '应为 18 位数字或大写字母', checksum: '校验位不对' } as Record<string, string>;

/** The holders an account sees on the portal; `phone` null: verified by the identity service, no phone needed. */
export interface PortalHolders {
  idNos: string[];
  phone: string | null;
}

export class EntityService {
  constructor(
    private readonly database: Database,
    private readonly accounts: ApplicantService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly centreName: string,
  ) {}

  /**
   * Whose cases and licenses the account may see on the portal (我的办件, 我的证照): its own real-name ID and the entities
   * it acts for. A real name and an entity registered by the account itself are only declared, not proven: unless the
   * province's identity service verified the account (OIDC), a case or license shows only when it carries the account's
   * own mobile (the applicant's or agent's phone on the case, the holder's phone on the license) — someone who declares
   * another's ID number or company sees nothing of theirs.
   */
  async holdersOf(actor: ApplicantActor): Promise<PortalHolders> {
    const [me, entities] = await Promise.all([this.accounts.find(actor.applicantId), this.mine(actor)]);
    return {
      idNos: [...(me.verifiedAt && me.idNumber ? [me.idNumber] : []), ...entities.map((e) => e.uscc)],
      phone: me.verifiedBy === 'oidc' ? null : me.phone,
    };
  }

  /** The entities the applicant acts for now, with their role. */
  async mine(actor: ApplicantActor) {
    const list = await this.database.db
      .select({ id: legalEntities.id, uscc: legalEntities.uscc, name: legalEntities.name, legalRepName: legalEntities.legalRepName, role: entityMembers.role })
      .from(entityMembers)
      .innerJoin(legalEntities, eq(legalEntities.id, entityMembers.entityId))
      .where(and(eq(entityMembers.applicantId, actor.applicantId), isNull(entityMembers.revokedAt)))
      .orderBy(asc(legalEntities.name));
    return list.map((e) => ({ ...e, role: e.role as EntityRole, legalRepName: maskName(e.legalRepName) }));
  }

  /** The entity's facts as registered (the online channel files an application in its name). */
  async find(entityId: number): Promise<{ id: number; uscc: string; name: string; legalRepName: string }> {
    const [e] = await this.database.db
      .select({ id: legalEntities.id, uscc: legalEntities.uscc, name: legalEntities.name, legalRepName: legalEntities.legalRepName })
      .from(legalEntities)
      .where(eq(legalEntities.id, entityId));
    if (!e) throw new AppError('NOT_FOUND');
    return e;
  }

  /** The role the applicant holds for the entity now, or null (the online channel asks before filing in its name). */
  async roleOf(applicantId: number, entityId: number): Promise<EntityRole | null> {
    const [m] = await this.database.db
      .select({ role: entityMembers.role })
      .from(entityMembers)
      .where(and(eq(entityMembers.entityId, entityId), eq(entityMembers.applicantId, applicantId), isNull(entityMembers.revokedAt)));
    return (m?.role as EntityRole | undefined) ?? null;
  }

  async register(actor: ApplicantActor, input: { uscc: string; name: string; legalRepName: string }) {
    const me = await this.verified(actor);
    const u = validateUscc(input.uscc);
    if (!u.ok) throw new AppError('ENTITY_USCC_INVALID', { reason: USCC_REASONS[u.reason] ?? u.reason });
    const legalRepName = input.legalRepName.trim().replace(/\s+/g, '');
    if (legalRepName !== me.realName) throw new AppError('ENTITY_NOT_LEGAL_REP');
    const now = this.clock.now();
    try {
      return await this.database.tx(async (tx) => {
        const [e] = await tx.insert(legalEntities).values({ uscc: u.normalised, name: input.name.trim(), legalRepName, createdBy: actor.applicantId, createdAt: now }).returning();
        await tx.insert(entityMembers).values({ entityId: e!.id, applicantId: actor.applicantId, role: 'legal_rep', grantedBy: actor.applicantId, grantedAt: now });
        await this.audit.record(tx, actor, { kind: 'entity.registered', aggregateType: 'entity', aggregateId: e!.id, data: { uscc: maskUscc(u.normalised), name: e!.name } });
        return { id: e!.id, uscc: e!.uscc, name: e!.name, legalRepName: maskName(legalRepName), role: 'legal_rep' as EntityRole };
      });
    } catch (err) {
      if (dbFailureOf(err)?.constraint === 'legal_entities_uscc_uq') throw new AppError('DUPLICATE', { field: '该统一社会信用代码的法人' });
      throw err;
    }
  }

  /** The entity's members, for its legal representative (agents by masked name and phone). */
  async members(actor: ApplicantActor, entityId: number) {
    await this.assertRep(actor, entityId);
    const list = await this.database.db
      .select({ applicantId: entityMembers.applicantId, role: entityMembers.role, grantedAt: entityMembers.grantedAt, revokedAt: entityMembers.revokedAt, realName: applicants.realName, phone: applicants.phone })
      .from(entityMembers)
      .innerJoin(applicants, eq(applicants.id, entityMembers.applicantId))
      .where(eq(entityMembers.entityId, entityId))
      .orderBy(asc(entityMembers.grantedAt));
    return list.map((m) => ({
      applicantId: m.applicantId, role: m.role as EntityRole, realName: maskName(m.realName), phone: maskMobile(m.phone),
      grantedAt: m.grantedAt.toISOString(), revokedAt: m.revokedAt?.toISOString() ?? null,
    }));
  }

  /** 授权经办人: by mobile number; an account is opened for the number if it has none (its owner signs in by code). */
  async grantAgent(actor: ApplicantActor, entityId: number, rawPhone: string) {
    const entity = await this.assertRep(actor, entityId);
    const phone = phoneOf(rawPhone);
    if (phone === actor.phone) throw new AppError('ENTITY_MEMBER_SELF');
    const now = this.clock.now();
    await this.database.tx(async (tx) => {
      const [agent] = await tx.insert(applicants).values({ phone }).onConflictDoUpdate({ target: applicants.phone, set: { phone: sql`excluded.phone` } }).returning({ id: applicants.id });
      await tx
        .insert(entityMembers)
        .values({ entityId, applicantId: agent!.id, role: 'agent', grantedBy: actor.applicantId, grantedAt: now })
        .onConflictDoUpdate({ target: [entityMembers.entityId, entityMembers.applicantId], set: { revokedAt: null, grantedAt: now, grantedBy: actor.applicantId }, where: sql`${entityMembers.role} = 'agent'` });
      await this.audit.record(tx, actor, { kind: 'entity.agent_granted', aggregateType: 'entity', aggregateId: entityId, data: { agent: agent!.id, phone: maskMobile(phone) } });
      await this.outbox.enqueue(tx, {
        topic: SMS_TOPIC,
        idempotencyKey: `entity-agent:${entityId}:${agent!.id}:${now.getTime()}`,
        payload: { phone, template: 'entity.agent_granted', body: `【${this.centreName}】${entity.name}已授权您为经办人，可用本手机号登录网上办事大厅以该单位名义申办。` },
      });
    });
    return this.members(actor, entityId);
  }

  async revokeAgent(actor: ApplicantActor, entityId: number, applicantId: number) {
    await this.assertRep(actor, entityId);
    if (applicantId === actor.applicantId) throw new AppError('ENTITY_MEMBER_SELF');
    await this.database.tx(async (tx) => {
      const done = await tx
        .update(entityMembers)
        .set({ revokedAt: this.clock.now() })
        .where(and(eq(entityMembers.entityId, entityId), eq(entityMembers.applicantId, applicantId), eq(entityMembers.role, 'agent'), isNull(entityMembers.revokedAt)))
        .returning({ applicantId: entityMembers.applicantId });
      if (!done.length) throw new AppError('NOT_FOUND');
      await this.audit.record(tx, actor, { kind: 'entity.agent_revoked', aggregateType: 'entity', aggregateId: entityId, data: { agent: applicantId } });
    });
    return this.members(actor, entityId);
  }

  private async verified(actor: ApplicantActor) {
    const me = await this.accounts.find(actor.applicantId);
    if (!me.verifiedAt || !me.realName) throw new AppError('APPLICANT_REAL_NAME_REQUIRED');
    return me;
  }

  /** The entity when the applicant is its legal representative; otherwise it does not exist for them (404). */
  private async assertRep(actor: ApplicantActor, entityId: number) {
    const [e] = await this.database.db
      .select({ id: legalEntities.id, name: legalEntities.name })
      .from(legalEntities)
      .innerJoin(entityMembers, and(eq(entityMembers.entityId, legalEntities.id), eq(entityMembers.applicantId, actor.applicantId), eq(entityMembers.role, 'legal_rep'), isNull(entityMembers.revokedAt)))
      .where(eq(legalEntities.id, entityId));
    if (!e) throw new AppError('NOT_FOUND');
    return e;
  }
}
