/** Labels of the case code lists (common/cases.ts) in the UI language, for the back-office screens. */
import { useSafeT, type TagType } from '@/shared/composables/useSafeT';
import { APPROVAL_STEP_LABELS, stepLabel, type CaseAction, type CaseStatus, type MaterialStatus, type SpecialProcedureKind } from '@common/cases';
import { formatDateTime } from '@/shared/utils/format';


const MATERIAL_TAG: Record<MaterialStatus, TagType> = {
  received: 'success',
  commitment: 'primary',
  missing: 'warning',
  absent: 'danger',
  not_applicable: 'info',
  shared: 'info',
  license: 'success',
};

export function useCaseLabels() {
  const { t, safe } = useSafeT();

  /** 承办 / 审核 / 批准 of step `step` of `steps` (the last step is always the decision). */
  function step(stepNo: number, steps: number): string {
    const zh = stepLabel(stepNo, steps);
    const n = Object.entries(APPROVAL_STEP_LABELS).find(([, v]) => v === zh)?.[0] ?? '1';
    return safe(`casesBack.steps.s${n}`, zh);
  }

  return {
    status: (s: CaseStatus) => t(`casesBack.statuses.${s}`),
    action: (a: CaseAction) => t(`casesBack.actions.${a}`),
    /** an event label: the action's label in the UI language when it is a workflow action, else the server's */
    event: (action: string, label: string) => safe(`casesBack.actions.${action}`, label),
    materialStatus: (s: MaterialStatus) => t(`casesBack.materialStatus.${s}`),
    materialTag: (s: MaterialStatus): TagType => MATERIAL_TAG[s] ?? 'info',
    specialKind: (k: SpecialProcedureKind) => t(`casesBack.specialKinds.${k}`),
    light: (l: string) => safe(`casesBack.lights.${l}`, l),
    channel: (c: string) => safe(`casesBack.channels.${c}`, c),
    applicantType: (a: string) => safe(`casesBack.applicantTypes.${a}`, a),
    step,
    /** 「承办（第 1/3 环节）」 */
    stepOf: (stepNo: number, steps: number) => t('casesBack.detail.stepOf', { label: step(stepNo, steps), step: stepNo, steps }),
    /** the date part of a date or timestamp, or a dash */
    date: (v: string | null | undefined) => (v ? (v.length > 10 ? formatDateTime(v).slice(0, 10) : v) : '—'),
    dateTime: (v: string | null | undefined) => formatDateTime(v),
  };
}
export type CaseLabels = ReturnType<typeof useCaseLabels>;
