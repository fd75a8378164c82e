import { computed } from 'vue';
import { createI18n } from 'vue-i18n';
import epZhCn from 'element-plus/es/locale/lang/zh-cn';
import epEn from 'element-plus/es/locale/lang/en';
import zhCN, { type MessageSchema } from './zh-CN';
import en from './en';

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

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // not persisted; the switch still applies to this tab
  }
}

/** Element Plus built-in texts (pagination, date picker …) follow the UI locale. */
export const elementLocale = computed(() => (i18n.global.locale.value === 'en' ? epEn : epZhCn));
