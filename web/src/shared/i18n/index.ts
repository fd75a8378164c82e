import { computed, shallowRef } from 'vue';
import { createI18n } from 'vue-i18n';
import type { Language } from 'element-plus/es/locale/index';
import epZhCn from 'element-plus/es/locale/lang/zh-cn';
import zhCN, { type MessageSchema } from './zh-CN';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'yichuang.locale';

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  } catch {
    // storage may be unavailable (private mode): fall back to the default
  }
  return 'zh-CN';
}

// Only Chinese is in the first chunk every page loads; English comes in its own chunk when chosen
// (a phone on the portal does not download a second language: issue 14). main.ts loads the saved
// locale before mounting, so the first render is already in it.
export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN } as Record<Locale, MessageSchema>,
});

const elementLocales = shallowRef<Partial<Record<Locale, Language>>>({ 'zh-CN': epZhCn });

/** Fetches a locale's messages (and Element Plus' texts in it) once. */
async function loadLocale(locale: Locale): Promise<void> {
  if (locale === 'zh-CN' || elementLocales.value[locale]) return;
  const [messages, ep] = await Promise.all([import('./en'), import('element-plus/es/locale/lang/en')]);
  i18n.global.setLocaleMessage(locale, messages.default);
  elementLocales.value = { ...elementLocales.value, [locale]: ep.default };
}

/** The locale saved on this device, loaded: call before mounting the app. */
export async function loadInitialLocale(): Promise<void> {
  const locale = initialLocale();
  if (locale === 'zh-CN') return;
  try {
    await loadLocale(locale);
    i18n.global.locale.value = locale;
  } catch {
    // the chunk could not be fetched: stay in Chinese rather than not start
  }
}

export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

export async function setLocale(locale: Locale): Promise<void> {
  await loadLocale(locale);
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // not persisted; the switch still applies to this tab
  }
}

/** Element Plus built-in texts (pagination, date picker …) follow the UI locale. */
export const elementLocale = computed(() => elementLocales.value[i18n.global.locale.value] ?? epZhCn);
