// Small display helpers for the staff and diagnostics screens.
import type { Language } from '../../../electron/contract/kiosk-api';
import { formatWibIn } from '../../../electron/contract/wib-time';

export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 10 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** "3 menit lalu" / "3 min ago" from an ISO time and now (ms). */
export function formatAgo(iso: string | null, nowMs: number, lang: Language): string | null {
  if (iso === null) return null;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const s = Math.max(0, Math.round((nowMs - t) / 1000));
  const [n, unitId, unitEn] =
    s < 60 ? [s, 'detik', 's'] : s < 3600 ? [Math.floor(s / 60), 'menit', 'min'] : s < 86400 ? [Math.floor(s / 3600), 'jam', 'h'] : [Math.floor(s / 86400), 'hari', 'd'];
  return lang === 'id' ? `${n} ${unitId} lalu` : `${n} ${unitEn} ago`;
}

/**
 * A time staff read: "9 Des 2026 23.59 WIB" (English "9 Dec 2026 23:59 WIB"), in WIB whatever zone the
 * tablet's clock is set to; never raw ISO. An unreadable time shows as "—".
 */
export function formatTime(iso: string, lang: Language): string {
  return Number.isNaN(Date.parse(iso)) ? '—' : formatWibIn(iso, lang);
}

/** Whole seconds left until an ISO deadline, never negative. */
export function secondsUntil(deadlineIso: string, nowMs: number): number {
  const t = Date.parse(deadlineIso);
  if (Number.isNaN(t)) return 0;
  return Math.max(0, Math.ceil((t - nowMs) / 1000));
}
