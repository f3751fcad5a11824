// Every schema step, in order. Add a file NNNN-name.ts and append it here; never edit a shipped step.
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-local-registrations';
import { migration0003 } from './0003-visit-identity';
import { migration0004 } from './0004-risk-set-hash';
import { migration0005 } from './0005-checkout-outbox';
import { migration0006 } from './0006-risk-list-confirmed';
import { migration0007 } from './0007-keyed-registration-ids';
import { migration0008 } from './0008-risk-staging';
import { migration0009 } from './0009-fallback-server-urls';
import { migration0010 } from './0010-registration-verified';
import type { Migration } from './types';

export type { Migration, MigrationKeys } from './types';

export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009, migration0010];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
