/** Small catalog helpers shared by the staff and portal screens (no business rules). */
import { LIFE_EVENTS } from '@common/catalog';
import type { LineInput } from '@/shared/api/catalog';

type LifeEvent = (typeof LIFE_EVENTS)[number];

/** i18n keys of the life events (the server names them in Chinese). */
export const LIFE_EVENT_KEYS: Record<LifeEvent, string> = {
  出生: 'birth',
  上学: 'school',
  就业: 'employment',
  婚育: 'marriage',
  置业: 'housing',
  开办企业: 'startBusiness',
  经营许可: 'businessLicence',
  工程建设: 'construction',
  社会保障: 'socialSecurity',
  医疗卫生: 'health',
  退休养老: 'retirement',
  身后事: 'funeral',
};

export function lifeEventKey(name: string): string | null {
  return (LIFE_EVENT_KEYS as Record<string, string>)[name] ?? null;
}

const chinaDateFmt = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today in Beijing time, `YYYY-MM-DD` (the server decides effective dates by the China date). */
export function chinaToday(): string {
  return chinaDateFmt.format(new Date());
}

/** Why a search hit matched, for display (`browse`: no query, nothing to say). */
export function matchReasons(value: string | null | undefined): string[] {
  return value && value !== 'browse' ? [value] : [];
}

/** Moves an element of an array one place up (-1) or down (+1), in place. */
export function moveInArray<T>(list: T[], index: number, delta: -1 | 1): void {
  const to = index + delta;
  if (to < 0 || to >= list.length) return;
  const [x] = list.splice(index, 1);
  list.splice(to, 0, x as T);
}

/** A checklist line being edited: `materialId` is 0 until a material is picked from the library. */
export interface LineDraft extends LineInput {
  key: number;
}

let lineKey = 0;
export function nextLineKey(): number {
  return ++lineKey;
}

/**
 * The first sentence of a material's description: what the document is. Library descriptions may
 * go on with what the clerk checks, which the public guide leaves out (and which would make the
 * printed guide run long).
 */
export function firstSentence(text: string): string {
  const end = text.indexOf('。');
  return end >= 0 && end < text.length - 1 ? text.slice(0, end + 1) : text;
}
