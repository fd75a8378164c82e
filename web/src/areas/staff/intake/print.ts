/** Helpers of the printed vouchers (受理回执, 补正告知书, 不予受理通知书, 交接单). */
import { computed, nextTick, onMounted, ref, shallowRef } from 'vue';
import { useRoute } from 'vue-router';
import type { CaseDetail, NoticeView } from '@/shared/api/cases';
import { casesApi } from '@/shared/api/cases';
import { currentLocale } from '@/shared/i18n';
import { ApiError } from '@/shared/api/http';
import { formatDateTime } from '@/shared/utils/format';

/** `2026-11-22` or an ISO time → 「2026年11月22日」 (Beijing date; ISO form in English). */
export function voucherDate(value: string | null | undefined): string {
  if (!value) return '';
  const date = value.length > 10 ? formatDateTime(value).slice(0, 10) : value;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m || currentLocale() === 'en') return date;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** The latest voucher of a kind issued on a case. */
export function latestNotice(detail: CaseDetail, kind: NoticeView['kind']): NoticeView | null {
  const list = detail.notices.filter((n) => n.kind === kind);
  return list[list.length - 1] ?? null;
}

/** Ids of the cases to print: the route's case, then `?more=2,3` (the other cases of one visit). */
function idsOf(param: unknown, more: unknown): number[] {
  const first = Number(param);
  const rest = typeof more === 'string' ? more.split(',').map(Number) : [];
  return [first, ...rest].filter((n, i, all) => Number.isInteger(n) && n > 0 && all.indexOf(n) === i);
}

/** Loads the cases a print page shows; `?print=1` opens the print dialog once they are drawn. */
export function useCasesToPrint() {
  const route = useRoute();
  const cases = shallowRef<CaseDetail[]>([]);
  const error = ref('');
  const loading = ref(true);
  const ids = computed(() => idsOf(route.params.id, route.query.more));

  onMounted(async () => {
    try {
      cases.value = await Promise.all(ids.value.map((id) => casesApi.get(id)));
      if (route.query.print === '1') {
        await nextTick();
        await document.fonts?.ready;
        window.print();
      }
    } catch (err) {
      error.value = err instanceof ApiError ? err.message : String(err);
    } finally {
      loading.value = false;
    }
  });

  return { cases, error, loading };
}
