// Visits per hour of one day at a venue: a stacked bar chart (Chart.js on a canvas, bundled with the
// console: no CDN, no inline style or script, so it runs under the console's strict CSP) with the same
// numbers as a table for screen readers and for reading exact counts.
import { useEffect, useRef, useState } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import type { VenueEntries } from '../../../../protocol/api/console-fleet';
import { api } from './api';
import { F, fill } from './fleet-i18n';
import { useLang } from './fleet-lang';
import { wibIsoDate } from '../../../../protocol/wib-time';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const COLORS = { admitted: '#1d6b2f', denied: '#a00000', referred: '#b86e00' };

/** Today in WIB (Bogor), YYYY-MM-DD. */
export const wibToday = () => wibIsoDate(Date.now());

export function EntriesChart({ venueId }: { venueId: string }) {
  const { t } = useLang();
  const [date, setDate] = useState(wibToday());
  const [data, setData] = useState<VenueEntries | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let live = true;
    api<VenueEntries>('GET', `/v1/console/venues/${venueId}/entries?date=${date}`).then((d) => live && setData(d), () => live && setData(null));
    return () => {
      live = false;
    };
  }, [venueId, date]);
  useEffect(() => {
    if (!canvas.current || !data) return;
    const labels = data.hours.map((h) => String(h.hour).padStart(2, '0'));
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels,
        datasets: (['admitted', 'denied', 'referred'] as const).map((k) => ({ label: t(F[k]), data: data.hours.map((h) => h[k]), backgroundColor: COLORS[k], stack: 'visits' })),
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { stacked: true, title: { display: true, text: t(F.hour) } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    return () => chart.destroy();
  }, [data, t]);

  const totals = data ? data.hours.reduce((s, h) => ({ a: s.a + h.admitted, d: s.d + h.denied, r: s.r + h.referred }), { a: 0, d: 0, r: 0 }) : null;
  const peak = data ? data.hours.reduce((best, h) => (h.admitted + h.denied + h.referred > best.n ? { hour: h.hour, n: h.admitted + h.denied + h.referred } : best), { hour: 0, n: -1 }).hour : 0;
  return (
    <section aria-labelledby="entries-h" className="panel">
      <h3 id="entries-h">{t(F.entriesPerHour)}</h3>
      <label className="inline">{t(F.date)} <input type="date" value={date} max={wibToday()} onChange={(e) => e.target.value && setDate(e.target.value)} /></label>
      {data && totals && (
        <>
          <div className="chart-box">
            <canvas ref={canvas} role="img" aria-label={fill(t(F.chartSummary), { date: data.date, a: totals.a, d: totals.d, r: totals.r, peak: String(peak).padStart(2, '0') })} />
          </div>
          <details>
            <summary>{t(F.asTable)}</summary>
            <table>
              <thead><tr><th scope="col">{t(F.hour)}</th><th scope="col">{t(F.admitted)}</th><th scope="col">{t(F.denied)}</th><th scope="col">{t(F.referred)}</th></tr></thead>
              <tbody>{data.hours.map((h) => <tr key={h.hour}><td>{String(h.hour).padStart(2, '0')}.00</td><td>{h.admitted}</td><td>{h.denied}</td><td>{h.referred}</td></tr>)}</tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
