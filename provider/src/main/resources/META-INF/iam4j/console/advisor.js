// Access advisor: a user's, group's, role's or policy's last accessed services and actions, with the
// policy statement that granted the latest allow (iam4j's LastAuthenticatedStatement). IAM's own calls:
// GenerateServiceLastAccessedDetails, then GetServiceLastAccessedDetails with its JobId.

import { call, child, childText, childMembers, members, text } from './api.js';
import { h, table, when } from './dom.js';

/** "POLICY statement N (SID)" of a statement element; the policy links to its page when managed. */
function statement(el) {
  if (!el) return '';
  const arn = childText(el, 'PolicyArn');
  const sid = childText(el, 'Sid');
  const where = arn
    ? h('a', { href: `#/policies/${encodeURIComponent(arn.slice(arn.lastIndexOf('/') + 1))}` }, arn.slice(arn.lastIndexOf('/') + 1))
    : `${childText(el, 'PolicyName')} (inline)`;
  return h('span', { class: 'statement' }, where, ` statement ${childText(el, 'StatementIndex')}`, sid ? ` (${sid})` : '');
}

/**
 * A page section loading the report on request (it is two API calls the viewer may not be allowed):
 * table#access-advisor-table, one tr[data-service] per service and, per action, tr[data-action].
 */
export function advisorSection(arn, act) {
  const body = h('div', { class: 'section-body' });
  const load = h('button', { id: 'access-advisor-load', type: 'button' }, 'Show last accessed');
  load.addEventListener('click', () => act(load, async () => {
    const job = text(await call('GenerateServiceLastAccessedDetails', { Arn: arn, Granularity: 'ACTION_LEVEL' }), 'JobId');
    const doc = await call('GetServiceLastAccessedDetails', { JobId: job, MaxItems: '1000' });
    const rows = [];
    for (const s of members(doc, 'ServicesLastAccessed')) {
      const ns = childText(s, 'ServiceNamespace');
      const last = childText(s, 'LastAuthenticated');
      rows.push(h('tr', { class: 'service', dataset: { service: ns } },
        h('th', { scope: 'row' }, childText(s, 'ServiceName')),
        h('td', {}, last ? when(last) : 'Not accessed'),
        h('td', { class: 'arn' }, childText(s, 'LastAuthenticatedEntity') || ''),
        h('td', {}, childText(s, 'TotalAuthenticatedEntities') || '0'),
        h('td', {}, statement(child(s, 'LastAuthenticatedStatement')))));
      for (const a of childMembers(s, 'TrackedActionsLastAccessed')) {
        const name = `${ns}:${childText(a, 'ActionName')}`;
        const at = childText(a, 'LastAccessedTime');
        rows.push(h('tr', { class: 'action', dataset: { action: name } },
          h('th', { scope: 'row' }, h('span', { class: 'indent' }, name)),
          h('td', {}, at ? when(at) : 'Not accessed'),
          h('td', { class: 'arn' }, childText(a, 'LastAccessedEntity') || ''),
          h('td', {}, ''),
          h('td', {}, child(a, 'LastAuthenticatedStatement') ? statement(child(a, 'LastAuthenticatedStatement'))
            : h('span', { class: 'muted' }, 'allowable by ', statement(child(a, 'AllowedByStatement'))))));
      }
    }
    body.replaceChildren(table('access-advisor-table', 'Services and actions its permissions policies allow',
      ['Service / action', 'Last accessed', 'By', 'Entities', 'Allowed by'], rows, 'Its policies allow no service.'));
    load.textContent = 'Refresh';
  }));
  const el = h('section', { id: 'sec-access-advisor', class: 'card', 'aria-labelledby': 'sec-access-advisor-title' },
    h('h2', { id: 'sec-access-advisor-title' }, 'Access advisor'),
    h('p', { class: 'muted' }, 'When each allowed service and action was last attempted (allowed or not), and which statement granted the last allow.'),
    load, body);
  return el;
}
