// Telling the inspector of a new assignment: a tone made with WebAudio (no sound file), a
// vibration and, when permitted, a system notification (through the service worker where there
// is one: Android's Chrome allows notifications only from a service worker).

let audio = null;

/** Creates or resumes the AudioContext; call it from a tap (browsers start audio only after one). */
export function unlockAudio() {
  try {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    if (!audio) audio = new Ctx();
    if (audio.state === 'suspended') audio.resume().catch(() => {});
  } catch (e) { /* no audio here */ }
}

/** Three rising beeps, about 0.7 s. Returns true when a tone was scheduled. */
export function chime() {
  try {
    unlockAudio();
    if (!audio) return false;
    const t0 = audio.currentTime + 0.02;
    [660, 880, 1100].forEach((f, i) => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'sine';
      osc.frequency.value = f;
      const s = t0 + i * 0.22;
      gain.gain.setValueAtTime(0.0001, s);
      gain.gain.exponentialRampToValueAtTime(0.5, s + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, s + 0.2);
      osc.connect(gain).connect(audio.destination);
      osc.start(s);
      osc.stop(s + 0.21);
    });
    return true;
  } catch (e) {
    return false;
  }
}

export function vibrate() {
  try {
    return navigator.vibrate ? navigator.vibrate([300, 120, 300, 120, 600]) : false;
  } catch (e) {
    return false;
  }
}

export function notificationState() {
  return 'Notification' in window ? Notification.permission : 'unsupported';
}

/** Asks for the permission (from a tap). Resolves with the new state. */
export async function askNotifications() {
  if (!('Notification' in window)) return 'unsupported';
  try {
    return await Notification.requestPermission();
  } catch (e) {
    return Notification.permission;
  }
}

/** Shows a notification when permitted; resolves true if one was shown. */
export async function notify(title, body, tag) {
  if (notificationState() !== 'granted') return false;
  const options = { body, tag, renotify: true, icon: 'icons/icon-192.png', badge: 'icons/icon-192.png', vibrate: [300, 120, 300] };
  try {
    const reg = navigator.serviceWorker && await Promise.race([
      navigator.serviceWorker.getRegistration(), new Promise(r => setTimeout(() => r(null), 500))]);
    if (reg && reg.showNotification) {
      await reg.showNotification(title, options);
      return true;
    }
    new Notification(title, options);
    return true;
  } catch (e) {
    return false;
  }
}
