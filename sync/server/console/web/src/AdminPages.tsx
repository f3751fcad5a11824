// Diskominfo's pages: accounts (create with a generated password shown once, disable / enable, give a
// new password) and venues (create, categorise). The auditor sees the same lists read-only. The server
// decides (city-admin only for changes, each audited); a refused change shows its bilingual reason and
// the field it is about, and changes nothing.
import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { CONSOLE_ROLES, ROLES, VENUE_CATEGORIES, VENUE_CATEGORY_LABELS } from '../../../../protocol/console/roles';
import type { ConsoleRole, VenueCategory } from '../../../../protocol/console/roles';
import type { ConsoleUser, ConsoleVenue } from '../../../../protocol/api/console';
import { ApiFailure, api } from './api';
import { T, useT } from './i18n';
import type { Bi } from './i18n';
import './pages.css';

const W = {
  newAccount: { id: 'Akun baru', en: 'New account' },
  displayName: { id: 'Nama tampilan', en: 'Display name' },
  noAgency: { id: '— tanpa instansi —', en: '— no agency —' },
  managedVenues: { id: 'Tempat yang dikelola', en: 'Venues managed' },
  create: { id: 'Buat akun', en: 'Create account' },
  created: { id: 'Akun dibuat', en: 'Account created' },
  passwordOnce: { id: 'Kata sandi (hanya ditampilkan sekali; sampaikan secara aman)', en: 'Password (shown once only; hand it over safely)' },
  newPassword: { id: 'Sandi baru', en: 'New password' },
  newPasswordFor: { id: 'Kata sandi baru', en: 'New password' },
  disable: { id: 'Nonaktifkan', en: 'Disable' },
  enable: { id: 'Aktifkan', en: 'Enable' },
  actions: { id: 'Tindakan', en: 'Actions' },
  newVenue: { id: 'Tempat baru', en: 'New venue' },
  createVenue: { id: 'Tambah tempat', en: 'Add venue' },
  venueCreated: { id: 'Tempat ditambahkan', en: 'Venue added' },
  save: { id: 'Simpan', en: 'Save' },
  saved: { id: 'Tersimpan', en: 'Saved' },
  categoryOf: { id: 'Kategori', en: 'Category of' },
  unreachable: { id: 'Server tidak terjangkau', en: 'Server unreachable' },
} satisfies Record<string, Bi>;

interface Agency { id: string; name: string }

/** The server's reason, with the field it names (e.g. "username: 3–40 of a–z …"). */
function reasonOf(e: unknown): Bi {
  if (!(e instanceof ApiFailure)) return W.unreachable;
  // a detail that only repeats the code says nothing more than the message
  const d = e.details.filter((x) => x.message !== e.code).map((x) => `${x.path}: ${x.message}`).join('; ');
  return d ? { id: `${e.bilingual.id} (${d})`, en: `${e.bilingual.en} (${d})` } : e.bilingual;
}

function useList<X>(path: string): { data: X | null; error: ApiFailure | null; reload: () => void } {
  const [data, setData] = useState<X | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [n, setN] = useState(0);
  useEffect(() => {
    api<X>('GET', path).then(setData, (e: unknown) => setError(e instanceof ApiFailure ? e : new ApiFailure(0, 'error', W.unreachable)));
  }, [path, n]);
  return { data, error, reload: useCallback(() => setN((x) => x + 1), []) };
}

function Problem({ error }: { error: ApiFailure }) {
  const t = useT();
  return <p role="alert" className="error forbidden">{t(error.status === 403 ? T.forbidden : error.bilingual)}</p>;
}

