// Loads one staff-only answer (behind the staff token) and keeps it fresh. A token problem sends the
// panel back to the PIN pad; any other refusal is shown where the screen puts its error.
import { useCallback, useEffect, useState } from 'react';
import type { ApiError, Result } from '../../../electron/contract/kiosk-api';
import { isStaffAuthError } from './auth-error';

export interface StaffQuery<T> {
  data: T | null;
  error: ApiError | null;
  setError: (e: ApiError | null) => void;
  reload: () => Promise<void>;
}

export function useStaffQuery<T>(fetch: () => Promise<Result<T>>, onAuthError: (e: ApiError) => void, refreshMs?: number): StaffQuery<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const reload = useCallback(async () => {
    const res = await fetch();
    if (res.ok) {
      setData(res.value);
      setError(null);
    } else if (isStaffAuthError(res.error.code)) onAuthError(res.error);
    else setError(res.error);
  }, [fetch, onAuthError]);

  useEffect(() => {
    void reload();
    if (!refreshMs) return undefined;
    const timer = setInterval(() => void reload(), refreshMs);
    return () => clearInterval(timer);
  }, [reload, refreshMs]);

  return { data, error, setError, reload };
}
