/**
 * What an application looks like to its applicant and to the front desk, built from its rows (no I/O): the slots
 * with their checklist lines, scans and verdicts, the rounds, and — for the front desk — who applies (masked) and
 * the open round's light.
 */
import { yellowThreshold, type Light } from '../../../common/cases.js';
import { maskCitizenId, maskMobile, maskName, maskUscc } from '../../../common/masking.js';
import type { WorkingCalendar } from '../../../common/working-days.js';
import type { IntakeForm } from '../cases/cases.schemas.js';
import type { OfferedLicense } from '../licenses/licenses.schemas.js';
import type { ApplicationParts, MarkRecord } from './online.repository.js';
import type { ApplicationView, StaffApplicationView } from './online.schemas.js';

type Slot = ApplicationView['slots'][number];

/** What the slots of an application show of 电子证照: per material, its license type, the holder's offers and the one chosen. */
export interface SlotLicenses {
  types: Map<number, string>;
  offers: Map<number, OfferedLicense[]>;
  chosen: Map<number, OfferedLicense>;
}

export const NO_SLOT_LICENSES: SlotLicenses = { types: new Map(), offers: new Map(), chosen: new Map() };

/** The checklist lines that name a material, across the pinned sub-items. */
export function linesOf(form: IntakeForm, materialId: number): Slot['lines'] {
  return form.subItems.flatMap((s) => s.lines.filter((l) => l.materialId === materialId).map((l) => ({
    subItemId: s.subItemId, subItemName: s.subItemName, lineNo: l.lineNo, required: l.required, condition: l.condition,
    reviewPoints: l.reviewPoints, form: l.form, copies: l.copies, allowMissing: l.allowMissing, allowCommitment: l.allowCommitment,
  })));
}

export const materialNameOf = (form: IntakeForm, materialId: number) => form.materials.find((m) => m.materialId === materialId)?.materialName ?? `#${materialId}`;

/** The last round the front desk decided (its verdicts are what the applicant sees), or 0. */
export function lastDecidedRound(p: ApplicationParts): number {
  return p.rounds.filter((r) => r.outcome !== null).reduce((m, r) => Math.max(m, r.round), 0);
}

/** The materials the applicant is asked to fix now: those marked fix in the last decided round, while fixing. */
export function slotsToFix(p: ApplicationParts): Set<number> {
  if (p.app.status !== 'fix_requested') return new Set();
  const round = lastDecidedRound(p);
  return new Set(p.marks.filter((m) => m.round === round && m.verdict === 'fix').map((m) => m.materialId));
}

const markView = (m: MarkRecord | undefined) => (m ? { round: m.round, verdict: m.verdict as 'pass' | 'fix', note: m.note, clerkName: m.clerkName, markedAt: m.markedAt } : null);

function view(p: ApplicationParts, audience: 'applicant' | 'staff', cases: ApplicationView['cases'], lic: SlotLicenses): ApplicationView {
  const { app } = p;
  const decided = lastDecidedRound(p);
  const fixing = slotsToFix(p);
  const markOf = (materialId: number, round: number) => p.marks.find((m) => m.materialId === materialId && m.round === round);
  const slots: Slot[] = app.form.materials.map((m) => {
    const s = p.slots.find((x) => x.materialId === m.materialId)!;
    const current = audience === 'staff' ? markOf(m.materialId, app.round) : markOf(m.materialId, decided);
    const previous = audience === 'staff' ? markOf(m.materialId, app.round - 1) : undefined;
    return {
      materialId: m.materialId, materialName: m.materialName, lines: linesOf(app.form, m.materialId),
      mode: s.mode as Slot['mode'], dueDate: s.dueDate, signedName: s.signedName, signedAt: s.signedAt, changedRound: s.changedRound,
      licenseType: lic.types.get(m.materialId) ?? null, licenseId: s.licenseId, license: s.licenseId === null ? null : lic.chosen.get(m.materialId) ?? null,
      licenses: lic.offers.get(m.materialId) ?? [],
      files: p.files.filter((f) => f.materialId === m.materialId).map((f) => ({ id: f.id, name: f.name, mediaType: f.mediaType, size: f.size, addedRound: f.addedRound, removedRound: f.removedRound })),
      mark: markView(current), previousMark: markView(previous),
      editable: audience === 'applicant' && (app.status === 'draft' || fixing.has(m.materialId)),
    };
  });
  return {
    id: app.id, no: app.no, status: app.status as ApplicationView['status'], round: app.round, fullOnline: app.fullOnline,
    siteId: app.siteId, siteName: p.siteName,
    entity: p.entity ? { id: p.entity.id, name: p.entity.name, uscc: maskUscc(p.entity.uscc) } : null,
    bundle: app.form.bundle, subItems: app.form.subItems, slots,
    rounds: p.rounds.map((r) => ({ round: r.round, submittedAt: r.submittedAt, dueOn: r.dueOn, outcome: r.outcome as 'fix' | 'pass' | null, decidedAt: r.decidedAt, clerkName: r.clerkName })),
    cases, createdAt: app.createdAt, submittedAt: app.submittedAt, acceptedAt: app.acceptedAt,
  };
}

export const applicantView = (p: ApplicationParts, cases: ApplicationView['cases'], lic: SlotLicenses = NO_SLOT_LICENSES) => view(p, 'applicant', cases, lic);

export function staffView(p: ApplicationParts, cases: ApplicationView['cases'], cal: WorkingCalendar, today: string, limitDays: number, lic: SlotLicenses = NO_SLOT_LICENSES): StaffApplicationView {
  const open = p.rounds.find((r) => r.round === p.app.round && r.outcome === null);
  const clock = open ? prereviewClock(cal, today, open.dueOn, limitDays) : null;
  return {
    ...view(p, 'staff', cases, lic),
    applicantName: maskName(p.entity?.name ?? p.person.realName ?? '') ?? '',
    applicantIdNo: p.entity ? maskUscc(p.entity.uscc) : maskCitizenId(p.person.idNumber) ?? '',
    applicantPhone: maskMobile(p.person.phone),
    agentName: p.entity ? maskName(p.person.realName) : null,
    dueOn: open?.dueOn ?? null, remainingDays: clock?.remainingDays ?? null, light: clock?.light ?? null,
  };
}

/**
 * The pre-review's light (DOMAIN.md's rule on the pre-review limit): red past the last day, yellow once fewer working
 * days remain than max(1, 20% of the limit) — for the default one working day, on the last day — else green.
 * A day outside the calendar's data counts as no light (never a wrong one).
 */
export function prereviewClock(cal: WorkingCalendar, today: string, dueOn: string, limitDays: number): { remainingDays: number; light: Light } | null {
  try {
    if (today > dueOn) return { remainingDays: -cal.workingDaysBetween(dueOn, today), light: 'red' };
    const remainingDays = cal.workingDaysBetween(today, dueOn);
    return { remainingDays, light: remainingDays < yellowThreshold(limitDays) ? 'yellow' : 'green' };
  } catch {
    return null;
  }
}
