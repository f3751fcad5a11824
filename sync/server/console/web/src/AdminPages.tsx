// Diskominfo's pages: accounts (create with a generated password shown once, disable / enable, give a
// new password) and venues (create, categorise). The auditor sees the same lists read-only. The server
// decides (city-admin only for changes, each audited); a refused change shows its bilingual reason and
// the field it is about, and changes nothing.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { CONSOLE_ROLES, ROLES, VENUE_CATEGORIES, VENUE_CATEGORY_LABELS } from '../../../../protocol/console/roles';
import type { ConsoleRole, VenueCategory } from '../../../../protocol/console/roles';
import type { ConsoleUser, ConsoleVenue } from '../../../../protocol/api/console';
import { ApiFailure, api } from './api';
import { useLang } from './fleet-lang';
import { LoadStatus, UNREACHABLE, useLoad } from './load-state';
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
  change: { id: 'Ubah', en: 'Edit' },
  changeAccount: { id: 'Ubah akun', en: 'Edit account' },
  cancel: { id: 'Batal', en: 'Cancel' },
  newVenue: { id: 'Tempat baru', en: 'New venue' },
  createVenue: { id: 'Tambah tempat', en: 'Add venue' },
  venueCreated: { id: 'Tempat ditambahkan', en: 'Venue added' },
  save: { id: 'Simpan', en: 'Save' },
  saved: { id: 'Tersimpan', en: 'Saved' },
  categoryOf: { id: 'Kategori', en: 'Category of' },
} satisfies Record<string, Bi>;

interface Agency { id: string; name: string }

/** The server's reason, with the field it names (e.g. "username: 3–40 of a–z …"). */
function reasonOf(e: unknown): Bi {
  if (!(e instanceof ApiFailure)) return UNREACHABLE;
  // a detail that only repeats the code says nothing more than the message
  const d = e.details.filter((x) => x.message !== e.code).map((x) => `${x.path}: ${x.message}`).join('; ');
  return d ? { id: `${e.bilingual.id} (${d})`, en: `${e.bilingual.en} (${d})` } : e.bilingual;
}

export function UsersPage({ canEdit }: { canEdit: boolean }) {
  const t = useT();
  const users = useLoad<{ users: ConsoleUser[] }>('/v1/console/users');
  const [notice, setNotice] = useState<{ text: string; password?: string } | null>(null);
  const [error, setError] = useState<Bi | null>(null);
  const [editing, setEditing] = useState<string | null>(null);

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
      <LoadStatus state={users} />
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
                    </button>{' '}
                    <button type="button" aria-label={`${t(W.change)} ${u.username}`} onClick={() => setEditing(u.id)}>{t(W.change)}</button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && users.data && editing && (() => {
        const u = users.data.users.find((x) => x.id === editing);
        return u && <EditAccount key={u.id} user={u} onCancel={() => setEditing(null)} onSaved={() => {
          setEditing(null);
          setError(null);
          setNotice({ text: `${t(W.saved)}: ${u.username}` });
          users.reload();
        }} />;
      })()}
      {canEdit && users.data && <NewAccount onCreated={(username, password) => {
        setError(null);
        setNotice({ text: `${t(W.created)}: ${username}`, password });
        users.reload();
      }} />}
    </>
  );
}

