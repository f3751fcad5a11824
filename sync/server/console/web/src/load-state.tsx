// One GET a page shows, and what the page says while it loads or when it fails: used by the overview,
// the audit log and the city-admin pages alike, so a 403 or an unreachable server reads the same everywhere.
import { useCallback, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiFailure, api } from './api';
import { T, useT } from './i18n';

export const UNREACHABLE = { id: 'Server tidak terjangkau', en: 'Server unreachable' };

export interface LoadState<X> { data: X | null; error: ApiFailure | null; reload: () => void }

/** GETs `path` (again after `reload()`). */
export function useLoad<X>(path: string): LoadState<X> {
  const [data, setData] = useState<X | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [n, setN] = useState(0);
  useEffect(() => {
    api<X>('GET', path).then(setData, (e: unknown) => setError(e instanceof ApiFailure ? e : new ApiFailure(0, 'error', UNREACHABLE)));
  }, [path, n]);
  return { data, error, reload: useCallback(() => setN((x) => x + 1), []) };
}

/** The refusal (a 403 as "not allowed"), the failure, or "loading"; nothing once the data is there. */
export function LoadStatus({ state }: { state: Pick<LoadState<unknown>, 'data' | 'error'> }) {
  const t = useT();
  if (state.error?.status === 403) return <p role="alert" className="error forbidden">{t(T.forbidden)}</p>;
  if (state.error) return <p role="alert" className="error">{t(state.error.bilingual)}</p>;
  if (!state.data) return <p role="status">{t(T.loading)}</p>;
  return null;
}

/** `children` with the data once it is there, its LoadStatus until then. */
export function Loaded<X>({ state, children }: { state: Pick<LoadState<X>, 'data' | 'error'>; children: (d: X) => ReactNode }) {
  return state.data ? <>{children(state.data)}</> : <LoadStatus state={state} />;
}
