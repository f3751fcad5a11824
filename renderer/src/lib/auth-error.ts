// Staff calls fail this way when the token expired or the panel was locked: the screen goes back to the PIN pad.
export const isStaffAuthError = (code: string): boolean => /TOKEN|STAFF_LOCKED|UNAUTHORI[SZ]ED|SESSION_EXPIRED|PIN_REQUIRED/i.test(code);