/** Role, agency, venues and display name of an account; its sessions end when what it may see changes. */
function EditAccount({ user, onSaved, onCancel }: { user: ConsoleUser; onSaved: () => void; onCancel: () => void }) {
  const t = useT();
  const agencies = useLoad<{ agencies: Agency[] }>('/v1/console/agencies');
  const venues = useLoad<{ venues: ConsoleVenue[] }>('/v1/console/venues');
  const [role, setRole] = useState<ConsoleRole>(user.role);
  const [error, setError] = useState<Bi | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const agencyId = String(f.get('agencyId') ?? '');
    setError(null);
    try {
      await api<ConsoleUser>('POST', `/v1/console/users/${user.id}`, {
        displayName: String(f.get('displayName')).trim(), role, agencyId: agencyId || null,
        ...(ROLES[role].venuesRequired ? { venueIds: f.getAll('venueIds').map(String) } : {}),
      });
      onSaved();
    } catch (err) {
      setError(reasonOf(err));
    }
  };
  return (
    <section className="dinkes" aria-labelledby="edit-account">
      <h3 id="edit-account">{t(W.changeAccount)}: {user.username}</h3>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <label>{t(W.displayName)}<input name="displayName" required maxLength={80} defaultValue={user.displayName} /></label>
        <label htmlFor="edit-account-role">{t(T.role)}</label>
        <select id="edit-account-role" name="role" value={role} onChange={(e) => setRole(e.target.value as ConsoleRole)}>
          {CONSOLE_ROLES.map((r) => <option key={r} value={r}>{t(ROLES[r].label)}</option>)}
        </select>
        <label htmlFor="edit-account-agency">{t(T.agency)}</label>
        {/* keyed by the list so the account's agency is selected once the agencies have loaded */}
        <select id="edit-account-agency" name="agencyId" key={agencies.data ? 'loaded' : 'loading'} defaultValue={user.agencyId ?? ''}>
          <option value="">{t(W.noAgency)}</option>
          {(agencies.data?.agencies ?? []).map((a) => <option key={a.id} value={a.id}>{a.name} ({a.id})</option>)}
        </select>
        {ROLES[role].venuesRequired && (
          <fieldset>
            <legend>{t(W.managedVenues)}</legend>
            {(venues.data?.venues ?? []).map((v) => <label key={v.id} className="check"><input type="checkbox" name="venueIds" value={v.id} defaultChecked={user.venueIds.includes(v.id)} /> {v.name}</label>)}
          </fieldset>
        )}
        <p>
          <button type="submit">{t(W.save)}</button>{' '}
          <button type="button" className="secondary" onClick={onCancel}>{t(W.cancel)}</button>
        </p>
        {error && <p role="alert" className="error">{t(error)}</p>}
      </form>
    </section>
  );
}

