/** Spoken calls on the hall display: Mandarin, through the browser's speechSynthesis. */

const DIGITS = "零一二三四五六七八九";

/** "A001" → "A零零一": digit by digit, as halls announce numbers. */
export function spellNumber(number: string): string {
  return [...number]
    .map((c) => (c >= "0" && c <= "9" ? DIGITS[Number(c)] : ` ${c} `))
    .join("")
    .trim();
}

/** 请A001号到3号窗口办理 — the shown text; the spoken one spells the digits. */
export function callText(number: string, windowNumber: number | null): { shown: string; spoken: string } {
  const where = windowNumber === null ? "窗口" : `${windowNumber}号窗口`;
  return { shown: `请${number}号到${where}办理`, spoken: `请${spellNumber(number)}号，到${where}办理` };
}

let voice: SpeechSynthesisVoice | undefined;
let pending = 0;

/** Voices load late in some browsers: look again until a Chinese one is found. */
function chineseVoice(synth: SpeechSynthesis): SpeechSynthesisVoice | undefined {
  if (voice) return voice;
  const voices = synth.getVoices();
  voice = voices.find((v) => /^zh[-_]CN/i.test(v.lang)) ?? voices.find((v) => /^zh/i.test(v.lang));
  return voice;
}

/**
 * Speaks `text` in Mandarin. Never throws: without speechSynthesis or a voice the call is only
 * shown. At most a few announcements wait; older ones are dropped so a burst does not lag for minutes.
 */
export function speak(text: string, times = 1): void {
  try {
    const synth = typeof window !== "undefined" ? window.speechSynthesis : undefined;
    if (!synth || typeof SpeechSynthesisUtterance === "undefined") return;
    if (pending > 4) {
      synth.cancel();
      pending = 0;
    }
    for (let i = 0; i < times; i++) {
      const u = new SpeechSynthesisUtterance(text);
      u.lang = "zh-CN";
      u.rate = 0.9;
      const v = chineseVoice(synth);
      if (v) u.voice = v;
      pending += 1;
      const done = () => {
        pending = Math.max(0, pending - 1);
      };
      u.onend = done;
      u.onerror = done;
      synth.speak(u);
    }
  } catch {
    // no speech on this device: the screen still shows the call
  }
}
