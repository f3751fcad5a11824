/** Words that name a medical status or a check's reason: never on the public screen. */
export const MEDICAL_WORDS = /covid|positif|positive|konfirm|confirm|suspe|kontak|contact|isolasi|isolation|karantina|quarantin|sakit|sick|infe|virus|risk|risiko|wajah tidak cocok|mismatch|liveness/i;
