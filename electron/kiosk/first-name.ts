// The first word of a registered name: the kiosk greets with it ("Halo, Budi"), never the full name.
export function firstName(displayName: string | null): string | null {
  if (!displayName) return null;
  return displayName.trim().split(/\s+/)[0] ?? null;
}
