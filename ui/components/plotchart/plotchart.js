// A plotly figure drawn with plotly.js' basic bundle (scatter, bar, pie: every trace these pages draw), as an
// st.components.v2 module in the page itself: the bundle is fetched and evaluated once per browser tab, and
// every chart of every page shares it (ui/components/plotchart/__init__.py says why).
// The app's own type and text colour (.streamlit/config.toml), as st.plotly_chart's theme sets them; a figure's
// own font settings win.
const FONT = { family: '"Source Sans", "Source Sans Pro", sans-serif', color: '#1a1a1a' };
// A box narrower than this (a phone) draws the figure with the layout patch it carries in layout.meta.narrow and
// the trace patches in layout.meta.narrow_traces (charts/narrow.py, which holds the same number); decided when the
// chart is drawn. There the mode bar (zoom, pan, download) is left out: it lay over the title, which on a phone
// takes the whole width (a phone zooms the page itself; the pages offer every chart's numbers as downloads).
const NARROW_PX = 600;

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

function patched(layout, patch) {
  const out = { ...layout };
  for (const [key, value] of Object.entries(patch)) {
    out[key] = isObject(value) && isObject(layout[key]) ? patched(layout[key], value) : value;
  }
  return out;
}

function layoutFor(layout, width) {
  const { narrow, narrow_traces: _, ...meta } = layout.meta || {};
  const own = { ...layout, meta };
  return narrow && width < NARROW_PX ? patched(own, narrow) : own;
}

// and its traces with theirs (layout.meta.narrow_traces: a patch or null per trace, in order)
function dataFor(data, layout, width) {
  const patches = width < NARROW_PX && layout.meta && layout.meta.narrow_traces;
  return patches ? data.map((trace, i) => (isObject(patches[i]) ? patched(trace, patches[i]) : trace)) : data;
}

// and its config without the mode bar
function configFor(config, width) {
  return width < NARROW_PX ? { ...config, displayModeBar: false } : config;
}

function loadPlotly(src) {
  if (!window.__wijkPlotly) {
    window.__wijkPlotly = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = new URL(src, window.location.href).href;
      script.async = true;
      script.onload = () => (window.Plotly ? resolve(window.Plotly) : reject(new Error('plotly did not load')));
      script.onerror = () => { window.__wijkPlotly = null; reject(new Error(`cannot load ${src}`)); };
      document.head.appendChild(script);
    });
  }
  return window.__wijkPlotly;
}

// Charts waiting to be drawn (box → its latest draw): one per frame, the one highest on the page first. The
// page's charts mount in no fixed order, and a chart drawn back to back with another kept the first off the screen
// (the small multiples of /trends take ~200 ms, its line chart ~70 ms: drawn first, the multiples held the line
// chart back for every reader whose tab mounted them first).
const waiting = new Map();
let drawing = false;

function afterNextPaint() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

function firstOnPage() {
  for (const box of waiting.keys()) if (!box.isConnected) waiting.delete(box); // its element left the page
  let first = null;
  for (const box of waiting.keys()) {
    if (first === null || first.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_PRECEDING) first = box;
  }
  return first;
}

async function drawWaiting(src) {
  drawing = true;
  let Plotly = null;
  try {
    Plotly = await loadPlotly(src);
  } catch (error) {
    for (const draw of waiting.values()) draw.fail(error);
    waiting.clear();
  }
  while (waiting.size) {
    await afterNextPaint(); // the chart drawn before is on the screen first
    const box = firstOnPage();
    if (box === null) break;
    const draw = waiting.get(box);
    waiting.delete(box);
    try {
      draw.run(Plotly);
    } catch (error) {
      draw.fail(error);
    }
  }
  drawing = false;
}

// Print draws the page at the sheet's width (A4: ~700 px), but a chart keeps the width it was drawn at on the screen
// and ran past the sheet's edge. Each drawn svg gets a viewBox of its own size (the screen is unchanged) and the box
// its aspect ratio, so the print rules (ui/page_scripts.py) can scale the whole chart down to the sheet.
function scalable(box) {
  const svgs = box.querySelectorAll('.main-svg');
  const width = Number(svgs.length && svgs[0].getAttribute('width'));
  const height = Number(svgs.length && svgs[0].getAttribute('height'));
  if (!width || !height) return;
  for (const svg of svgs) svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  box.style.setProperty('--plot-ratio', `${width} / ${height}`);
}

export default function ({ data, parentElement }) {
  let box = parentElement.querySelector('.wijk-plot');
  if (!box) {
    box = document.createElement('div');
    box.className = 'wijk-plot';
    box.setAttribute('role', 'figure'); // not 'img': the mode bar's buttons inside stay reachable (axe nested-interactive)
    parentElement.appendChild(box);
  }
  const figure = JSON.parse(data.figure);
  const width = parentElement.clientWidth || window.innerWidth;
  const layout = layoutFor(figure.layout || {}, width);
  const traces = dataFor(figure.data || [], figure.layout || {}, width);
  layout.font = { ...FONT, ...(layout.font || {}) };
  layout.separators = layout.separators || data.separators; // the page's language: 4.500 in Dutch
  box.setAttribute('aria-label', data.alt || '');
  box.style.minHeight = `${layout.height || 450}px`; // the page keeps its place while the bundle loads
  const fail = (error) => {
    box.textContent = data.failed || String(error);
    box.classList.add('wijk-plot-failed');
  };
  waiting.set(box, {
    fail,
    run(Plotly) {
      if (box.classList.contains('wijk-plot-failed')) { // an earlier load failed; this rerun's retry worked
        box.classList.remove('wijk-plot-failed');
        box.textContent = '';
      }
      Plotly.react(box, traces, layout, configFor(data.config || {}, width)).then(() => scalable(box), fail);
      if (!box.wijkScalable && box.on) { // each redraw (a resize of the window) sets the svgs' size anew
        box.wijkScalable = true;
        box.on('plotly_afterplot', () => scalable(box));
      }
    },
  });
  if (!drawing) drawWaiting(data.src);
}
