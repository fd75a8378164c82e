import { onBeforeUnmount, ref } from 'vue';

/** Seconds left before an action may be repeated (获取验证码: the server's wait between two codes). */
export function useCountdown() {
  const left = ref(0);
  let timer: ReturnType<typeof setInterval> | null = null;

  function stop() {
    if (timer) clearInterval(timer);
    timer = null;
  }

  function start(seconds: number) {
    stop();
    left.value = Math.max(0, Math.ceil(seconds));
    if (!left.value) return;
    timer = setInterval(() => {
      left.value -= 1;
      if (left.value <= 0) stop();
    }, 1000);
  }

  onBeforeUnmount(stop);
  return { left, start };
}
