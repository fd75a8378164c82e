/**
 * 电子证照 at the window (issue 17): once the applicant's ID number or USCC is valid and the checklist is loaded, the
 * applicant's licenses that can replace its materials (GET /api/licenses/offers; only for those who may offer them).
 * A license already taken that is no longer offered as usable (the ID changed, the lines changed) goes back to the
 * line's normal choices.
 */
import { computed, ref, shallowRef, watch } from 'vue';
import { validateCitizenId, validateUscc } from '@common/validators';
import { normaliseIdNo, type ApplicantDraft } from '@/areas/staff/components/applicant';
import { licensesApi, type LicenseOffer } from '@/shared/api/license-library';
import { ApiError } from '@/shared/api/http';
import { useSessionStore } from '@/shared/stores/session';
import type { IntakeChecklist } from './intake-checklist';

export function useLicenseOffers(applicant: ApplicantDraft, checklist: IntakeChecklist) {
  const session = useSessionStore();
  const offers = shallowRef<ReadonlyMap<number, LicenseOffer>>(new Map());
  /** why the offers could not be fetched ('' when they could) */
  const failed = ref('');

  /** the applicant's ID number or USCC once it is valid ('' before) */
  const holderIdNo = computed(() => {
    const kind = applicant.type === 'person' ? 'citizen' : 'uscc';
    const id = normaliseIdNo(kind, applicant.idNo);
    return (kind === 'citizen' ? validateCitizenId(id).ok : validateUscc(id).ok) ? id : '';
  });
  const materialIds = computed(() => checklist.rows.value.map((r) => r.materialId));

  let seq = 0;
  async function load(): Promise<void> {
    const mine = ++seq;
    failed.value = '';
    let next: ReadonlyMap<number, LicenseOffer> = new Map();
    if (session.can('license.offer') && holderIdNo.value && materialIds.value.length) {
      try {
        next = new Map((await licensesApi.offers(holderIdNo.value, materialIds.value)).map((o) => [o.materialId, o]));
      } catch (err) {
        if (mine === seq) failed.value = err instanceof ApiError ? err.message : String(err);
      }
    }
    if (mine !== seq) return;
    offers.value = next;
    for (const r of checklist.rows.value) {
      const used = checklist.marks.get(r.materialId)?.license;
      if (used && !next.get(r.materialId)?.licenses.some((l) => l.id === used.id && l.usable)) checklist.dropLicense(r);
    }
  }
  watch([holderIdNo, () => materialIds.value.join(',')], () => void load());

  return { offers, failed };
}
