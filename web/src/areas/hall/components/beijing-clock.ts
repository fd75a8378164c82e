import { computed, onBeforeUnmount, onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';

/**
 * The live Beijing-time clock of the hall's big screens: the time to the second (24 h) and the date with
 * the weekday in the screen's language, ticking every second while the screen is mounted.
 */
export function useBeijingClock() {
  const { locale } = useI18n();
  const now = ref(new Date());
  let clock: ReturnType<typeof setInterval> | undefined;
  const clockText = computed(() =>
    new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(now.value),
  );
  const dateText = computed(() =>
    new Intl.DateTimeFormat(locale.value, { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }).format(now.value),
  );
  onMounted(() => {
    clock = setInterval(() => (now.value = new Date()), 1_000);
  });
  onBeforeUnmount(() => clearInterval(clock));
  return { clockText, dateText };
}
