/* chronolane interactive timeline: draws the embedded chronology as swimlanes, links chart and table. */
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var D = JSON.parse(document.getElementById('chronolane-data').textContent);
  var E = D.events, N = E.number.length, T = D.types, LANES = D.lanes;
  var LEFT = 180, RIGHT = 14, TOP = 46, ROW = 15, ROWS = 3, LH = ROWS * ROW + 10, DAY = 86400000;
  var box = document.getElementById('timeline'), tip = document.getElementById('tip');
  var tbody = document.getElementById('rows'), rows = [], shown = new Uint8Array(N);
  var F = D.followUps || [];
  var laneOn = LANES.map(function () { return true; });
  var violations = 0;
  document.addEventListener('securitypolicyviolation', function () {
    violations++; document.documentElement.setAttribute('data-csp-violations', String(violations));
  });
  /* the rows wait, parsed but never laid out, in a template; only those near the screen join the table */
  document.getElementById('row-source').content.querySelectorAll('tr').forEach(function (tr) {
    rows[+tr.getAttribute('data-i')] = tr;
  });

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

  /* Lanes, ticks, periods, key dates, gaps and follow-ups are few and rebuilt on every draw; the event
     markers and vague-date spans are made once and only moved, added or taken away, so a zoom costs one
     attribute per event in view. */
  var layers = null, markEls = [], spanEls = [], onScreen = [], tabbed = null;
  function marker(i) {
    var m = markEls[i];
    if (m) { return m; }
    var t = T[E.type[i]], edged = t.hollow || t.line;
    m = markEls[i] = el('path', {d: t.path, fill: t.hollow ? '#FFFFFF' : t.line ? 'none' : t.colour,
      stroke: edged ? t.colour : '#FFFFFF', 'stroke-width': edged ? 1.6 : 0.6, 'fill-opacity': E.vague[i] ? 0.8 : 1,
      'class': 'ev', 'data-i': i, tabindex: -1, role: 'button',
      'aria-label': 'Event ' + E.number[i] + ', ' + (E.date[i] || normalised(i)) + ', ' + E.agency[i] + ', ' + t.label});
    return m;
  }
  function span(i) {
    var r = spanEls[i];
    if (r) { return r; }
    var t = T[E.type[i]];
    r = spanEls[i] = el('rect', {height: 8, fill: t.colour, 'fill-opacity': 0.22, stroke: t.colour, 'stroke-width': 0.5,
      'class': 'span', 'data-i': i});
    return r;
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
    if (!layers) {
      layers = {back: el('g', {}, svg), spans: el('g', {}, svg), marks: el('g', {}, svg),
        links: el('g', {'class': 'follow-ups'}, svg), front: el('g', {'class': 'events'}, svg)};
    }
    var back = layers.back, marks = layers.marks, front = layers.front;
    back.replaceChildren(); marks.replaceChildren(); layers.links.replaceChildren();
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
    var rowEnd = {}, now = new Uint8Array(N), drawn = [], spanned = [], at = {}, first = null;
    for (var n = 0; n < dated.length; n++) {
      var i = dated[n];
      if (!shown[i] || !laneOn[E.lane[i]] || E.end[i] < lo || E.start[i] > hi) { continue; }
      var vague = E.vague[i], x0 = x(E.start[i]), x1 = x(E.end[i]), xm = vague ? (x0 + x1) / 2 : x(E.start[i] + 0.5);
      var left = Math.min(x0, xm - 6), right = Math.max(x1, xm + 6);
      var ends = rowEnd[E.lane[i]] || (rowEnd[E.lane[i]] = []), sub = -1, r;
      for (r = 0; r < ROWS; r++) { if (!(ends[r] > left)) { sub = r; break; } }
      if (sub < 0) { sub = 0; for (r = 1; r < ROWS; r++) { if (ends[r] < ends[sub]) { sub = r; } } }
      ends[sub] = right;
      var y = laneY[E.lane[i]] + 12 + sub * ROW;
      if (vague) {
        var s = span(i), sx = Math.max(x0, LEFT - 4);
        s.setAttribute('x', sx); s.setAttribute('y', y - 4);
        s.setAttribute('width', Math.max(Math.min(x1, LEFT + plot + 4) - sx, 1));
        if (s.parentNode !== layers.spans) { layers.spans.appendChild(s); }
        spanned.push(i);
      }
      if (xm < LEFT - 6 || xm > LEFT + plot + 6) { continue; }
      var p = marker(i);
      p.setAttribute('transform', 'translate(' + xm.toFixed(1) + ' ' + y + ')');
      if (p.parentNode !== front) { front.appendChild(p); }
      if (p.classList.contains('sel') !== (i === selected)) { p.classList.toggle('sel'); }
      now[i] = 1; drawn.push(i); at[i] = [xm, y];
      if (first === null) { first = p; }
    }
    onScreen.forEach(function (i) { if (!now[i] && markEls[i].parentNode) { front.removeChild(markEls[i]); } });
    var spanOn = new Uint8Array(N);
    spanned.forEach(function (i) { spanOn[i] = 1; });
    Array.prototype.slice.call(layers.spans.childNodes).forEach(function (s) {
      if (!spanOn[+s.getAttribute('data-i')]) { layers.spans.removeChild(s); }
    });
    onScreen = drawn;
    var entry = selected >= 0 && now[selected] ? markEls[selected] : first;  /* the one marker Tab reaches */
    if (tabbed !== entry) { if (tabbed) { tabbed.setAttribute('tabindex', -1); } if (entry) { entry.setAttribute('tabindex', 0); } tabbed = entry; }
    drawFollowUps(at, laneY, x, lo, hi, plot);
    if (focused !== null) {  /* the focused marker was redrawn: keep keyboard focus on the same event */
      var again = markerOf(focused);
      if (again) { if (tabbed) { tabbed.setAttribute('tabindex', -1); } again.setAttribute('tabindex', 0); tabbed = again; again.focus({preventScroll: true}); }
    }
    if (fromInput && full) { fromInput.value = iso(Math.round(lo)); toInput.value = iso(Math.round(hi)); }
    var undated = 0;
    for (var u = 0; u < N; u++) { if (shown[u] && E.start[u] === null) { undated++; } }
    document.getElementById('view-state').textContent = (full ? 'Showing ' + iso(Math.round(lo)) + ' to ' + iso(Math.round(hi)) + '.' : '') +
      (undated ? ' ' + undated + ' undated event' + (undated > 1 ? 's are' : ' is') + ' in the table only.' : '');
  }

  /* Follow-ups: an arrow from each trigger to its follow-up, labelled with the lag; a crossed square above a
     trigger whose follow-up never came. Drawn only where the trigger's marker is on screen. */
  function drawFollowUps(at, laneY, x, lo, hi, plot) {
    var g = layers.links;
    F.forEach(function (f, n) {
      var a = at[f.from];
      if (!a) { return; }
      var label = f.text, mark;
      if (f.to !== null && at[f.to]) {
        var b = at[f.to], colour = f.late ? '#D55E00' : '#0072B2';
        mark = el('g', {'class': 'follow-up', tabindex: 0, role: 'img', 'aria-label': label, 'data-f': n}, g);
        el('line', {x1: a[0], y1: a[1], x2: b[0], y2: b[1], stroke: 'transparent', 'stroke-width': 8}, mark);
        var dx = b[0] - a[0], dy = b[1] - a[1], len = Math.sqrt(dx * dx + dy * dy) || 1, ux = dx / len, uy = dy / len;
        var tx = b[0] - ux * 7, ty = b[1] - uy * 7;
        el('line', {x1: a[0], y1: a[1], x2: tx, y2: ty, stroke: colour, 'stroke-width': 1.2,
          'stroke-dasharray': f.vague ? '4 3' : 'none'}, mark);
        el('path', {d: 'M ' + b[0] + ' ' + b[1] + ' L ' + (tx - uy * 3.5) + ' ' + (ty + ux * 3.5) + ' L ' +
          (tx + uy * 3.5) + ' ' + (ty - ux * 3.5) + ' Z', fill: colour}, mark);
        var t = el('text', {x: (a[0] + b[0]) / 2 + 3, y: (a[1] + b[1]) / 2 - 3, fill: colour, 'class': 'lag-label'}, mark);
        t.textContent = f.lag;
      } else if (f.to === null) {
        mark = el('g', {'class': 'follow-up missing' + (f.vague ? ' possibly' : ''), tabindex: 0, role: 'img',
          'aria-label': label, 'data-f': n, transform: 'translate(' + a[0].toFixed(1) + ' ' + (a[1] - 9) + ')'}, g);
        el('rect', {x: -4, y: -4, width: 8, height: 8, fill: '#FFFFFF', stroke: '#000000',
          'stroke-dasharray': f.vague ? '2 1' : 'none'}, mark);
        el('path', {d: 'M -3 -3 L 3 3 M -3 3 L 3 -3', stroke: '#000000', 'stroke-width': 1.2}, mark);
      }
    });
  }

  /* ------------------------------------------------------------------ tooltip, selection */
  function markerOf(i) { return svg ? svg.querySelector('.ev[data-i="' + i + '"]') : null; }
  function tipTarget(e) { return e.target.closest ? e.target.closest('.ev, .follow-up') : null; }
  function showTip(target) {
    var r = target.getBoundingClientRect(), b = box.getBoundingClientRect();
    tip.textContent = target.classList.contains('ev') ? eventText(+target.getAttribute('data-i')) : F[+target.getAttribute('data-f')].text;
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
      reveal(i); row.focus({preventScroll: true});
    } else if (E.start[i] !== null && (E.end[i] < view[0] || E.start[i] > view[1])) {
      var half = (view[1] - view[0]) / 2, mid = (E.start[i] + E.end[i]) / 2;
      setView(mid - half, mid + half);
    }
    document.getElementById('selection').textContent = 'Selected event ' + E.number[i] + '.';
    draw();
  }
  if (svg) {
    svg.addEventListener('mouseover', function (e) { var t = tipTarget(e); if (t) { showTip(t); } });
    svg.addEventListener('mouseout', function (e) { if (tipTarget(e)) { hideTip(); } });
    svg.addEventListener('focusin', function (e) { var t = tipTarget(e); if (t) { showTip(t); } });
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
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {  /* row by row, also to rows not yet in the table */
      var p = list.indexOf(+tr.getAttribute('data-i')) + (e.key === 'ArrowDown' ? 1 : -1);
      if (p >= 0 && p < list.length) { e.preventDefault(); if (!rows[list[p]].isConnected) { reveal(list[p]); } rows[list[p]].focus(); }
    }
  });

  /* ------------------------------------------------------------------ the table, rows near the screen only */
  /* Laying out thousands of rows is what makes a long table slow to open and to filter, so only the rows
     within a screen's height of the view are in the table; spacers above and below stand for the others, at
     their measured (or else the average) height. Printing puts every row of the filter in. */
  var sorted = [], list = [], heights = new Float64Array(N), measuredN = 0, measuredSum = 0, printing = false;
  for (i = 0; i < N; i++) { sorted.push(i); }
  var spaceAbove = document.getElementById('rows-above'), spaceBelow = document.getElementById('rows-below');
  var table = tbody.parentNode, rendered = [0, 0], rowsPending = false;
  function rowHeight(i) { return heights[i] || (measuredN ? measuredSum / measuredN : 30); }
  function renderRows(force) {
    /* the measured heights of new rows move what is near the screen: settle in a few passes */
    for (var pass = 0; pass < 4; pass++) {
      var a = 0, b = list.length, n, y = 0, top = 0, below = 0;
      if (!printing) {
        var origin = spaceAbove.getBoundingClientRect().top, lo = -origin - innerHeight, hi = -origin + 2 * innerHeight;
        for (n = 0; n < list.length && y + rowHeight(list[n]) < lo; n++) { y += rowHeight(list[n]); }
        a = n; top = y;
        for (; n < list.length && (y < hi || n - a < 20); n++) { y += rowHeight(list[n]); }
        b = n;
        for (; n < list.length; n++) { below += rowHeight(list[n]); }
      }
      var same = a === rendered[0] && b === rendered[1];
      if (force || !same) {
        var frag = document.createDocumentFragment();
        for (n = a; n < b; n++) { rows[list[n]].setAttribute('aria-rowindex', n + 2); frag.appendChild(rows[list[n]]); }
        tbody.replaceChildren(frag);
        rendered = [a, b];
        for (n = a; n < b; n++) {
          var h = rows[list[n]].offsetHeight;
          if (!heights[list[n]]) { measuredN++; measuredSum += h; } else { measuredSum += h - heights[list[n]]; }
          heights[list[n]] = h;
        }
      }
      spaceAbove.firstChild.firstChild.style.height = top + 'px';
      spaceBelow.firstChild.firstChild.style.height = below + 'px';
      if (printing || (same && !force)) { break; }
      force = false;
    }
    table.setAttribute('aria-rowcount', list.length + 1);
  }
  function reveal(i) {  /* scroll the table so that row i is in the middle of the screen */
    var p = list.indexOf(i), y = 0;
    if (p < 0) { return; }
    for (var n = 0; n < p; n++) { y += rowHeight(list[n]); }
    window.scrollTo(0, spaceAbove.getBoundingClientRect().top + window.scrollY + y - innerHeight / 2);
    renderRows(false);
    rows[i].scrollIntoView({block: 'center'});
    renderRows(false);
  }
  function scrolled() {
    if (!rowsPending && !printing) { rowsPending = true; requestAnimationFrame(function () { rowsPending = false; renderRows(false); }); }
  }
  window.addEventListener('scroll', scrolled, {passive: true});
  window.addEventListener('resize', scrolled);
  function toPrint(on) { if (printing !== on) { printing = on; renderRows(true); } }
  window.addEventListener('beforeprint', function () { toPrint(true); });
  window.addEventListener('afterprint', function () { toPrint(false); });
  window.matchMedia('print').addEventListener('change', function (e) { toPrint(e.matches); });

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
      shown[i] = on ? 1 : 0; if (on) { count++; }
    }
    list = sorted.filter(function (i) { return shown[i]; });
    renderRows(true);
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
      sorted = order;
      list = sorted.filter(function (i) { return shown[i]; });
      renderRows(true);
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
