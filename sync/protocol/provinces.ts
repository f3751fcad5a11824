// Province codes as they appear in the first two digits of a NIK.
//
// NIKs are issued by Dukcapil (Ministry of Home Affairs), so they carry the Kemendagri region codes, not
// the BPS statistical codes. The two systems differ only in Papua: Kemendagri has 91 Papua and 92 Papua
// Barat (since 2003) and gave the four provinces created in 2022 the codes 93 Papua Selatan, 94 Papua
// Tengah, 95 Papua Pegunungan and 96 Papua Barat Daya (Kepmendagri 100.1.1-6117/2022). BPS numbers
// them 91 Papua Barat, 92 Papua Barat Daya, 94 Papua, 95–97 — never printed on a KTP. People keep their
// NIK when a province splits, so NIKs from before 2022 in the new provinces still start with 91 or 92.
export interface Province {
  code: string;
  name: string;
}

const PROVINCE_NAMES: Readonly<Record<string, string>> = Object.freeze({
  '11': 'Aceh',
  '12': 'Sumatera Utara',
  '13': 'Sumatera Barat',
  '14': 'Riau',
  '15': 'Jambi',
  '16': 'Sumatera Selatan',
  '17': 'Bengkulu',
  '18': 'Lampung',
  '19': 'Kepulauan Bangka Belitung',
  '21': 'Kepulauan Riau',
  '31': 'DKI Jakarta',
  '32': 'Jawa Barat',
  '33': 'Jawa Tengah',
  '34': 'DI Yogyakarta',
  '35': 'Jawa Timur',
  '36': 'Banten',
  '51': 'Bali',
  '52': 'Nusa Tenggara Barat',
  '53': 'Nusa Tenggara Timur',
  '61': 'Kalimantan Barat',
  '62': 'Kalimantan Tengah',
  '63': 'Kalimantan Selatan',
  '64': 'Kalimantan Timur',
  '65': 'Kalimantan Utara',
  '71': 'Sulawesi Utara',
  '72': 'Sulawesi Tengah',
  '73': 'Sulawesi Selatan',
  '74': 'Sulawesi Tenggara',
  '75': 'Gorontalo',
  '76': 'Sulawesi Barat',
  '81': 'Maluku',
  '82': 'Maluku Utara',
  '91': 'Papua',
  '92': 'Papua Barat',
  '93': 'Papua Selatan',
  '94': 'Papua Tengah',
  '95': 'Papua Pegunungan',
  '96': 'Papua Barat Daya',
});

/** All 38 provinces, ordered by code. */
export const PROVINCES: readonly Province[] = Object.freeze(
  Object.entries(PROVINCE_NAMES)
    .map(([code, name]) => Object.freeze({ code, name }))
    .sort((a, b) => a.code.localeCompare(b.code)),
);

export function provinceByCode(code: string): Province | undefined {
  const name = Object.hasOwn(PROVINCE_NAMES, code) ? PROVINCE_NAMES[code] : undefined;
  return name === undefined ? undefined : { code, name };
}
