/* chronolane interactive timeline: draws the embedded chronology as swimlanes, links chart and table. */
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var D = JSON.parse(document.getElementById('chronolane-data').textContent);
  var E = D.events, N = E.number.length, T = D.types, LANES = D.lanes;
  var LEFT = 180, RIGHT = 14, TOP = 46, ROW = 15, ROWS = 3, LH = ROWS * ROW + 10, DAY = 86400000;
  var box = document.getElementById('timeline'), tip = document.getElementById('tip');
  var tbody = document.getElementById('rows'), rows = [], shown = new Uint8Array(N);
  var laneOn = LANES.map(function () { return true; });
  var violations = 0;
  document.addEventListener('securitypolicyviolation', function () {
    violations++; document.documentElement.setAttribute('data-csp-violations', String(violations));
  });
  tbody.querySelectorAll('tr').forEach(function (tr) { rows[+tr.getAttribute('data-i')] = tr; });

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function iso(d) { return new Date(d * DAY).toISOString().slice(0, 10); }
  function normalised(i) {
    if (E.start[i] === null) { return 'undated'; }
    var a = iso(E.start[i]), b = iso(E.end[i] - 1);
    return (a === b ? a : a + ' to ' + b) + ' (' + E.precision[i] + ')';
  }
  function eventText(i) {
    var t = T[E.type[i]], lines = ['Event ' + E.number[i], 'Date: ' + (E.date[i] || '(none)') +
      (E.time[i] ? ' ' + E.time[i] : '') + ' \u2014 ' + normalised(i), 'Agency: ' + E.agency[i],
      'Subject: ' + (E.subject[i] || '(none)'), 'Type: ' + t.label];
    if (E.attendance) { lines.push('Attendance: ' + (E.attendance[i] || '(not recorded)')); }
    lines.push(E.description[i]);
    if (E.issues[i]) { lines.push('Issues: ' + E.issues[i]); }
    return lines.join('\n');
  }

  /* ------------------------------------------------------------------ view: the dates on screen */
  var dated = [];
  for (var i = 0; i < N; i++) { if (E.start[i] !== null) { dated.push(i); } }
  dated.sort(function (a, b) { return E.start[a] - E.start[b] || E.end[a] - E.end[b] || a - b; });
  var full = (function () {
    var lo = Infinity, hi = -Infinity;
    dated.forEach(function (i) { lo = Math.min(lo, E.start[i]); hi = Math.max(hi, E.end[i]); });
    D.keys.forEach(function (k) { lo = Math.min(lo, k.start); hi = Math.max(hi, k.end); });
    if (!isFinite(lo)) { return null; }
    var pad = Math.max((hi - lo) * 0.03, 3);
    return [lo - pad, hi + pad];
  })();
  var view = full ? full.slice() : [0, 1], selected = -1, pending = false;
  var fromInput = document.getElementById('from'), toInput = document.getElementById('to');

  function setView(lo, hi) {
    if (!full) { return; }
    var span = Math.max(hi - lo, 2), limit = (full[1] - full[0]) * 4 + 60;
    span = Math.min(span, limit);
    var mid = (lo + hi) / 2;
    view = [mid - span / 2, mid + span / 2];
    schedule();
  }
  function zoom(factor, at) {
    var x = at === undefined ? (view[0] + view[1]) / 2 : at;
    setView(x - (x - view[0]) * factor, x + (view[1] - x) * factor);
  }
  function pan(share) { var d = (view[1] - view[0]) * share; setView(view[0] + d, view[1] + d); }
  function schedule() { if (!pending) { pending = true; requestAnimationFrame(function () { pending = false; draw(); }); } }

  /* ------------------------------------------------------------------ drawing */
  var svg = box ? box.querySelector('svg') : null;
  function ticks(lo, hi, width) {
    var days = hi - lo, out = [], d, y, m;
    var steps = [[1, 'd'], [7, 'd'], [1, 'm'], [3, 'm'], [6, 'm'], [1, 'y'], [2, 'y'], [5, 'y'], [10, 'y']];
    var step = steps[steps.length - 1];
    for (var s = 0; s < steps.length; s++) {
      var approx = steps[s][1] === 'd' ? steps[s][0] : steps[s][1] === 'm' ? steps[s][0] * 30.4 : steps[s][0] * 365.25;
      if (width / (days / approx) >= 70) { step = steps[s]; break; }
    }
    var start = new Date(lo * DAY);
    if (step[1] === 'd') {
      for (d = Math.ceil(lo / step[0]) * step[0]; d <= hi; d += step[0]) { out.push([d, iso(d)]); }
    } else if (step[1] === 'm') {
      y = start.getUTCFullYear(); m = Math.floor(start.getUTCMonth() / step[0]) * step[0];
      for (;;) {
        d = Date.UTC(y, m, 1) / DAY;
        if (d > hi) { break; }
        if (d >= lo) { out.push([d, new Date(d * DAY).toLocaleDateString('en-GB', {month: 'short', year: 'numeric', timeZone: 'UTC'})]); }
        m += step[0]; if (m >= 12) { m -= 12; y++; }
      }
    } else {
      for (y = Math.floor(start.getUTCFullYear() / step[0]) * step[0]; ; y += step[0]) {
        d = Date.UTC(y, 0, 1) / DAY;
        if (d > hi) { break; }
        if (d >= lo) { out.push([d, String(y)]); }
      }
    }
    return out;
  }

  /* The chart's width. Before the first paint it is estimated from the window, because asking the box would
     lay out the whole table first; once painted the box is measured, and the chart redrawn if it differs. */
  var measured = 0, drawnWidth = 0;
  function boxWidth() { return measured || window.innerWidth - 2 * 21 - 2 - 16; }
  function measure() {
    var w = box.clientWidth;
    if (Math.abs(w - boxWidth()) > 1) { measured = w; schedule(); } else { measured = w; }
  }

  function draw() {
    if (!svg) { return; }
    var width = Math.max(boxWidth(), 400), plot = width - LEFT - RIGHT;
    drawnWidth = width;
    var lanes = [], laneY = {};
    LANES.forEach(function (name, li) { if (laneOn[li]) { laneY[li] = TOP + lanes.length * LH; lanes.push(li); } });
    var height = TOP + Math.max(lanes.length, 1) * LH + 8;
    var lo = view[0], hi = view[1], k = plot / (hi - lo);
    function x(d) { return LEFT + (d - lo) * k; }
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.setAttribute('width', width); svg.setAttribute('height', height);
    var active = document.activeElement, focused = active && svg.contains(active) && active.classList.contains('ev') ?
      active.getAttribute('data-i') : null;
    var keep = svg.querySelector('defs');
    while (svg.lastChild && svg.lastChild !== keep) { svg.removeChild(svg.lastChild); }
    var back = el('g', {}, svg), marks = el('g', {}, svg), front = el('g', {'class': 'events'}, svg);
    lanes.forEach(function (li, n) {
      el('rect', {x: 0, y: laneY[li], width: width, height: LH, fill: n % 2 ? '#FFFFFF' : '#F2F2F2'}, back);
      var t = el('text', {x: 6, y: laneY[li] + LH / 2 + 4, 'class': 'lane-label'}, back);
      t.textContent = LANES[li].length > 26 ? LANES[li].slice(0, 25) + '\u2026' : LANES[li];
    });
    el('rect', {x: LEFT, y: 0, width: plot, height: height, fill: 'none', stroke: '#999'}, back);
    ticks(lo, hi, plot).forEach(function (t) {
      el('line', {x1: x(t[0]), x2: x(t[0]), y1: 30, y2: height, stroke: '#D0D0D0'}, back);
      if (x(t[0]) > LEFT + plot - 45) { return; }  /* no label cut off at the right edge */
      var label = el('text', {x: x(t[0]) + 3, y: 40, 'class': 'tick'}, back); label.textContent = t[1];
    });
    var clip = function (a, b) { return [Math.max(x(a), LEFT), Math.min(x(b), LEFT + plot)]; };
    D.periods.forEach(function (p) {
      var c = clip(p.start, p.end === null ? hi : p.end);
      if (c[1] <= c[0]) { return; }
      if (p.lane >= 0) {
        if (!laneOn[p.lane]) { return; }
        el('rect', {x: c[0], y: laneY[p.lane] + LH - 9, width: c[1] - c[0], height: 6, fill: p.colour, 'fill-opacity': 0.45, stroke: p.colour}, marks);
      } else {
        el('rect', {x: c[0], y: TOP, width: c[1] - c[0], height: height - TOP, fill: p.colour, 'fill-opacity': 0.1}, back);
      }
      var t = el('text', {x: c[0] + 2, y: p.lane >= 0 ? laneY[p.lane] + LH - 11 : 12, 'class': 'period-label'}, marks);
      t.textContent = p.label + (p.end === null ? ' \u2192' : '');
    });
    D.gaps.forEach(function (g) {
      if (!laneOn[g.lane]) { return; }
      var c = clip(g.start, g.end);
      if (c[1] <= c[0]) { return; }
      var r = el('rect', {x: c[0], y: laneY[g.lane] + 2, width: c[1] - c[0], height: LH - 4,
        fill: g.certain ? 'url(#gap-certain)' : 'url(#gap-possible)', stroke: '#7F7F7F',
        'stroke-dasharray': g.certain ? 'none' : '3 2', 'class': 'gap'}, back);
      el('title', {}, r).textContent = g.label;
      var t = el('text', {x: c[0] + 3, y: laneY[g.lane] + LH / 2 + 3, 'class': 'gap-label'}, back);
      t.textContent = g.label;
    });
    D.keys.forEach(function (kd, n) {
      if (kd.end < lo || kd.start > hi) { return; }
      var c = clip(kd.start, kd.end), mid = (c[0] + c[1]) / 2;
      if (kd.end - kd.start > 1) { el('rect', {x: c[0], y: 0, width: c[1] - c[0], height: 28, fill: '#404040', 'fill-opacity': 0.07}, back); }
      el('line', {x1: mid, x2: mid, y1: 14, y2: height, stroke: '#404040', 'stroke-dasharray': kd.end - kd.start > 1 ? '4 2' : 'none'}, marks);
      var t = el('text', {x: mid + 3, y: 11 + (n % 2) * 12, 'class': 'key-label'}, marks); t.textContent = kd.label;
    });
    /* events: first-fit sub-rows in screen space, within each lane */
    var rowEnd = {}, first = true;
    for (var n = 0; n < dated.length; n++) {
      var i = dated[n];
      if (!shown[i] || !laneOn[E.lane[i]] || E.end[i] < lo || E.start[i] > hi) { continue; }
      var vague = E.vague[i], x0 = x(E.start[i]), x1 = x(E.end[i]), xm = vague ? (x0 + x1) / 2 : x(E.start[i] + 0.5);
      var left = Math.min(x0, xm - 6), right = Math.max(x1, xm + 6);
      var ends = rowEnd[E.lane[i]] || (rowEnd[E.lane[i]] = []), sub = -1, r;
      for (r = 0; r < ROWS; r++) { if (!(ends[r] > left)) { sub = r; break; } }
      if (sub < 0) { sub = 0; for (r = 1; r < ROWS; r++) { if (ends[r] < ends[sub]) { sub = r; } } }
      ends[sub] = right;
      var y = laneY[E.lane[i]] + 12 + sub * ROW, t = T[E.type[i]];
      if (vague) {
        el('rect', {x: Math.max(x0, LEFT - 4), y: y - 4, width: Math.max(Math.min(x1, LEFT + plot + 4) - Math.max(x0, LEFT - 4), 1), height: 8,
          fill: t.colour, 'fill-opacity': 0.22, stroke: t.colour, 'stroke-width': 0.5, 'class': 'span', 'data-i': i}, marks);
      }
      if (xm < LEFT - 6 || xm > LEFT + plot + 6) { continue; }
      var edged = t.hollow || t.line;
      var p = el('path', {d: t.path, transform: 'translate(' + xm.toFixed(1) + ' ' + y + ')',
        fill: t.hollow ? '#FFFFFF' : t.line ? 'none' : t.colour, stroke: edged ? t.colour : '#FFFFFF',
        'stroke-width': edged ? 1.6 : 0.6, 'fill-opacity': vague ? 0.8 : 1, 'class': 'ev' + (i === selected ? ' sel' : ''),
        'data-i': i, tabindex: first ? 0 : -1, role: 'button',
        'aria-label': 'Event ' + E.number[i] + ', ' + (E.date[i] || normalised(i)) + ', ' + E.agency[i] + ', ' + t.label}, front);
      if (i === selected) { p.setAttribute('tabindex', 0); }
      first = false;
    }
    if (focused !== null) {  /* the focused marker was redrawn: keep keyboard focus on the same event */
      var again = markerOf(focused);
      if (again) { front.querySelectorAll('.ev').forEach(function (m) { m.setAttribute('tabindex', -1); }); again.setAttribute('tabindex', 0); again.focus({preventScroll: true}); }
    }
    if (fromInput && full) { fromInput.value = iso(Math.round(lo)); toInput.value = iso(Math.round(hi)); }
    var undated = 0;
    for (var u = 0; u < N; u++) { if (shown[u] && E.start[u] === null) { undated++; } }
    document.getElementById('view-state').textContent = (full ? 'Showing ' + iso(Math.round(lo)) + ' to ' + iso(Math.round(hi)) + '.' : '') +
      (undated ? ' ' + undated + ' undated event' + (undated > 1 ? 's are' : ' is') + ' in the table only.' : '');
  }

  /* ------------------------------------------------------------------ tooltip, selection */
  function markerOf(i) { return svg ? svg.querySelector('.ev[data-i="' + i + '"]') : null; }
  function showTip(target) {
    var i = +target.getAttribute('data-i'), r = target.getBoundingClientRect(), b = box.getBoundingClientRect();
    tip.textContent = eventText(i);
    tip.hidden = false;
    var left = r.right - b.left + 8, top = r.bottom - b.top + 4;
    if (left + tip.offsetWidth > b.width) { left = Math.max(r.left - b.left - tip.offsetWidth - 8, 0); }
    if (top + tip.offsetHeight > b.height) { top = Math.max(r.top - b.top - tip.offsetHeight - 4, 0); }
    tip.style.left = left + 'px'; tip.style.top = top + 'px';
  }
  function hideTip() { tip.hidden = true; }
  function select(i, fromChart) {
    if (selected >= 0 && rows[selected]) { rows[selected].classList.remove('sel'); rows[selected].removeAttribute('aria-selected'); }
    selected = i;
    var row = rows[i];
    row.classList.add('sel'); row.setAttribute('aria-selected', 'true');
    if (fromChart) {
      row.scrollIntoView({block: 'center'}); row.focus({preventScroll: true});
    } else if (E.start[i] !== null && (E.end[i] < view[0] || E.start[i] > view[1])) {
      var half = (view[1] - view[0]) / 2, mid = (E.start[i] + E.end[i]) / 2;
      setView(mid - half, mid + half);
    }
    document.getElementById('selection').textContent = 'Selected event ' + E.number[i] + '.';
    draw();
  }
  if (svg) {
    svg.addEventListener('mouseover', function (e) { if (e.target.classList.contains('ev')) { showTip(e.target); } });
    svg.addEventListener('mouseout', function (e) { if (e.target.classList.contains('ev')) { hideTip(); } });
    svg.addEventListener('focusin', function (e) { if (e.target.classList.contains('ev')) { showTip(e.target); } });
    svg.addEventListener('focusout', hideTip);
    svg.addEventListener('click', function (e) {
      if (e.target.classList.contains('ev') && !dragged) { select(+e.target.getAttribute('data-i'), true); }
    });
    svg.addEventListener('wheel', function (e) {
      e.preventDefault();
      var b = svg.getBoundingClientRect();
      var at = view[0] + ((e.clientX - b.left) * drawnWidth / b.width - LEFT) / (drawnWidth - LEFT - RIGHT) * (view[1] - view[0]);
      zoom(e.deltaY < 0 ? 1 / 1.25 : 1.25, at);
    }, {passive: false});
    var drag = null, dragged = false;
    svg.addEventListener('pointerdown', function (e) {
      dragged = false;
      if (e.button !== 0 || e.target.classList.contains('ev')) { return; }
      drag = {x: e.clientX, view: view.slice()}; svg.classList.add('dragging'); svg.setPointerCapture(e.pointerId);
    });
    svg.addEventListener('pointermove', function (e) {
      if (!drag) { return; }
      var dx = e.clientX - drag.x;
      if (Math.abs(dx) > 3) { dragged = true; }
      var days = dx * drawnWidth / svg.getBoundingClientRect().width / (drawnWidth - LEFT - RIGHT) * (drag.view[1] - drag.view[0]);
      view = [drag.view[0] - days, drag.view[1] - days]; schedule();
    });
    svg.addEventListener('pointerup', function () { drag = null; svg.classList.remove('dragging'); });
    box.addEventListener('keydown', function (e) {
      var t = e.target, handled = true;
      if (e.key === '+' || e.key === '=') { zoom(1 / 1.5); }
      else if (e.key === '-' || e.key === '_') { zoom(1.5); }
      else if (e.key === '0' || e.key === 'Home') { if (full) { setView(full[0], full[1]); } }
      else if ((e.key === 'Enter' || e.key === ' ') && t.classList.contains('ev')) { select(+t.getAttribute('data-i'), true); }
      else if ((e.key === 'ArrowRight' || e.key === 'ArrowLeft') && t.classList.contains('ev')) {
        var all = Array.prototype.slice.call(svg.querySelectorAll('.ev'));
        all.sort(function (a, b) { return a.getBoundingClientRect().left - b.getBoundingClientRect().left; });
        var next = all[all.indexOf(t) + (e.key === 'ArrowRight' ? 1 : -1)];
        if (next) { t.setAttribute('tabindex', -1); next.setAttribute('tabindex', 0); next.focus(); }
      }
      else if (e.key === 'ArrowRight') { pan(0.2); }
      else if (e.key === 'ArrowLeft') { pan(-0.2); }
      else { handled = false; }
      if (handled) { e.preventDefault(); }
    });
    document.getElementById('zoom-in').addEventListener('click', function () { zoom(1 / 1.5); });
    document.getElementById('zoom-out').addEventListener('click', function () { zoom(1.5); });
    document.getElementById('pan-left').addEventListener('click', function () { pan(-0.3); });
    document.getElementById('pan-right').addEventListener('click', function () { pan(0.3); });
    document.getElementById('fit').addEventListener('click', function () { if (full) { setView(full[0], full[1]); } });
    var range = function () {
      var a = Date.parse(fromInput.value) / DAY, b = Date.parse(toInput.value) / DAY;
      if (isFinite(a) && isFinite(b) && b > a) { setView(a, b + 1); }
    };
    fromInput.addEventListener('change', range); toInput.addEventListener('change', range);
    window.addEventListener('resize', function () { measured = 0; requestAnimationFrame(measure); });
  }
  tbody.addEventListener('click', function (e) {
    var tr = e.target.closest('tr'); if (tr) { select(+tr.getAttribute('data-i'), false); }
  });
  tbody.addEventListener('keydown', function (e) {
    var tr = e.target.closest('tr');
    if (!tr) { return; }
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(+tr.getAttribute('data-i'), false); var m = markerOf(selected); if (m) { m.focus(); } }
  });

  /* ------------------------------------------------------------------ filters */
  var boxes = Array.prototype.slice.call(document.querySelectorAll('.filters input[type=checkbox]'));
  var search = document.getElementById('search');
  var hay = [];
  for (i = 0; i < N; i++) {
    hay.push([E.number[i], E.date[i], E.time[i], E.agency[i], E.subject[i], T[E.type[i]].label,
      E.attendance ? E.attendance[i] : '', E.description[i], E.issues[i]].join('\u0001').toLowerCase());
  }
  function checked(group) {
    var on = {};
    boxes.forEach(function (b) { if (b.getAttribute('data-group') === group && b.checked) { on[b.value] = true; } });
    return on;
  }
  function describe(group, label) {
    var all = boxes.filter(function (b) { return b.getAttribute('data-group') === group; });
    var on = all.filter(function (b) { return b.checked; });
    if (on.length === all.length) { return null; }
    return label + ': ' + (on.length ? on.map(function (b) { return b.parentNode.textContent.trim(); }).join(', ') : 'none');
  }
  function applyFilters() {
    var lanesOn = checked('lane'), typesOn = checked('type'), subjectsOn = checked('subject');
    var q = search.value.trim().toLowerCase(), count = 0;
    LANES.forEach(function (_, li) { laneOn[li] = !!lanesOn[li]; });
    for (var i = 0; i < N; i++) {
      var on = Boolean(laneOn[E.lane[i]] && typesOn[E.type[i]] && subjectsOn[E.subject[i]] && (!q || hay[i].indexOf(q) >= 0));
      shown[i] = on ? 1 : 0; if (rows[i].hidden === on) { rows[i].hidden = !on; } if (on) { count++; }
    }
    document.getElementById('shown').textContent = String(count);
    var parts = [describe('lane', 'agencies'), describe('type', 'event types'), describe('subject', 'subjects')].filter(Boolean);
    if (q) { parts.push('text contains \u201C' + search.value.trim() + '\u201D'); }
    document.getElementById('filter-state').textContent = 'Filter: ' + (parts.length ? parts.join('; ') : 'none, every event shown') +
      '. ' + count + ' of ' + N + ' events shown.';
    schedule();
  }
  boxes.forEach(function (b) { b.addEventListener('change', applyFilters); });
  search.addEventListener('input', applyFilters);
  document.querySelectorAll('button[data-all]').forEach(function (b) {
    b.addEventListener('click', function () {
      var group = b.getAttribute('data-group'), on = b.getAttribute('data-all') === 'true';
      boxes.forEach(function (c) { if (c.getAttribute('data-group') === group) { c.checked = on; } });
      applyFilters();
    });
  });

  /* ------------------------------------------------------------------ sorting */
  var collator = new Intl.Collator('en-GB', {numeric: true, sensitivity: 'base'});
  var keys = {
    number: function (i) { return [E.case[i], E.number[i]]; },
    date: function (i) { return [E.start[i] === null ? Infinity : E.start[i], E.end[i] === null ? Infinity : E.end[i], E.time[i]]; },
    time: function (i) { return [E.time[i]]; }, agency: function (i) { return [E.lane[i]]; },
    subject: function (i) { return [E.subject[i]]; }, type: function (i) { return [T[E.type[i]].label]; },
    attendance: function (i) { return [E.attendance ? E.attendance[i] : '']; },
    description: function (i) { return [E.description[i]]; }, source: function (i) { return [rows[i].getAttribute('data-source')]; },
    issues: function (i) { return [E.issues[i]]; }
  };
  function compare(a, b) {
    for (var k = 0; k < a.length; k++) {
      var x = a[k], y = b[k], c = (typeof x === 'number' && typeof y === 'number') ? (x < y ? -1 : x > y ? 1 : 0) : collator.compare(String(x), String(y));
      if (c) { return c; }
    }
    return 0;
  }
  document.querySelectorAll('th[data-key] button').forEach(function (btn) {
    btn.addEventListener('click', function () {
      var th = btn.parentNode, key = th.getAttribute('data-key');
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      document.querySelectorAll('th[data-key]').forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
      var order = [], fn = keys[key];
      for (var i = 0; i < N; i++) { order.push(i); }
      var cache = order.map(fn);
      order.sort(function (a, b) {
        if (key === 'date' && (E.start[a] === null) !== (E.start[b] === null)) { return E.start[a] === null ? 1 : -1; }
        return dir * compare(cache[a], cache[b]) || compare(keys.number(a), keys.number(b));
      });
      var frag = document.createDocumentFragment();
      order.forEach(function (i) { frag.appendChild(rows[i]); });
      tbody.appendChild(frag);
    });
  });

  applyFilters();
  draw();
  document.documentElement.setAttribute('data-ready', 'true');
  /* for measuring: the page is usable once the first frame after this is painted */
  requestAnimationFrame(function () {
    setTimeout(function () { performance.mark('chronolane-painted'); if (box) { measure(); } }, 0);
  });
})();