function NewAccount({ onCreated }: { onCreated: (username: string, password: string) => void }) {
  const t = useT();
  const agencies = useLoad<{ agencies: Agency[] }>('/v1/console/agencies');
  const venues = useLoad<{ venues: ConsoleVenue[] }>('/v1/console/venues');
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
  const venues = useLoad<{ venues: ConsoleVenue[] }>('/v1/console/venues');
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
      <LoadStatus state={venues} />
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

const K = {
  agencies: { id: 'Instansi', en: 'Agencies' },
  newAgency: { id: 'Instansi baru', en: 'New agency' },
  agencyId: { id: 'ID instansi', en: 'Agency id' },
  agencyName: { id: 'Nama instansi', en: 'Agency name' },
  covers: { id: 'Kategori tempat yang diawasi', en: 'Venue categories it covers' },
  coversOf: { id: 'Kategori yang diawasi', en: 'Categories covered by' },
  addAgency: { id: 'Tambah instansi', en: 'Add agency' },
  agencyAdded: { id: 'Instansi ditambahkan', en: 'Agency added' },
  keys: { id: 'Kunci API', en: 'API keys' },
  newKey: { id: 'Kunci API baru', en: 'New API key' },
  keyName: { id: 'Nama kunci', en: 'Key name' },
  createKey: { id: 'Buat kunci', en: 'Create key' },
  keyCreated: { id: 'Kunci dibuat', en: 'Key created' },
  tokenOnce: { id: 'Token (hanya ditampilkan sekali; simpan di skrip, bukan di chat)', en: 'Token (shown once only; keep it in the script, not in a chat)' },
  revoke: { id: 'Cabut', en: 'Revoke' },
  revokeConfirm: { id: 'Cabut kunci {name}? Permintaan berikutnya dengan kunci ini ditolak.', en: 'Revoke key {name}? Its next request is refused.' },
  revoked: { id: 'Kunci dicabut', en: 'Key revoked' },
  revokedAt: { id: 'dicabut', en: 'revoked' },
  legacy: { id: 'token admin lama', en: 'legacy admin token' },
  created: { id: 'Dibuat', en: 'Created' },
  lastUsed: { id: 'Terakhir dipakai', en: 'Last used' },
} satisfies Record<string, Bi>;

interface AgencyRow { id: string; name: string; categories: VenueCategory[] }
interface ApiKeyRow { id: string; name: string; role: ConsoleRole; agencyId: string | null; legacy: boolean; createdAt: string; revokedAt: string | null; lastUsedAt: string | null }

function CategoryBoxes({ name, checked }: { name: string; checked: readonly VenueCategory[] }) {
  const t = useT();
  return (
    <>
      {VENUE_CATEGORIES.map((c) => (
        <label key={c} className="check"><input type="checkbox" name={name} value={c} defaultChecked={checked.includes(c)} /> {t(VENUE_CATEGORY_LABELS[c])}</label>
      ))}
    </>
  );
}

/** Agencies and the venue categories each covers (which venues its sector accounts see). */
export function AgenciesPage({ canEdit }: { canEdit: boolean }) {
  const t = useT();
  const list = useLoad<{ agencies: AgencyRow[] }>('/v1/console/agencies');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<Bi | null>(null);
  const send = async (path: string, body: unknown, done: string, form?: HTMLFormElement) => {
    setError(null);
    setNotice(null);
    try {
      await api<unknown>('POST', path, body);
      form?.reset();
      setNotice(done);
      list.reload();
    } catch (e) {
      setError(reasonOf(e));
    }
  };
  const cats = (f: FormData, name: string) => f.getAll(name).map(String);
  return (
    <>
      <h2>{t(K.agencies)}</h2>
      {notice && <p role="status" className="ok">{notice}</p>}
      {error && <p role="alert" className="error">{t(error)}</p>}
      <LoadStatus state={list} />
      {list.data && (
        <table data-testid="agency-list">
          <thead><tr><th scope="col">ID</th><th scope="col">{t(T.name)}</th><th scope="col">{t(K.covers)}</th></tr></thead>
          <tbody>
            {list.data.agencies.map((a) => (
              <tr key={a.id} data-agency-id={a.id}>
                <td>{a.id}</td><td>{a.name}</td>
                <td>
                  {canEdit
                    ? (
                      <form className="handling" onSubmit={(e) => {
                        e.preventDefault();
                        void send(`/v1/console/agencies/${a.id}`, { categories: cats(new FormData(e.currentTarget), 'categories') }, `${t(W.saved)}: ${a.name}`);
                      }}>
                        {/* keyed by what the server holds, so the boxes show it again after each save */}
                        <fieldset key={a.categories.join()}>
                          <legend className="visually-hidden">{t(K.coversOf)} {a.name}</legend>
                          <CategoryBoxes name="categories" checked={a.categories} />
                        </fieldset>
                        <button type="submit" aria-label={`${t(W.save)} ${a.name}`}>{t(W.save)}</button>
                      </form>
                    )
                    : a.categories.map((c) => t(VENUE_CATEGORY_LABELS[c])).join(', ') || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && list.data && (
        <section className="dinkes" aria-labelledby="new-agency">
          <h3 id="new-agency">{t(K.newAgency)}</h3>
          <form className="stack" onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const name = String(f.get('name')).trim();
            void send('/v1/console/agencies', { id: String(f.get('id')).trim(), name, categories: cats(f, 'categories') }, `${t(K.agencyAdded)}: ${name}`, e.currentTarget);
          }}>
            <label>{t(K.agencyId)}<input name="id" required pattern="[A-Za-z0-9_\-]{1,64}" autoComplete="off" /></label>
            <label>{t(K.agencyName)}<input name="name" required maxLength={120} /></label>
            <fieldset>
              <legend>{t(K.covers)}</legend>
              <CategoryBoxes name="categories" checked={[]} />
            </fieldset>
            <button type="submit">{t(K.addAgency)}</button>
          </form>
        </section>
      )}
    </>
  );
}

/** Named API keys for scripts: created with a role (the token shown once), revoked; never their secrets. */
export function ApiKeysPage({ canEdit }: { canEdit: boolean }) {
  const t = useT();
  const list = useLoad<{ keys: ApiKeyRow[] }>('/v1/console/api-keys');
  const agencies = useLoad<{ agencies: Agency[] }>('/v1/console/agencies');
  const [notice, setNotice] = useState<{ text: string; token?: string } | null>(null);
  const [error, setError] = useState<Bi | null>(null);
  const run = async (fn: () => Promise<{ text: string; token?: string }>) => {
    setError(null);
    setNotice(null);
    try {
      setNotice(await fn());
      list.reload();
    } catch (e) {
      setError(reasonOf(e));
    }
  };
  const create = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const agencyId = String(f.get('agencyId') ?? '');
    void run(async () => {
      const r = await api<{ key: ApiKeyRow; token: string }>('POST', '/v1/console/api-keys', { name: String(f.get('name')).trim(), role: String(f.get('role')), agencyId: agencyId || null });
      form.reset();
      return { text: `${t(K.keyCreated)}: ${r.key.name}`, token: r.token };
    });
  };
  const revoke = (k: ApiKeyRow) => {
    if (!confirm(t(K.revokeConfirm).replace('{name}', k.name))) return;
    void run(async () => {
      await api<unknown>('POST', `/v1/console/api-keys/${k.id}/revoke`, {});
      return { text: `${t(K.revoked)}: ${k.name}` };
    });
  };
  const { when } = useLang();
  // a venue manager's key names its venues: the API takes them (venueIds), this short form does not
  const roles = CONSOLE_ROLES.filter((r) => !ROLES[r].venuesRequired);
  return (
    <>
      <h2>{t(K.keys)}</h2>
      {notice && (
        <div role="status" className="notice" data-testid="key-notice">
          <p>{notice.text}</p>
          {notice.token && <p>{t(K.tokenOnce)}: <code data-testid="one-time-token">{notice.token}</code></p>}
        </div>
      )}
      {error && <p role="alert" className="error">{t(error)}</p>}
      <LoadStatus state={list} />
      {list.data && (
        <table data-testid="key-list">
          <thead>
            <tr>
              <th scope="col">{t(T.name)}</th><th scope="col">{t(T.role)}</th><th scope="col">{t(T.agency)}</th><th scope="col">{t(K.created)}</th><th scope="col">{t(K.lastUsed)}</th><th scope="col">{t(T.status)}</th>
              {canEdit && <th scope="col">{t(W.actions)}</th>}
            </tr>
          </thead>
          <tbody>
            {list.data.keys.map((k) => (
              <tr key={k.id} data-key-name={k.name}>
                <td>{k.name}{k.legacy ? ` (${t(K.legacy)})` : ''}</td><td>{t(ROLES[k.role].label)}</td><td>{k.agencyId ?? '—'}</td>
                <td>{when(k.createdAt)}</td><td>{when(k.lastUsedAt)}</td><td>{k.revokedAt ? `${t(K.revokedAt)} ${when(k.revokedAt)}` : '✓'}</td>
                {canEdit && <td>{!k.revokedAt && <button type="button" className="danger" aria-label={`${t(K.revoke)} ${k.name}`} onClick={() => revoke(k)}>{t(K.revoke)}</button>}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && list.data && (
        <section className="dinkes" aria-labelledby="new-key">
          <h3 id="new-key">{t(K.newKey)}</h3>
          <form className="stack" onSubmit={create}>
            <label>{t(K.keyName)}<input name="name" required pattern="[a-z0-9][a-z0-9._\-]{2,59}" autoComplete="off" /></label>
            <label htmlFor="new-key-role">{t(T.role)}</label>
            <select id="new-key-role" name="role" defaultValue="auditor">
              {roles.map((r) => <option key={r} value={r}>{t(ROLES[r].label)}</option>)}
            </select>
            <label htmlFor="new-key-agency">{t(T.agency)}</label>
            <select id="new-key-agency" name="agencyId" defaultValue="">
              <option value="">{t(W.noAgency)}</option>
              {(agencies.data?.agencies ?? []).map((a) => <option key={a.id} value={a.id}>{a.name} ({a.id})</option>)}
            </select>
            <button type="submit">{t(K.createKey)}</button>
          </form>
        </section>
      )}
    </>
  );
}
