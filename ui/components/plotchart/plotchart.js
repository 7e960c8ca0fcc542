// A plotly figure drawn with plotly.js' basic bundle (scatter, bar, pie: every trace these pages draw), as an
// st.components.v2 module in the page itself: the bundle is fetched and evaluated once per browser tab, and
// every chart of every page shares it (ui/components/plotchart/__init__.py says why).
// The app's own type and text colour (.streamlit/config.toml), as st.plotly_chart's theme sets them; a figure's
// own font settings win.
const FONT = { family: '"Source Sans", "Source Sans Pro", sans-serif', color: '#1a1a1a' };

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

let turn = Promise.resolve(); // the last chart asked for: drawn, or failed (never rejects)

function afterNextPaint() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
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
  const layout = figure.layout || {};
  layout.font = { ...FONT, ...(layout.font || {}) };
  box.setAttribute('aria-label', data.alt || '');
  box.style.minHeight = `${layout.height || 450}px`; // the page keeps its place while the bundle loads
  // One chart per frame, in the order the page asked for them: a chart is drawn after the frame that showed the
  // one before it (drawn back to back, a second chart's 60-200 ms kept the first off the screen). The queue waits
  // for a chart's drawing to start, never for it to end: a chart whose box left the page cannot hold up the rest.
  const fail = (error) => {
    box.textContent = data.failed || String(error);
    box.classList.add('wijk-plot-failed');
  };
  turn = Promise.all([loadPlotly(data.src), turn.then(afterNextPaint)]).then(([Plotly]) => {
    if (box.classList.contains('wijk-plot-failed')) { // an earlier load failed; this rerun's retry worked
      box.classList.remove('wijk-plot-failed');
      box.textContent = '';
    }
    Plotly.react(box, figure.data || [], layout, data.config || {}).catch(fail);
  }, fail);
}
