// The map page's choropleth: a Streamlit component (API v1, spoken by hand) drawing on a 2D canvas.
//
// Geometry reaches the browser once: `args.geometry` is a URL on Streamlit's static route (a content-hashed,
// compact JSON file written by ui/components/areamap/__init__.py), fetched only when that URL changes. A rerun
// sends only per-area class numbers (into `palette`, in the geometry file's area order) and the tooltips as a
// table of unique lines plus each area's line numbers. A 2D canvas rather than WebGL: a few thousand polygons
// draw in milliseconds, and browsers without a GPU (projectors' laptops, headless test browsers) do not pay for
// reading WebGL pixels back on every frame. No dependencies, no build step.
(() => {
  'use strict';

  const SCALE = 1e5; // coordinates in the file: integers of 1e-5 degree, delta-encoded per ring
  const TILE = 512; // Web Mercator world size at zoom 0 (as deck.gl, so zoom levels match the other maps)
  const FILL_ALPHA = 215 / 255; // the colours over white, as the pydeck maps draw them
  const HOVER = 'rgba(0, 0, 0, 0.235)';
  const OUTLINE = '#ffffff';
  // Line widths in screen pixels at every zoom (colours come with the arguments: args.style).
  const FOCUS_PX = 3;
  const SELECTED_PX = 3.5;
  const CASING_PX = 8;
  const MARK_PX = 3; // a program's areas (issue #18): dashed, in a colour of no map scale
  const MARK_DASH_PX = 6;
  const MARK_COLOUR = '#5e2ca5';
  const NOTE_FONT = '12px "Source Sans", "Source Sans Pro", Helvetica, Arial, sans-serif';
  const NOTE_COLOUR = '#141414';
  const NOTE_BACKGROUND = 'rgba(255, 255, 255, 0.9)';
  const BUTTON_STEP = 1; // zoom levels per +/− press
  const HINT_MS = 1600;
  const MIN_ZOOM = 3;
  const MAX_ZOOM = 18;
  const PADDING = 12; // px around the areas when the map is fitted
  const MIN_HEIGHT = 320; // px: the frame is as tall as the areas need at its width, between this and args.height
  const CLICK_SLOP = 5; // px a pointer may move and still click
  const ZOOM_ROOM = 56; // px kept free at the map's right edge for the zoom buttons (8 + 32 + 8, and a gap)

  const root = document.getElementById('map');
  const canvas = root.querySelector('canvas');
  const ctx = canvas.getContext('2d');
  const tip = root.querySelector('.map-tooltip');
  const hint = root.querySelector('.map-hint');
  const zoomBox = document.querySelector('.map-zoom'); // beside the map (role img), not inside it

  let args = null;
  let geometryUrl = null;
  let geometry = null; // {codes, names, index, parts: [{i, rings, box}], bounds, origin, scale, paths, focusPath}
  let groups = null; // Map fill style -> Path2D of all areas with that fill (rebuilt when the colours change)
  let view = null; // {x, y, zoom}: world point at the centre of the canvas
  let width = 0;
  let height = 0;
  let dpr = 1;
  let fills = []; // fill style per area for the current args
  let hover = -1;
  let pending = 0;
  let frameHeight = 0;
  let moved = false; // the user panned or zoomed: a resize keeps the view instead of fitting the areas again
  let drawnKey = null;
  let drawnSelected = null;
  let clicked = null; // {code, before}: an area clicked, drawn as selected until the page's answer changes the selection
  let received = 0; // when the last render message arrived (read by the benchmarks)
  let draws = 0;
  let hintTimer = 0;

  function post(type, extra) {
    window.parent.postMessage({isStreamlitMessage: true, type, ...extra}, '*');
  }

  // --- geometry ----------------------------------------------------------------------------------------------
  function project(lon, lat) {
    const s = Math.sin((lat * Math.PI) / 180);
    return [((lon + 180) / 360) * TILE, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * TILE];
  }

  function decodeRings(rings, box) {
    return rings.map((flat) => {
      const ring = new Float64Array(flat.length);
      let lon = 0;
      let lat = 0;
      for (let k = 0; k < flat.length; k += 2) {
        lon += flat[k];
        lat += flat[k + 1];
        const [x, y] = project(lon / SCALE, lat / SCALE);
        ring[k] = x;
        ring[k + 1] = y;
        if (x < box[0]) box[0] = x;
        if (y < box[1]) box[1] = y;
        if (x > box[2]) box[2] = x;
        if (y > box[3]) box[3] = y;
      }
      return ring;
    });
  }

  function decode(file) {
    const bounds = [Infinity, Infinity, -Infinity, -Infinity];
    const parts = file.parts.map((rings, n) => {
      const box = [Infinity, Infinity, -Infinity, -Infinity];
      const decoded = decodeRings(rings, box);
      bounds[0] = Math.min(bounds[0], box[0]);
      bounds[1] = Math.min(bounds[1], box[1]);
      bounds[2] = Math.max(bounds[2], box[2]);
      bounds[3] = Math.max(bounds[3], box[3]);
      return {i: file.owner[n], rings: decoded, box};
    });
    const focus = (file.focus || []).map((rings) => decodeRings(rings, [Infinity, Infinity, -Infinity, -Infinity]));
    const index = new Map(file.codes.map((code, i) => [code, i]));
    // Paths are built once, in local coordinates: (world - origin) * scale spans ~65,000 units, so the canvas's
    // single-precision coordinates stay well below a pixel at any zoom. Drawing sets a transform: panning,
    // zooming and recolouring never trace the polygons again.
    const origin = [bounds[0], bounds[1]];
    const span = Math.max(bounds[2] - bounds[0], bounds[3] - bounds[1], 1e-9);
    const scale = 2 ** Math.round(Math.log2(65536 / span));
    const paths = file.codes.map(() => new Path2D());
    for (const part of parts) trace(paths[part.i], part.rings, origin, scale);
    const focusPath = new Path2D();
    for (const rings of focus) trace(focusPath, rings, origin, scale);
    return {codes: file.codes, names: file.names, index, parts, bounds, origin, scale, paths, focusPath,
      hasFocus: focus.length > 0};
  }

  async function loadGeometry(url, inline) {
    geometryUrl = url;
    geometry = null;
    let file;
    if (inline) { // the server has no static route: the geometry came with the arguments
      file = JSON.parse(inline);
    } else {
      const response = await fetch(new URL(`../../${url}`, window.location.href));
      if (!response.ok) throw new Error(`geometry ${url}: HTTP ${response.status}`);
      file = await response.json();
    }
    if (url !== geometryUrl) return; // a newer geometry was asked for meanwhile
    geometry = decode(file);
    groups = null;
    fitHeight();
    fit();
    schedule();
  }

  // --- view ----------------------------------------------------------------------------------------------------
  const clampZoom = (z) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));

  function fit() {
    if (!geometry || !width || !height) return;
    const [x0, y0, x1, y1] = geometry.bounds;
    const k = Math.min((width - 2 * PADDING) / Math.max(x1 - x0, 1e-9), (height - 2 * PADDING) / Math.max(y1 - y0, 1e-9));
    view = {x: (x0 + x1) / 2, y: (y0 + y1) / 2, zoom: clampZoom(Math.log2(k))};
    moved = false;
  }

  // The frame's height: what the areas need at the frame's width (no empty bands above and below a wide city; on
  // a phone the map stays within the first screen), at most args.height.
  function fitHeight() {
    if (!args) return;
    let h = args.height;
    if (geometry && root.clientWidth) {
      const [x0, y0, x1, y1] = geometry.bounds;
      const need = ((root.clientWidth - 2 * PADDING) * (y1 - y0)) / Math.max(x1 - x0, 1e-9) + 2 * PADDING;
      h = Math.round(Math.min(args.height, Math.max(MIN_HEIGHT, need)));
    }
    if (h !== frameHeight) {
      frameHeight = h;
      root.style.height = `${h}px`;
      post('streamlit:setFrameHeight', {height: h});
    }
  }

  function toWorld(px, py) {
    const k = 2 ** view.zoom;
    return [view.x + (px - width / 2) / k, view.y + (py - height / 2) / k];
  }

  function zoomAt(px, py, dz) {
    if (!view) return;
    const [wx, wy] = toWorld(px, py);
    view.zoom = clampZoom(view.zoom + dz);
    const k = 2 ** view.zoom;
    view.x = wx - (px - width / 2) / k;
    view.y = wy - (py - height / 2) / k;
    moved = true;
    schedule();
  }

  function pan(dx, dy) {
    if (!view) return;
    const k = 2 ** view.zoom;
    view.x -= dx / k;
    view.y -= dy / k;
    moved = true;
    schedule();
  }

  // --- drawing ---------------------------------------------------------------------------------------------------
  function trace(path, rings, origin, scale) {
    const [x0, y0] = origin;
    for (const ring of rings) {
      path.moveTo((ring[0] - x0) * scale, (ring[1] - y0) * scale);
      for (let j = 2; j < ring.length; j += 2) path.lineTo((ring[j] - x0) * scale, (ring[j + 1] - y0) * scale);
      path.closePath();
    }
  }

  function fillGroups() {
    groups = new Map();
    geometry.paths.forEach((path, i) => {
      const fill = fills[i];
      let group = groups.get(fill);
      if (!group) groups.set(fill, (group = new Path2D()));
      group.addPath(path);
    });
  }

  function draw() {
    pending = 0;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    if (!geometry || !args || !view) return;
    if (!groups) fillGroups();
    const k = 2 ** view.zoom;
    const f = k / geometry.scale; // screen px per local unit
    const tx = (geometry.origin[0] - view.x) * k + width / 2;
    const ty = (geometry.origin[1] - view.y) * k + height / 2;
    ctx.setTransform(dpr * f, 0, 0, dpr * f, dpr * tx, dpr * ty);
    ctx.lineJoin = 'round';
    for (const [fill, path] of groups) { // neighbours never overlap: even-odd keeps holes open
      ctx.fillStyle = fill;
      ctx.fill(path, 'evenodd');
    }
    ctx.strokeStyle = OUTLINE;
    ctx.lineWidth = 1 / f;
    for (const path of groups.values()) ctx.stroke(path);
    if (hover >= 0) {
      ctx.fillStyle = HOVER;
      ctx.fill(geometry.paths[hover], 'evenodd');
    }
    const style = args.style || {};
    if (args.focus && geometry.hasFocus) {
      ctx.strokeStyle = style.focus;
      ctx.lineWidth = FOCUS_PX / f;
      ctx.stroke(geometry.focusPath);
    }
    // The chosen program's areas (views/kaart_program.py sends their positions in args.marked): a dashed outline.
    if (args.marked && args.marked.length) {
      ctx.setLineDash([MARK_DASH_PX / f, MARK_DASH_PX / f]);
      ctx.strokeStyle = MARK_COLOUR;
      ctx.lineWidth = MARK_PX / f;
      for (const i of args.marked) if (geometry.paths[i]) ctx.stroke(geometry.paths[i]);
      ctx.setLineDash([]);
    }
    // The selection last, above the focus outlines: a white casing, then its own colour.
    const code = clicked ? clicked.code : args.selected;
    const selected = code != null ? geometry.index.get(code) : undefined;
    if (selected !== undefined) {
      ctx.strokeStyle = style.casing;
      ctx.lineWidth = CASING_PX / f;
      ctx.stroke(geometry.paths[selected]);
      ctx.strokeStyle = style.selected;
      ctx.lineWidth = SELECTED_PX / f;
      ctx.stroke(geometry.paths[selected]);
    }
    drawNotes();
    if ((code ?? null) !== drawnSelected) {
      // When a selection was first drawn (bench/pages.py: map click → selection drawn, with __areamapClick).
      drawnSelected = code ?? null;
      window.__areamapSelected = {code: drawnSelected, t: performance.timeOrigin + performance.now()};
    }
    draws += 1;
    document.body.dataset.zoom = view.zoom.toFixed(3); // read by the tests: the wheel alone never zooms
    if (drawnKey !== args.colour_key) {
      // When the map showed this rerun's colours (bench/browser.py reads it; the tests wait for data-drawn).
      drawnKey = args.colour_key;
      window.__areamap = {key: drawnKey, t: performance.timeOrigin + performance.now(), received, draws};
      document.body.dataset.drawn = drawnKey;
    }
  }

  // Texts on the map (args.notes: [longitude, latitude, text]), e.g. "geen gegevens" inside a grey area: in screen
  // pixels, on a white box, so they read the same at every zoom. A note that would cover one already written is
  // left out (the grey and the tooltip still say it; zooming in makes room).
  function drawNotes() {
    if (!args.notes || !args.notes.length) return;
    const k = 2 ** view.zoom;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = NOTE_FONT;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const written = [];
    for (const [lon, lat, text] of args.notes) {
      const [wx, wy] = project(lon, lat);
      const x = (wx - view.x) * k + width / 2;
      const y = (wy - view.y) * k + height / 2;
      const w = ctx.measureText(text).width + 6;
      if (written.some(([ox, oy, ow]) => Math.abs(ox - x) < (ow + w) / 2 && Math.abs(oy - y) < 17)) continue;
      written.push([x, y, w]);
      ctx.fillStyle = NOTE_BACKGROUND;
      ctx.fillRect(x - w / 2, y - 8, w, 16);
      ctx.fillStyle = NOTE_COLOUR;
      ctx.fillText(text, x, y);
    }
  }

  function schedule() {
    if (!pending) pending = requestAnimationFrame(draw);
  }

  function resize() {
    const w = root.clientWidth;
    const h = root.clientHeight;
    dpr = window.devicePixelRatio || 1;
    if (w === width && h === height && canvas.width === Math.round(w * dpr)) return;
    const newWidth = w !== width;
    width = w;
    height = h;
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    if (newWidth) fitHeight(); // then the observer calls again with the new height
    if (!view || !moved) fit();
    schedule();
  }

  // --- pointing: tooltip, click, pan and zoom ----------------------------------------------------------------------
  function insideRings(rings, x, y) {
    let inside = false;
    for (const r of rings) {
      for (let i = 0, j = r.length - 2; i < r.length; j = i, i += 2) {
        const yi = r[i + 1];
        const yj = r[j + 1];
        if ((yi > y) !== (yj > y) && x < ((r[j] - r[i]) * (y - yi)) / (yj - yi) + r[i]) inside = !inside;
      }
    }
    return inside;
  }

  function areaAt(px, py) {
    if (!geometry || !view) return -1;
    const [x, y] = toWorld(px, py);
    for (const part of geometry.parts) {
      const b = part.box;
      if (x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3] && insideRings(part.rings, x, y)) return part.i;
    }
    return -1;
  }

  function tooltipText(i) {
    const lines = (args.tips && args.tips[i]) || [];
    return [geometry.names[i], ...lines.map((n) => args.lines[n])].join('\n');
  }

  function showTip(i, px, py) {
    if (i < 0) {
      tip.style.display = 'none';
      return;
    }
    tip.textContent = tooltipText(i);
    tip.style.display = 'block';
    // never under the zoom buttons (right, above the tooltip): on a phone a tooltip as wide as the map hid their text
    const room = width - ZOOM_ROOM;
    const left = Math.min(px + 14 + tip.offsetWidth > room ? px - 14 - tip.offsetWidth : px + 14,
                          room - tip.offsetWidth);
    const top = py + 14 + tip.offsetHeight > height ? py - 14 - tip.offsetHeight : py + 14;
    tip.style.left = `${Math.max(0, left)}px`;
    tip.style.top = `${Math.max(0, top)}px`;
  }

  function setHover(i, px, py) {
    if (i !== hover) {
      hover = i;
      root.classList.toggle('hovering', i >= 0 && args.clickable !== false);
      schedule();
    }
    showTip(i, px, py);
  }

  function local(event) {
    const r = root.getBoundingClientRect();
    return [event.clientX - r.left, event.clientY - r.top];
  }

  const pointers = new Map();
  let press = null; // {x, y, moved} of a single-pointer press, to tell a click from a drag

  root.addEventListener('pointerdown', (event) => {
    root.setPointerCapture(event.pointerId);
    const [x, y] = local(event);
    pointers.set(event.pointerId, [x, y]);
    press = pointers.size === 1 ? {x, y, moved: 0} : null;
  });

  root.addEventListener('pointermove', (event) => {
    const [x, y] = local(event);
    if (!pointers.has(event.pointerId)) {
      if (event.pointerType === 'mouse') setHover(areaAt(x, y), x, y);
      return;
    }
    const [px, py] = pointers.get(event.pointerId);
    if (pointers.size === 1) {
      if (press) press.moved += Math.abs(x - px) + Math.abs(y - py);
      if (!press || press.moved > CLICK_SLOP) {
        root.classList.add('dragging');
        setHover(-1, x, y);
        pan(x - px, y - py);
      }
    } else if (pointers.size === 2) { // two fingers: the midpoint pans, the change in distance zooms about it
      const [ox, oy] = [...pointers.entries()].find(([id]) => id !== event.pointerId)[1];
      const before = Math.hypot(px - ox, py - oy);
      const after = Math.hypot(x - ox, y - oy);
      pan((x - px) / 2, (y - py) / 2);
      if (before > 0 && after > 0) zoomAt((x + ox) / 2, (y + oy) / 2, Math.log2(after / before));
    }
    pointers.set(event.pointerId, [x, y]);
  });

  function release(event) {
    pointers.delete(event.pointerId);
    root.classList.remove('dragging');
    const [x, y] = local(event);
    if (event.type === 'pointerup' && press && press.moved <= CLICK_SLOP && event.button === 0 &&
        args.clickable !== false) {
      const i = areaAt(x, y);
      // A fresh value per click (t): clicking the same area again after choosing another one still counts.
      if (i >= 0) {
        // Drawn as selected at once; the page's rerun (the profile panel, the URL) follows and confirms it.
        clicked = {code: geometry.codes[i], before: args.selected ?? null};
        window.__areamapClick = {code: clicked.code, t: performance.timeOrigin + performance.now()};
        schedule();
        post('streamlit:setComponentValue', {value: {code: clicked.code, t: Date.now()}, dataType: 'json'});
      }
    }
    press = null;
  }

  root.addEventListener('pointerup', release);
  root.addEventListener('pointercancel', release);
  root.addEventListener('pointerleave', () => {
    if (!pointers.size) setHover(-1, 0, 0);
  });
  function showHint() {
    hint.textContent = (args && args.labels && args.labels.zoom_hint) || '';
    hint.style.display = hint.textContent ? 'block' : 'none';
    clearTimeout(hintTimer);
    hintTimer = setTimeout(() => { hint.style.display = 'none'; }, HINT_MS);
  }

  // The wheel scrolls the page (the event is left alone, so it reaches the page around the frame); ctrl/⌘+wheel
  // zooms the map, as does a trackpad pinch, which browsers report as a wheel event with ctrlKey.
  root.addEventListener('wheel', (event) => {
    if (!event.ctrlKey && !event.metaKey) {
      showHint();
      return;
    }
    event.preventDefault();
    const [x, y] = local(event);
    const step = event.deltaMode === 1 ? 0.1 : event.deltaMode === 2 ? 1 : 0.004; // a wheel notch: ~0.4 zoom level
    setHover(-1, x, y);
    zoomAt(x, y, -event.deltaY * step);
  }, {passive: false});

  zoomBox.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (!button || !view) return;
    if (button.dataset.zoom === 'reset') {
      fit();
      schedule();
    } else {
      zoomAt(width / 2, height / 2, button.dataset.zoom === 'in' ? BUTTON_STEP : -BUTTON_STEP);
    }
  });

  function labelButtons(labels) {
    for (const button of zoomBox.querySelectorAll('button')) {
      const text = labels[`zoom_${button.dataset.zoom}`] || '';
      button.setAttribute('aria-label', text);
      button.title = text;
    }
  }
  root.addEventListener('dblclick', (event) => {
    const [x, y] = local(event);
    zoomAt(x, y, event.shiftKey ? -1 : 1);
  });

  // --- Streamlit ---------------------------------------------------------------------------------------------------
  function hexToFill(hex) {
    const n = parseInt(hex.slice(1), 16);
    const over = (c) => Math.round(c * FILL_ALPHA + 255 * (1 - FILL_ALPHA)); // opaque: the same colour over white
    return `rgb(${over((n >> 16) & 255)}, ${over((n >> 8) & 255)}, ${over(n & 255)})`;
  }

  function render(newArgs) {
    received = performance.timeOrigin + performance.now();
    if (clicked && (newArgs.selected ?? null) !== clicked.before) clicked = null; // the page answered the click
    args = newArgs;
    fitHeight();
    root.setAttribute('aria-label', args.alt || '');
    labelButtons(args.labels || {});
    document.documentElement.lang = args.lang || 'nl';
    const styles = args.palette.map(hexToFill);
    const missing = styles[styles.length - 1];
    fills = args.classes.map((c) => (c >= 0 && c < styles.length - 1 ? styles[c] : missing));
    groups = null;
    if (args.geometry !== geometryUrl) {
      view = null;
      hover = -1;
      showTip(-1, 0, 0);
      loadGeometry(args.geometry, args.geometry_inline).catch((err) => {
        root.textContent = String(err);
      });
    }
    resize();
    schedule();
  }

  new ResizeObserver(resize).observe(root);
  window.addEventListener('message', (event) => {
    if (event.data && event.data.type === 'streamlit:render') render(event.data.args);
  });
  post('streamlit:componentReady', {apiVersion: 1});
})();
