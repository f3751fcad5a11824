// Other city server URLs the kiosk moves to when its server cannot be reached (several server processes
// behind different names; issue 14). JSON array of https URLs, tried in order after server_url.
import type { Migration } from './types';

export const migration0009: Migration = {
  version: 9,
  name: 'fallback-server-urls',
  up(db) {
    db.exec("ALTER TABLE device_config ADD COLUMN fallback_server_urls TEXT NOT NULL DEFAULT '[]'");
  },
};
