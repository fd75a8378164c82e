import { onBeforeUnmount, ref } from 'vue';

/**
 * 语音叫号 through the browser's speech synthesis. Browsers only speak after a user gesture on the
 * page, so the board shows a button that calls `enable()` from its click handler. Where speech is
 * not available the board stays silent and says so.
 */
export function useAnnouncer(lang: () => string) {
  const synth: SpeechSynthesis | null = typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : null;
  const supported = synth !== null && typeof SpeechSynthesisUtterance !== 'undefined';
  const enabled = ref(false);
  /** what was last sent to the speaker (also exposed on the page for tests and operators) */
  const lastSpoken = ref('');
  let voice: SpeechSynthesisVoice | null = null;

  function pickVoice(): void {
    if (!synth) return;
    const want = lang().toLowerCase();
    const base = want.split('-')[0] ?? want;
    const voices = synth.getVoices();
    const norm = (v: SpeechSynthesisVoice) => v.lang.replace('_', '-').toLowerCase();
    voice = voices.find((v) => norm(v) === want) ?? voices.find((v) => norm(v).startsWith(base)) ?? null;
  }
  if (synth) {
    pickVoice();
    synth.addEventListener('voiceschanged', pickVoice);
  }
  onBeforeUnmount(() => {
    synth?.removeEventListener('voiceschanged', pickVoice);
    synth?.cancel();
  });

  function speak(text: string): void {
    if (!synth || !supported) return;
    const u = new SpeechSynthesisUtterance(text);
    u.lang = lang();
    if (voice) u.voice = voice;
    u.rate = 0.9;
    synth.speak(u);
  }

  /** From a click handler: unlocks speech for this page and confirms it with a short phrase. */
  function enable(confirmText: string): void {
    if (!supported) return;
    enabled.value = true;
    pickVoice();
    speak(confirmText);
  }

  function announce(text: string): void {
    lastSpoken.value = text;
    if (enabled.value) speak(text);
  }

  return { supported, enabled, lastSpoken, enable, announce };
}
