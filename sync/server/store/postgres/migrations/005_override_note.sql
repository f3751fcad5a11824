-- Override reasons are fixed codes (override_reason); the officer's optional short note is kept apart,
-- sealed under the server's data key (AES-256-GCM, sealing.ts), NIK-like digit runs masked first.
ALTER TABLE visits ADD COLUMN override_note text;
