/**
 * #/verification: the 免申即享 verification list (待核实) — enterprises the last scan could not
 * decide for a policy granted without an application, with what is left to check. They get no notice
 * until the data decides them; a scan can be run from here (POST /api/v1/admin/policies/scan).
 */
import { api, failed } from './api';
import { append, el, fmtTime, flash, headRow } from './dom';

interface MissingItem {
  id: string;
  text: string;
  fact?: string;
}
interface VerificationRow {
  policyId: string;
  policyTitle: string;
  enterpriseId: string;
  enterpriseName: string;
  creditCode?: string;
  missing: MissingItem[];
  scannedAt: string;
}
interface ScanSummary {
  enterprises: number;
  policies: { policyId: string; eligible: number; unknown: number; noticesSent: number }[];
}

const SHOWN = 200;
const POLICIES_API = '/api/v1/admin/policies';

export function viewVerification(main: HTMLElement): void {
  const body = el('tbody');
  const summary = el('p', { class: 'muted', text: '正在读取…' });
  const scan = el('button', { type: 'button', text: '立即扫描' });
  const load = () => {
    body.textContent = '';
    api<{ total: number; items: VerificationRow[] }>('GET', `${POLICIES_API}/verification?limit=${SHOWN}`)
      .then((r) => {
        summary.textContent = r.total ? `共 ${r.total} 条待核实${r.total > SHOWN ? `，显示前 ${SHOWN} 条` : ''}。核实前不会发送免申即享通知。` : '没有待核实的企业。';
        for (const row of r.items) {
          body.appendChild(
            el(
              'tr',
              null,
              el('td', { text: row.policyTitle }),
              el('td', null, row.enterpriseName, row.creditCode ? el('div', { class: 'mono muted', text: row.creditCode }) : null),
              el('td', null, el('ul', null, row.missing.map((m) => el('li', { text: m.fact ? `${m.text}（缺少数据：${m.fact}）` : `${m.text}（需人工核实）` })))),
              el('td', { text: fmtTime(row.scannedAt) }),
            ),
          );
        }
      })
      .catch(failed);
  };
  scan.addEventListener('click', () => {
    scan.setAttribute('disabled', '');
    api<ScanSummary>('POST', `${POLICIES_API}/scan`)
      .then((s) => {
        const sent = s.policies.reduce((n, p) => n + p.noticesSent, 0);
        flash(`已扫描 ${s.enterprises} 家企业、${s.policies.length} 项免申即享政策，新发送通知 ${sent} 条。`, 'ok');
        load();
      })
      .catch(failed)
      .finally(() => scan.removeAttribute('disabled'));
  });
  append(main, [
    el('h2', { text: '免申即享待核实' }),
    el('p', { class: 'muted', text: '登记库数据不足以判定的企业：补齐数据或人工核实后，下次扫描时符合条件的企业会收到通知。' }),
    el('p', null, scan),
    summary,
    el('table', { id: 'verification' }, headRow(['政策', '企业', '待核实条件', '扫描时间']), body),
  ]);
  load();
}