export function UsersPage({ canEdit }: { canEdit: boolean }) {
  const t = useT();
  const users = useList<{ users: ConsoleUser[] }>('/v1/console/users');
  const [notice, setNotice] = useState<{ text: string; password?: string } | null>(null);
  const [error, setError] = useState<Bi | null>(null);

  const act = async (label: string, path: string, body: unknown, password?: (r: unknown) => string) => {
    setError(null);
    setNotice(null);
    try {
      const r = await api<unknown>('POST', path, body);
      setNotice({ text: label, password: password?.(r) });
      users.reload();
    } catch (e) {
      setError(reasonOf(e));
    }
  };

  return (
    <>
      <h2>{t(T.users)}</h2>
      {notice && (
        <div role="status" className="notice" data-testid="account-notice">
          <p>{notice.text}</p>
          {notice.password && <p>{t(W.passwordOnce)}: <code data-testid="one-time-password">{notice.password}</code></p>}
        </div>
      )}
      {error && <p role="alert" className="error">{t(error)}</p>}
      {users.error && <Problem error={users.error} />}
      {!users.data && !users.error && <p role="status">{t(T.loading)}</p>}
      {users.data && (
        <table data-testid="account-list">
          <thead>
            <tr>
              <th scope="col">{t(T.username)}</th><th scope="col">{t(T.name)}</th><th scope="col">{t(T.role)}</th><th scope="col">{t(T.agency)}</th><th scope="col">{t(T.venues)}</th>
              {canEdit && <th scope="col">{t(W.actions)}</th>}
            </tr>
          </thead>
          <tbody>
            {users.data.users.map((u) => (
              <tr key={u.id} data-username={u.username}>
                <td>{u.username}{u.disabled ? ` (${t(T.disabled)})` : ''}</td><td>{u.displayName}</td><td>{t(ROLES[u.role].label)}</td><td>{u.agencyId ?? '—'}</td><td>{u.venueIds.join(', ') || '—'}</td>
                {canEdit && (
                  <td className="handling">
                    <button type="button" aria-label={`${t(u.disabled ? W.enable : W.disable)} ${u.username}`}
                      onClick={() => void act(`${t(u.disabled ? W.enable : W.disable)}: ${u.username}`, `/v1/console/users/${u.id}`, { disabled: !u.disabled })}>
                      {t(u.disabled ? W.enable : W.disable)}
                    </button>{' '}
                    <button type="button" aria-label={`${t(W.newPassword)} ${u.username}`}
                      onClick={() => void act(`${t(W.newPasswordFor)}: ${u.username}`, `/v1/console/users/${u.id}/password`, {}, (r) => (r as { generatedPassword: string }).generatedPassword)}>
                      {t(W.newPassword)}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && users.data && <NewAccount onCreated={(username, password) => {
        setError(null);
        setNotice({ text: `${t(W.created)}: ${username}`, password });
        users.reload();
      }} />}
    </>
  );
}

function NewAccount({ onCreated }: { onCreated: (username: string, password: string) => void }) {
  const t = useT();
  const agencies = useList<{ agencies: Agency[] }>('/v1/console/agencies');
  const venues = useList<{ venues: ConsoleVenue[] }>('/v1/console/venues');
  const [role, setRole] = useState<ConsoleRole>('health');
  const [error, setError] = useState<Bi | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const agencyId = String(f.get('agencyId') ?? '');
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ user: ConsoleUser; generatedPassword: string }>('POST', '/v1/console/users', {
        username: String(f.get('username')).trim().toLowerCase(), displayName: String(f.get('displayName')).trim(), role,
        agencyId: agencyId || null, ...(ROLES[role].venuesRequired ? { venueIds: f.getAll('venueIds').map(String) } : {}),
      });
      form.reset();
      onCreated(r.user.username, r.generatedPassword);
    } catch (err) {
      setError(reasonOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="dinkes" aria-labelledby="new-account">
      <h3 id="new-account">{t(W.newAccount)}</h3>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <label>{t(T.username)}<input name="username" required autoComplete="off" pattern="[a-z0-9][a-z0-9._\-]{2,39}" /></label>
        <label>{t(W.displayName)}<input name="displayName" required maxLength={80} /></label>
        {/* a select's label is its own element (a wrapping label would make the chosen option part of its name) */}
        <label htmlFor="new-account-role">{t(T.role)}</label>
        <select id="new-account-role" name="role" value={role} onChange={(e) => setRole(e.target.value as ConsoleRole)}>
          {CONSOLE_ROLES.map((r) => <option key={r} value={r}>{t(ROLES[r].label)}</option>)}
        </select>
        <label htmlFor="new-account-agency">{t(T.agency)}</label>
        <select id="new-account-agency" name="agencyId" defaultValue="">
          <option value="">{t(W.noAgency)}</option>
          {(agencies.data?.agencies ?? []).map((a) => <option key={a.id} value={a.id}>{a.name} ({a.id})</option>)}
        </select>
        {ROLES[role].venuesRequired && (
          <fieldset>
            <legend>{t(W.managedVenues)}</legend>
            {(venues.data?.venues ?? []).map((v) => <label key={v.id} className="check"><input type="checkbox" name="venueIds" value={v.id} /> {v.name}</label>)}
          </fieldset>
        )}
        <button type="submit" disabled={busy}>{t(W.create)}</button>
        {error && <p role="alert" className="error">{t(error)}</p>}
      </form>
    </section>
  );
}

export function VenuesPage({ canEdit }: { canEdit: boolean }) {
  const t = useT();
  const venues = useList<{ venues: ConsoleVenue[] }>('/v1/console/venues');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<Bi | null>(null);
  const send = async (path: string, body: unknown, done: string, form?: HTMLFormElement) => {
    setError(null);
    setNotice(null);
    try {
      await api<ConsoleVenue>('POST', path, body);
      form?.reset();
      setNotice(done);
      venues.reload();
    } catch (e) {
      setError(reasonOf(e));
    }
  };
  const create = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const name = String(f.get('name')).trim();
    void send('/v1/console/venues', { name, address: String(f.get('address')).trim(), capacity: Number(f.get('capacity')), category: String(f.get('category')) }, `${t(W.venueCreated)}: ${name}`, e.currentTarget);
  };
  const categorise = (v: ConsoleVenue) => (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const category = String(new FormData(e.currentTarget).get('category')) as VenueCategory;
    void send(`/v1/console/venues/${v.id}`, { category }, `${t(W.saved)}: ${v.name} · ${t(VENUE_CATEGORY_LABELS[category])}`);
  };
  return (
    <>
      <h2>{t(T.venues)}</h2>
      {notice && <p role="status" className="ok">{notice}</p>}
      {error && <p role="alert" className="error">{t(error)}</p>}
      {venues.error && <Problem error={venues.error} />}
      {!venues.data && !venues.error && <p role="status">{t(T.loading)}</p>}
      {venues.data && (
        <table data-testid="venue-list">
          <thead><tr><th scope="col">{t(T.name)}</th><th scope="col">{t(T.category)}</th><th scope="col">{t(T.capacity)}</th><th scope="col">{t(T.address)}</th></tr></thead>
          <tbody>
            {venues.data.venues.map((v) => (
              <tr key={v.id} data-venue-id={v.id}>
                <td>{v.name}</td>
                <td>
                  {canEdit
                    ? (
                      <form className="handling" onSubmit={categorise(v)}>
                        {/* keyed by the category so a saved change (or a refused one) shows what the server holds */}
                        <select name="category" key={v.category} defaultValue={v.category} aria-label={`${t(W.categoryOf)} ${v.name}`}>
                          {VENUE_CATEGORIES.map((c) => <option key={c} value={c}>{t(VENUE_CATEGORY_LABELS[c])}</option>)}
                        </select>
                        <button type="submit" aria-label={`${t(W.save)} ${v.name}`}>{t(W.save)}</button>
                      </form>
                    )
                    : t(VENUE_CATEGORY_LABELS[v.category])}
                </td>
                <td>{v.capacity}</td><td>{v.address}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && venues.data && (
        <section className="dinkes" aria-labelledby="new-venue">
          <h3 id="new-venue">{t(W.newVenue)}</h3>
          <form className="stack" onSubmit={create}>
            <label>{t(T.name)}<input name="name" required maxLength={120} /></label>
            <label>{t(T.address)}<input name="address" required maxLength={200} /></label>
            <label>{t(T.capacity)}<input name="capacity" type="number" min={1} max={1000000} required /></label>
            <label htmlFor="new-venue-category">{t(T.category)}</label>
            <select id="new-venue-category" name="category" defaultValue="other">
              {VENUE_CATEGORIES.map((c) => <option key={c} value={c}>{t(VENUE_CATEGORY_LABELS[c])}</option>)}
            </select>
            <button type="submit">{t(W.createVenue)}</button>
          </form>
        </section>
      )}
    </>
  );
}
