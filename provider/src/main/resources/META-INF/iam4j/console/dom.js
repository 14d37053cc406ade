// DOM building without innerHTML: every value from the server becomes text, never markup.

/**
 * h('tr', {dataset: {user: 'alice'}, class: 'x', onclick: fn}, child, ...): an element. Attributes named on*
 * with a function become listeners; 'dataset' is an object; 'class' the class list; booleans toggle the
 * attribute; strings/numbers among the children become text nodes; null/false children are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'dataset') {
      Object.entries(v).forEach(([dk, dv]) => { el.dataset[dk] = dv; });
    } else if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'class') {
      el.className = v;
    } else if (k === 'value' || k === 'checked' || k === 'selected') {
      el[k] = v;
    } else if (v === true) {
      el.setAttribute(k, '');
    } else {
      el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** A labelled form field: <div class=field><label for=id>label</label> control hint</div>. */
export function field(label, control, hint) {
  const hintEl = hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}

/** A labelled checkbox. */
export function checkbox(id, label, checked) {
  return h('div', { class: 'field check' }, h('input', { id, type: 'checkbox', checked: !!checked }),
    h('label', { for: id }, label));
}

/** A table with a caption, a header row and body rows (already built <tr>s). */
export function table(id, caption, headers, rows, empty = 'None.') {
  const body = h('tbody', {}, rows.length ? rows
    : h('tr', { class: 'empty' }, h('td', { colspan: headers.length }, empty)));
  return h('div', { class: 'table-wrap' }, h('table', { id },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
    body));
}

/** <select> with options [[value, label], ...]. */
export function select(id, options, selected) {
  return h('select', { id }, options.map(([v, l]) => h('option', { value: v, selected: v === selected }, l)));
}

/** A date as the browser's locale shows it (the ISO text in the title for precision). */
export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d) ? iso : h('time', { datetime: iso, title: iso }, d.toLocaleString());
}
