// The venue and kiosk pages live under /console/venue/<id> and /console/device/<id> (reached from the
// overview's cards, not from the navigation).
export type FleetRoute = { kind: 'venue'; id: string } | { kind: 'device'; id: string };

export function fleetRoute(pathname = location.pathname): FleetRoute | null {
  const m = /^\/console\/(venue|device)\/([A-Za-z0-9_-]{1,64})\/?$/.exec(pathname);
  return m ? { kind: m[1] as FleetRoute['kind'], id: m[2]! } : null;
}
